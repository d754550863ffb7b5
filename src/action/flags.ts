/**
 * Every input as the command line shows it: which modes take it, its default and what it
 * means, for `bake-fanout <mode> --help`. action.yml says the same for the Action; a test
 * keeps the names and defaults of the two equal.
 */
import type { InputName, Mode } from './inputs.js'

/** Flags of the command line only: the Action has no input of these names. */
export type CommandLineFlag = 'run-id' | 'run-attempt' | 'format' | 'debug'

export interface Flag {
  name: InputName | CommandLineFlag
  modes: readonly Mode[]
  /** As action.yml's `default`, when it has one. */
  default?: string
  meaning: string
}

const BUILD: readonly Mode[] = ['matrix', 'append']
const WRITE: readonly Mode[] = ['append', 'verify']

export const FLAGS: readonly Flag[] = [
  {
    name: 'files',
    modes: BUILD,
    meaning: "bake files relative to --workdir (a cwd:// prefix is accepted); default: buildx's lookup",
  },
  {
    name: 'targets',
    modes: ['matrix', 'append', 'verify'],
    meaning:
      'targets or groups (verify: target names, whose records it acts on); default: the `default` group (verify: every target)',
  },
  { name: 'workdir', modes: BUILD, default: '.', meaning: 'directory the bake files are read from' },
  { name: 'set', modes: BUILD, meaning: 'bake override target.key=value (repeat the flag for more)' },
  {
    name: 'tags',
    modes: WRITE,
    meaning: "full tag refs that replace the bake definition's (append) or select the records (verify)",
  },
  { name: 'runners', modes: ['matrix'], meaning: 'platform-glob=label lines, first match wins' },
  { name: 'cache', modes: ['matrix'], default: 'none', meaning: 'none, or gha for per-entry cache-from/cache-to' },
  { name: 'max-entries', modes: ['matrix'], default: '256', meaning: "most matrix entries allowed (GitHub's limit)" },
  {
    name: 'format',
    modes: ['matrix'],
    default: 'json',
    meaning:
      'json, or gitlab: a GitLab child-pipeline YAML, one build job per entry (the runner label as its tags; --runners maps platforms to runner tags, default saas-linux-small-amd64/-arm64) and a publish job',
  },
  { name: 'metadata', modes: ['append'], meaning: 'bake metadata: JSON text, or a file holding it (required)' },
  { name: 'annotations', modes: WRITE, meaning: 'index annotations key=value (repeat the flag for more)' },
  {
    name: 'settle',
    modes: ['append'],
    default: '3',
    meaning: 'seconds the final guard waits before reading the tag again; 0: no guard',
  },
  { name: 'orphan-horizon', modes: ['append'], default: '30', meaning: 'seconds an ambiguous write may still land' },
  { name: 'defer', modes: ['append'], default: 'false', meaning: 'save the record, write no tag (verify writes them)' },
  { name: 'dry-run', modes: WRITE, default: 'false', meaning: 'print the plan, write nothing' },
  {
    name: 'records',
    modes: WRITE,
    meaning: "directory the run's records are written to and read from (shared by the run's jobs)",
  },
  {
    name: 'records-retention',
    modes: ['append'],
    default: '7',
    meaning: 'days record artifacts are kept (Actions only)',
  },
  {
    name: 'sign',
    modes: ['verify'],
    default: 'false',
    meaning:
      'sign each final index digest, keyless (Sigstore), as cosign v3 does; needs SIGSTORE_ID_TOKEN or GitHub OIDC',
  },
  {
    name: 'sign-tlog',
    modes: ['verify'],
    default: 'auto',
    meaning: 'auto (Rekor for a public repository, else a timestamp only), true (Rekor) or false (timestamp only)',
  },
  { name: 'sigstore-fulcio-url', modes: ['verify'], meaning: 'Fulcio base URL; default public-good' },
  { name: 'sigstore-rekor-url', modes: ['verify'], meaning: 'Rekor base URL; default public-good' },
  { name: 'sigstore-tsa-url', modes: ['verify'], meaning: 'timestamp authority URL; default public-good' },
  { name: 'sigstore-trusted-root', modes: ['verify'], meaning: 'trusted_root.json path; default public-good via TUF' },
  {
    name: 'cleanup',
    modes: ['verify'],
    default: 'false',
    meaning: 'on the GHCR registry, delete the untagged index versions this run wrote and superseded',
  },
  {
    name: 'github-token',
    modes: ['verify'],
    default: '${{ github.token }}',
    meaning: "token cleanup lists and deletes package versions with (the workflow's token; the CLI: GITHUB_TOKEN)",
  },
  {
    name: 'ghcr-registry',
    modes: WRITE,
    default: 'ghcr.io',
    meaning: 'the registry whose repositories are GitHub packages OWNER/NAME (GitHub Enterprise: containers.HOST)',
  },
  { name: 'prune', modes: ['verify'], default: 'false', meaning: 'remove platforms no record of this run names' },
  {
    name: 'partial',
    modes: ['verify'],
    default: 'false',
    meaning: 'in a defer run, publish although some platforms have no record',
  },
  {
    name: 'insecure-registries',
    modes: WRITE,
    meaning: 'hosts allowed over plain HTTP or unchecked TLS (loopback always is)',
  },
  {
    name: 'run-id',
    modes: WRITE,
    meaning:
      "the run the jobs share; default: the CI system's (GitHub, GitLab, Buildkite, Jenkins, CircleCI, Azure Pipelines), else local",
  },
  {
    name: 'run-attempt',
    modes: WRITE,
    meaning: "the run's attempt (a re-run is newer); default: the CI system's, else 1",
  },
  {
    name: 'debug',
    modes: ['matrix', 'append', 'verify'],
    default: 'false',
    meaning: 'print debug lines on stderr (as BAKE_FANOUT_DEBUG, or RUNNER_DEBUG=1)',
  },
]

export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set([
  'dry-run',
  'prune',
  'defer',
  'partial',
  'sign',
  'debug',
  'cleanup',
])

export function flagsOf(mode: Mode): Flag[] {
  return FLAGS.filter((f) => f.modes.includes(mode))
}
