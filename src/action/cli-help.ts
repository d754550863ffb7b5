/**
 * What the command line says about itself: the top-level help (each command in a line,
 * the environment it reads, where credentials come from, exit codes) and each mode's
 * flags. Pure text; a test keeps the flags' meanings and defaults equal to action.yml's.
 */
import { VERSION } from '../version.js'
import { type Flag, flagsOf } from './flags.js'
import type { Mode } from './inputs.js'

export const USAGE = `usage: bake-fanout <matrix|append|verify> [--flag value]...
       bake-fanout <matrix|append|verify> --help    the command's flags, with meaning and default
       bake-fanout help | version`

/** `bake-fanout --help` (and `help`): on stdout, exit 0. */
export function topLevelHelp(): string {
  return `bake-fanout ${VERSION}: build a multi-platform image with one job per platform, each on a
native runner, and merge every platform's digest into every tag, race-safe. The same code
as the GitHub Action, for GitLab CI, Buildkite, Jenkins, CircleCI, Azure Pipelines or a shell.

${USAGE}

commands:
  matrix    read the bake files; print one job per target and platform (JSON, or --format gitlab)
  append    after a platform job's bake: save its record, add its digest to every tag of its target
  verify    after all platform jobs: write each tag once from the run's records (repair, sign)
  version   print the version (also --version)
  help      this text (also --help); bake-fanout <command> --help lists the command's flags

Flags are named like the Action's inputs; a repeated flag adds a line. --debug, with any
command, prints debug lines on stderr.

output: stdout is one JSON object whose values are JSON values (matrix --format gitlab:
  YAML); logs and errors go to stderr.
exit status: 0 done; 1 failed (a registry, the network, a tag not written); 2 a usage
  error or a bad value, naming the flag (--cache, --files …), and nothing written.

credentials: as docker reads them, from $DOCKER_CONFIG/config.json (default
  ~/.docker/config.json), which \`docker login\` writes: \`auths\` (auth, identitytoken),
  \`credHelpers\` and \`credsStore\` (docker-credential-<name> get); each goes only to its
  registry (and that registry's token service), never to a redirect's other host.

environment:
  DOCKER_CONFIG                  the directory holding config.json (credentials)
  HTTPS_PROXY, HTTP_PROXY,       proxy for registry requests (lower-case names first);
    NO_PROXY                       NO_PROXY lists hosts and domains that go direct
  SIGSTORE_ID_TOKEN              the OIDC token verify --sign signs with (GitLab: id_tokens
                                   with aud: sigstore); inside GitHub Actions, GitHub's OIDC
  the run (--run-id, --run-attempt), the first system found:
    GitHub Actions               GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT
    GitLab CI                    CI_PIPELINE_ID
    Buildkite                    BUILDKITE_BUILD_NUMBER, BUILDKITE_RETRY_COUNT
    Jenkins                      BUILD_NUMBER (when JENKINS_URL is set)
    CircleCI                     CIRCLE_WORKFLOW_ID
    Azure Pipelines              BUILD_BUILDID, SYSTEM_JOBATTEMPT
    none of them                 run 'local', attempt 1
  BAKE_FANOUT_DEBUG, or          as --debug (RUNNER_DEBUG is what a GitHub re-run with
    RUNNER_DEBUG=1                 debug logging sets)
  GITHUB_STEP_SUMMARY            a file the job summary (markdown) is appended to
  bake file variables            read from the environment, as bake reads them
`
}

/** `bake-fanout <mode> --help`: every flag of the mode, its meaning and default. */
export function modeHelp(mode: Mode): string {
  const flags = flagsOf(mode)
  const width = Math.max(...flags.map((f) => f.name.length)) + 4
  return `usage: bake-fanout ${mode} [--flag value]...\n\nflags:\n${flags.map((f) => flagLine(f, width)).join('\n')}\n`
}

function flagLine(flag: Flag, width: number): string {
  const name = `--${flag.name}`.padEnd(width)
  return `  ${name}${flag.meaning}${flag.default !== undefined ? ` (default: ${flag.default})` : ''}`
}

/** The flag of the mode nearest to one mistyped (`--cahce` → `--cache`), when one is near. */
export function nearestFlag(mode: Mode, typed: string): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const { name } of flagsOf(mode)) {
    const distance = editDistance(typed, name)
    if (distance <= Math.max(1, Math.floor(name.length / 4)) && (!best || distance < best.distance))
      best = { name, distance }
  }
  return best?.name
}

/** Edits (insert, delete, substitute, swap two neighbours) from one name to the other. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j))
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  return d[a.length][b.length]
}
