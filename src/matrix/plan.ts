/**
 * The `matrix` planner: resolved bake targets → one job per target × platform, or, over
 * `maxEntries`, targets that share a platform and a runner packed into one job. Pure.
 */
import type { ResolvedTarget } from '../bake/types.js'
import { InputError } from '../common/errors.js'
import { slugFor } from '../common/slug.js'
import { parseTagReference, repositoryName } from '../oci/reference.js'
import { type CacheMode, entryLines } from './entry-lines.js'
import { type RunnerLabel, type RunnerRule, needsQemu, runnerFor } from './runners.js'

export type { CacheMode } from './entry-lines.js'

export interface MatrixEntry {
  /** The target; in a packed entry, the targets, newline-separated (bake-action and append take them as they are). */
  target: string
  platform: string
  /** Same as `platform`: the name docker's own multi-runner examples use. */
  platforms: string
  runner: RunnerLabel
  qemu: boolean
  slug: string
  /**
   * The target's full tag refs, newline-separated, fixed here once for every platform job
   * (`${{ matrix.tags }}`); in a packed entry each line is `target=ref`.
   */
  tags: string
  /** Newline-separated bake overrides for docker/bake-action. */
  set: string
}

export interface MatrixOptions {
  runners: readonly RunnerRule[]
  cache: CacheMode
  /** The user's own overrides, forwarded so the build job builds what was resolved here. */
  set: readonly string[]
  /** GitHub refuses a job matrix of more than 256 entries: more are packed. */
  maxEntries: number
  /** The most the matrix output may weigh as GitHub counts it (UTF-16 bytes); default MATRIX_OUTPUT_BUDGET_BYTES. */
  maxOutputBytes?: number
}

export const GITHUB_MATRIX_LIMIT = 256

/**
 * GitHub passes at most 1 MB of outputs per job, counted as UTF-16 (two bytes a
 * character): the matrix leaves a little of it for a few small outputs beside it.
 */
export const MATRIX_OUTPUT_BUDGET_BYTES = 1_000_000

/**
 * Keys this planner decides per entry from the resolution, which already holds the
 * user's lines for them: forwarding those lines too would add to what the entry sets.
 */
const PLANNED_KEYS = new Set(['tags', 'platform', 'output', 'push', 'load', 'cache-from', 'cache-to'])

/** One target built for one platform: the unit entries are made of. */
interface Job {
  target: ResolvedTarget
  platform: string
  runner: RunnerLabel
  slug: string
  lines: string[]
}

export function buildMatrix(targets: readonly ResolvedTarget[], options: MatrixOptions): MatrixEntry[] {
  const forwarded = options.set.filter((line) => !PLANNED_KEYS.has(overrideKey(line)))
  const jobs = targets.flatMap((target) => jobsOf(target, options))
  checkSlugs(jobs)
  if (options.maxEntries < 1) throw new InputError('max-entries', 'must be at least 1')
  const groups = jobs.length > options.maxEntries ? packJobs(jobs, options.maxEntries) : jobs.map((job) => [job])
  const entries = groups.map((group) => entryOf(group, forwarded))
  return checkOutputSize(entries, jobs.length, options.maxOutputBytes ?? MATRIX_OUTPUT_BUDGET_BYTES)
}

/** A matrix GitHub would cut off or refuse is refused here, with its size, before any job runs. */
function checkOutputSize(entries: MatrixEntry[], jobs: number, max: number): MatrixEntry[] {
  const bytes = JSON.stringify(entries).length * 2
  if (bytes > max) {
    const kb = (n: number) => `${Math.round(n / 1000)} kB`
    throw new InputError(
      'targets',
      `the matrix of ${jobs} jobs is ${kb(bytes)} as GitHub counts a job's outputs (UTF-16), over the ${kb(max)} it may take of GitHub's 1 MB: split the targets over several matrix jobs (a group each)`,
    )
  }
  return entries
}

