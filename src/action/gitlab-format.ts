/**
 * `matrix --format gitlab` on the command line (the Action has no such input): GitLab's
 * runner tags instead of GitHub's labels after the user's `--runners` rules, no GitHub
 * cache, and stdout the child pipeline (src/matrix/gitlab.ts) instead of the JSON.
 */
import { InputError } from '../common/errors.js'
import { GITLAB_RUNNER_RULES, gitlabPipeline } from '../matrix/gitlab.js'
import type { MatrixEntry } from '../matrix/plan.js'
import { runnerFor } from '../matrix/runners.js'
import { VERSION } from '../version.js'
import type { Inputs } from './inputs.js'

/** The inputs as a GitLab pipeline needs them; refuses what cannot work there. */
export function forGitlab(inputs: Inputs): Inputs {
  if (inputs.cache === 'gha')
    throw new InputError(
      'cache',
      "'gha' is GitHub Actions' cache service, which GitLab jobs cannot reach (with --format gitlab, set a registry cache in the bake file)",
    )
  return { ...inputs, runners: [...inputs.runners, ...GITLAB_RUNNER_RULES] }
}

/** The child pipeline for matrix's outputs. */
export function gitlabOutput(outputs: Record<string, string>, inputs: Inputs): string {
  const entries = JSON.parse(outputs.matrix) as MatrixEntry[]
  const tags = JSON.parse(outputs.tags) as Record<string, string[]>
  return gitlabPipeline(entries, {
    files: inputs.files,
    workdir: inputs.workdir,
    set: inputs.set,
    tags,
    publishRunner: runnerFor('linux/amd64', inputs.runners),
    version: VERSION,
  })
}
