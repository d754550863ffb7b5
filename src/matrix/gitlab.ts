/**
 * `matrix --format gitlab`: the matrix as a GitLab child pipeline, so platforms are
 * written once, in the bake file. One build job per matrix entry — on the runner its
 * entry names, as the job's `tags` — bakes the entry's targets with the entry's `--set`
 * lines (the platform, tags cleared, push by digest) and saves its record with
 * `append --defer`; one publish job then writes every tag once (`verify`). GitLab passes
 * files only between stages (artifacts), so the jobs of a stage cannot share a records
 * directory while they run: defer + verify is the race-free shape there. Pure.
 *
 * Every value from outside (set lines, targets, tags) reaches the shell as one word,
 * single-quoted, and YAML as a double-quoted scalar; variables holding them are not
 * expanded by GitLab (`expand: false`).
 */
import { InputError } from '../common/errors.js'
import { shellWord } from '../common/shell-word.js'
import { type YamlValue, yamlDocument } from '../common/yaml.js'
import { parsePlatform } from '../image-index/platform.js'
import type { MatrixEntry } from './plan.js'
import type { RunnerLabel, RunnerRule } from './runners.js'

/** The current Docker major (CLI image and its dind service). */
export const DOCKER_IMAGE = 'docker:29'
/** The publish job needs node only: the bundle has no dependency to install. */
export const NODE_IMAGE = 'node:24-alpine'
/** GitLab's own `needs` limit per job (gitlab.com); above it, publish waits for the stage instead. */
export const GITLAB_NEEDS_LIMIT = 50

/**
 * GitLab.com's hosted runners by tag, every tier: arm on the arm64 runner, the rest on
 * amd64. Used after the user's `--runners` rules, instead of GitHub's labels.
 */
export const GITLAB_RUNNER_RULES: readonly RunnerRule[] = [
  { pattern: 'linux/arm64*', label: 'saas-linux-small-arm64' },
  { pattern: 'linux/arm/*', label: 'saas-linux-small-arm64' },
  { pattern: '*', label: 'saas-linux-small-amd64' },
]

export interface GitlabPipelineOptions {
  /** Bake files as matrix read them, relative to `workdir` (a `cwd://` prefix is dropped). */
  files: readonly string[]
  workdir: string
  /** The user's own `--set` lines: append resolves the targets (their platforms) with them too. */
  set: readonly string[]
  /** Full tag refs of each target (the matrix's `tags` output), fixed here for every job. */
  tags: Readonly<Record<string, readonly string[]>>
  /** The runner the publish job runs on. */
  publishRunner: RunnerLabel
  /** This tool's version, said in the header. */
  version: string
}

/** Shell text of ours, written as it is; every other word is quoted (`shellWord`). */
class Raw {
  constructor(readonly text: string) {}
}
type Word = string | Raw

/** The user's command, split into words on purpose (`npx --yes ./vendor/bake-fanout-1.0.0.tgz`). */
const BAKE_FANOUT = new Raw('$BAKE_FANOUT')
const RECORDS = new Raw('"$CI_PROJECT_DIR/bake-fanout-records"')
const METADATA = new Raw('"$CI_PROJECT_DIR/bake-fanout-metadata.json"')

/** Credentials for docker and bake-fanout alike: DOCKER_AUTH_CONFIG when set, else the project's registry. */
const LOGIN = [
  'mkdir -p ~/.docker',
  `if [ -n "$DOCKER_AUTH_CONFIG" ]; then printf '%s' "$DOCKER_AUTH_CONFIG" > ~/.docker/config.json; elif [ -n "$CI_REGISTRY" ]; then printf '{"auths":{"%s":{"auth":"%s"}}}' "$CI_REGISTRY" "$(printf '%s:%s' "$CI_REGISTRY_USER" "$CI_REGISTRY_PASSWORD" | base64 | tr -d '\\n')" > ~/.docker/config.json; fi`,
]

export function gitlabPipeline(entries: readonly MatrixEntry[], options: GitlabPipelineOptions): string {
  const builds = entries.map((entry) => [buildJobName(entry), buildJob(entry, options)] as const)
  const root: Record<string, YamlValue> = {
    stages: ['build', 'publish'],
    // The command as docs/ci/gitlab.md installs it (a tarball committed under vendor/); a trigger job's variables win.
    variables: { BAKE_FANOUT: `npx --yes ./vendor/bake-fanout-${options.version}.tgz` },
    ...Object.fromEntries(builds),
    publish: publishJob(
      builds.map(([name]) => name),
      options,
    ),
  }
  return yamlDocument(root, [
    `bake-fanout ${options.version} matrix --format gitlab: a GitLab child pipeline (include it with`,
    'trigger: include: artifact). One build job per matrix entry on the runner tagged as its entry says,',
    'then publish writes every tag once from the records the build jobs saved.',
  ])
}

