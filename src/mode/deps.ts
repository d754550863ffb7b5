/** What every mode gets from its entry (Action or CLI), and what it gives back. */
import type { Exec } from '../common/exec.js'
import type { Logger } from '../common/log.js'
import type { ArtifactService } from '../records/store.js'
import type { RunIdentity } from '../records/record.js'
import type { GithubIdToken } from '../signing/id-token.js'
import type { Clock } from '../common/clock.js'
import type { RetryPolicy } from '../registry/retry.js'

export interface Deps {
  exec: Exec
  env: Readonly<Record<string, string | undefined>>
  log: Logger
  /** The run, when the entry names it (the CLI's --run-id); else read from the CI system's environment. */
  run?: RunIdentity
  /** GitHub's OIDC token for an audience, when the entry can ask the runner for one (verify's `sign`). */
  idToken?: GithubIdToken
  /** Test seams; the defaults are the real ones. */
  clock?: Clock
  retry?: RetryPolicy
  artifacts?: (env: Deps['env']) => Promise<ArtifactService>
}

export interface ModeResult {
  /** Action outputs (the CLI prints them). */
  outputs: Record<string, string>
  /** Job summary markdown. */
  summary: string
  /** Set when the step must fail after reporting (some tags failed; others were still handled). */
  failure?: string
}