function jobsOf(target: ResolvedTarget, options: MatrixOptions): Job[] {
  const repositories = repositoriesOf(target.tags)
  return target.platforms.map((platform) => ({
    target,
    platform,
    runner: runnerFor(platform, options.runners),
    slug: slugFor(target.name, platform),
    lines: entryLines(target, platform, repositories, options.cache),
  }))
}

function checkSlugs(jobs: readonly Job[]): void {
  const slugs = new Map<string, string>()
  for (const { target, platform, slug } of jobs) {
    const clash = slugs.get(slug)
    if (clash) throw new InputError('targets', `'${target.name}' ${platform} and ${clash} share the slug '${slug}'`)
    slugs.set(slug, `'${target.name}' ${platform}`)
  }
}

function entryOf(group: readonly Job[], forwarded: readonly string[]): MatrixEntry {
  const [first] = group
  const packed = group.length > 1
  const tags = group.flatMap(({ target }) => target.tags.map((tag) => (packed ? `${target.name}=${tag}` : tag)))
  return {
    target: group.map((job) => job.target.name).join('\n'),
    platform: first.platform,
    platforms: first.platform,
    runner: first.runner,
    qemu: needsQemu(first.platform, first.runner),
    slug: packed ? `${first.slug}-and-${group.length - 1}-more` : first.slug,
    tags: tags.join('\n'),
    set: setLines(group, forwarded).join('\n'),
  }
}

/**
 * The forwarded lines, then each job's. A packed entry builds its targets and their bases
 * for one platform, all with tags cleared: one `*` line each says so (a job's output
 * is GitHub's to carry, 1 MB at most); a base two targets share is set once (bake would
 * add up repeated lines).
 */
function setLines(group: readonly Job[], forwarded: readonly string[]): string[] {
  const lines = group.flatMap((job) => job.lines)
  if (group.length === 1) return [...forwarded, ...lines]
  const shared = [`*.platform=${group[0].platform}`, '*.tags=']
  const own = lines.filter((line) => !/^[\w-]+\.(platform=|tags=$)/.test(line))
  return [...new Set([...forwarded, ...shared, ...own])]
}

/**
 * Packs the jobs of one platform and runner into as few entries as fit in `max`, the
 * same number of targets (±1) in each: the smallest pack size whose entries fit. A file
 * with more platform × runner pairs than `max` cannot fit and is refused.
 */
function packJobs(jobs: readonly Job[], max: number): Job[][] {
  const byKey = new Map<string, Job[]>()
  for (const job of jobs) {
    const key = `${job.platform}\n${JSON.stringify(job.runner)}`
    byKey.set(key, [...(byKey.get(key) ?? []), job])
  }
  const groups = [...byKey.values()]
  if (groups.length > max) {
    throw new InputError(
      'targets',
      `the matrix needs ${jobs.length} jobs over ${groups.length} platform × runner pairs; GitHub allows at most ${max} per job matrix, and packing cannot go below one entry per pair (split the targets over several jobs)`,
    )
  }
  let size = Math.ceil(jobs.length / max)
  const entriesFor = (n: number) => groups.reduce((sum, g) => sum + Math.ceil(g.length / n), 0)
  while (entriesFor(size) > max) size++
  return groups.flatMap((group) => evenChunks(group, Math.ceil(group.length / size)))
}

/** `items` in `count` consecutive chunks whose sizes differ by at most one. */
function evenChunks<T>(items: readonly T[], count: number): T[][] {
  const chunks: T[][] = []
  let start = 0
  for (let i = 0; i < count; i++) {
    const end = start + Math.floor(items.length / count) + (i < items.length % count ? 1 : 0)
    chunks.push(items.slice(start, end))
    start = end
  }
  return chunks
}

/** Distinct repositories (`registry/path`) of full tag refs, in first-seen order. */
export function repositoriesOf(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => repositoryName(parseTagReference(tag))))]
}

function overrideKey(line: string): string {
  const key = line.slice(0, Math.max(0, line.indexOf('='))).replace(/\+$/, '')
  return key.split('.')[1] ?? ''
}