/** `build:<slug>`: the slug is safe in names; one entry, one job. */
export function buildJobName(entry: MatrixEntry): string {
  return `build:${entry.slug}`
}

function buildJob(entry: MatrixEntry, options: GitlabPipelineOptions): Record<string, YamlValue> {
  const targets = targetsOf(entry)
  const setLines = linesOf(entry.set)
  const bake: Word[] = [
    'docker',
    'buildx',
    'bake',
    ...fileArgs(options, '--file'),
    ...setLines.flatMap((l) => ['--set', l]),
  ]
  const appends = targets.map((target) =>
    command(
      [BAKE_FANOUT, 'append', ...fileArgs(options, '--files'), '--targets', target],
      (options.tags[target] ?? linesOf(entry.tags)).flatMap((tag) => ['--tags', tag]),
      options.set.flatMap((line) => ['--set', line]),
      ['--metadata', METADATA, '--defer', '--records', RECORDS],
    ),
  )
  return {
    stage: 'build',
    needs: [],
    tags: runnerTags(entry.runner),
    image: DOCKER_IMAGE,
    services: [`${DOCKER_IMAGE}-dind`],
    variables: {
      DOCKER_TLS_CERTDIR: '/certs',
      BAKE_FANOUT_TARGET: literal(entry.target),
      BAKE_FANOUT_PLATFORM: literal(entry.platform),
      BAKE_FANOUT_TAGS: literal(entry.tags),
      BAKE_FANOUT_SET: literal(entry.set),
    },
    before_script: ['apk add --no-cache nodejs npm', ...LOGIN, 'docker buildx create --use'],
    script: [
      ...(entry.qemu
        ? [command(['docker', 'run', '--privileged', '--rm', 'tonistiigi/binfmt', '--install'], [emulated(entry)])]
        : []),
      ...cd(options.workdir),
      command(bake, ['--metadata-file', METADATA], targets),
      ...appends,
    ],
    artifacts: { paths: ['bake-fanout-records/'], expire_in: '1 week' },
  }
}

function publishJob(builds: readonly string[], options: GitlabPipelineOptions): Record<string, YamlValue> {
  return {
    stage: 'publish',
    // Over GitLab's needs limit, the stage order alone waits for every build job and brings their artifacts.
    ...(builds.length <= GITLAB_NEEDS_LIMIT && { needs: builds.map((job) => ({ job, artifacts: true })) }),
    tags: runnerTags(options.publishRunner),
    image: NODE_IMAGE,
    before_script: LOGIN,
    script: [command([BAKE_FANOUT, 'verify', '--records', RECORDS])],
  }
}

/** The entry's runner as GitLab tags (a job runs on a runner holding all of them). */
export function runnerTags(runner: RunnerLabel): string[] {
  if (typeof runner === 'string') return [runner]
  if (Array.isArray(runner)) return [...runner]
  if (runner.group !== undefined || runner.labels === undefined)
    throw new InputError(
      'runners',
      `${JSON.stringify(runner)}: runner groups are GitHub's; GitLab picks runners by tags (give a tag, or a JSON array of tags)`,
    )
  return [runner.labels].flat()
}

/** A target several entries may share (packed entries hold several, one per line). */
function targetsOf(entry: MatrixEntry): string[] {
  return linesOf(entry.target)
}

function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

/** The bake files, as bake (`--file`) or bake-fanout (`--files`) takes them. */
function fileArgs(options: GitlabPipelineOptions, flag: '--file' | '--files'): string[] {
  return options.files.flatMap((file) => [flag, file.replace(/^cwd:\/\//, '')])
}

function cd(workdir: string): string[] {
  return workdir === '.' || workdir === '' ? [] : [command(['cd', '--', workdir])]
}

/** The architecture binfmt must emulate (`arm`, `riscv64` …). */
function emulated(entry: MatrixEntry): string {
  return parsePlatform(entry.platform).architecture
}

/** A variable GitLab hands over as written: `$` in it is not a reference. */
function literal(value: string): YamlValue {
  return { value, expand: false }
}

/** One shell command line: our own text as it is, every other word quoted for POSIX sh (GitLab's Linux shells). */
function command(...parts: ReadonlyArray<readonly Word[]>): string {
  return parts
    .flat()
    .map((word) => (word instanceof Raw ? word.text : shellWord(word)))
    .join(' ')
}

export { shellWord }
