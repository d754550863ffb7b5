/** Records of a run → what every tag must hold. Pure. */
import type { Descriptor } from '../oci/types.js'
import { imageEntries, platformOf } from '../image-index/entries.js'
import {
  type BuildRecord,
  DEFAULT_ORPHAN_HORIZON_SECONDS,
  fanoutKey,
  isNewerRecord,
  newestByPlatform,
  releaseOf,
} from '../records/record.js'
import { basePlatform, parsePlatform, platformKey } from '../image-index/platform.js'
import { parseTagReference } from '../oci/reference.js'

export interface PlatformChoice {
  platform: string
  record: BuildRecord
  /** Set when records disagree on this platform's digest (a re-run): says which won. */
  conflict?: string
}

export interface TagPlan {
  ref: string
  registry: string
  repository: string
  tag: string
  choices: PlatformChoice[]
  /**
   * The index annotations the appends write on this tag, from the records whose builds it
   * carries (the newest record wins a key), then the `annotations` input (which wins): a
   * tag that only verify writes (`defer`) carries its author's `annotation-index.*` too.
   */
  annotations: Array<[string, string]>
}

/** One plan per tag the records name; per platform, the newest record (a higher attempt, then a later time). */
export function planVerify(
  records: readonly BuildRecord[],
  annotations: ReadonlyArray<readonly [string, string]> = [],
): TagPlan[] {
  const tags = [...new Set(records.flatMap((r) => r.tags))]
  return tags.map((ref) => {
    const { registry, repository, tag } = parseTagReference(ref)
    const named = records.filter((r) => r.tags.includes(ref))
    const byPlatform = newestByPlatform(named)
    const choices = [...byPlatform].map(([platform, { newest: record, all: list }]): PlatformChoice => {
      const digests = new Set(list.map((r) => r.digest))
      if (digests.size < 2) return { platform, record }
      const conflict = `${platform}: ${list.length} records disagree; using attempt ${record.runAttempt} of ${record.createdAt} (${record.digest})`
      return { platform, record, conflict }
    })
    const chosen = [...new Set(choices.map((c) => c.record))]
    return { ref, registry, repository, tag, choices, annotations: tagAnnotations(chosen, annotations) }
  })
}

function tagAnnotations(
  records: readonly BuildRecord[],
  input: ReadonlyArray<readonly [string, string]>,
): Array<[string, string]> {
  const oldestFirst = [...records].sort((a, b) => (isNewerRecord(a, b) ? 1 : isNewerRecord(b, a) ? -1 : 0))
  const recorded = oldestFirst.flatMap((r) => Object.entries(r.indexAnnotations ?? {}))
  return [...new Map<string, string>([...recorded, ...input])]
}

/** What a verify changed in a tag, per platform, for the report. */
export function describeRepair(
  before: readonly Descriptor[],
  after: readonly Descriptor[],
  ours: ReadonlySet<string>,
): string[] {
  const digestOf = (list: readonly Descriptor[]) => new Map(imageEntries(list).map((e) => [platformOf(e), e.digest]))
  const was = digestOf(before)
  const now = digestOf(after)
  const notes: string[] = []
  for (const platform of ours) {
    if (!was.has(platform)) notes.push(`${platform} repaired (was missing)`)
    else if (was.get(platform) !== now.get(platform)) notes.push(`${platform} repaired (was stale)`)
  }
  for (const platform of was.keys()) if (!ours.has(platform) && !now.has(platform)) notes.push(`${platform} pruned`)
  return notes
}

/**
 * How long verify waits before its writes so that no append's abandoned write attempt
 * lands after them: one orphan horizon when a record has no completion mark (its job
 * crashed, was cancelled, or could not save the mark), and until any horizon a job
 * said it waited for has passed on this clock. Deferred records leave no write in flight.
 */
export function orphanWait(records: readonly BuildRecord[], now: number): { ms: number; incomplete: BuildRecord[] } {
  const writers = records.filter((r) => !r.deferred)
  // A re-run starts after its run ended: an earlier attempt superseded by a newer one of the same
  // job (release and platforms) has long had its orphans land or expire.
  const job = (r: BuildRecord) => `${releaseOf(r)} ${r.platforms.join(',')}`
  const newest = new Map<string, number>()
  for (const r of writers) newest.set(job(r), Math.max(newest.get(job(r)) ?? 0, r.runAttempt))
  const incomplete = writers.filter((r) => !r.completion && r.runAttempt === newest.get(job(r)))
  const horizons = incomplete.map((r) => (r.orphanHorizon ?? DEFAULT_ORPHAN_HORIZON_SECONDS) * 1000)
  const pending = writers.flatMap((r) =>
    r.completion?.horizonUntil ? [Date.parse(r.completion.horizonUntil) - now] : [],
  )
  return { ms: Math.max(0, ...horizons, ...pending), incomplete }
}

/**
 * Per release (a target in its fan-out, releaseOf), the platforms the target builds (as
 * its records state them) that no record of this run holds — a platform job that failed,
 * was cancelled or skipped. By default only in a `defer` run (all or nothing); signing
 * asks of every run. Records that state no target platforms (version 1; an append
 * without a bake file) cannot be checked.
 */
export function missingPlatforms(
  records: readonly BuildRecord[],
  { deferredOnly } = { deferredOnly: true },
): Map<string, Unbuilt> {
  const groups = new Map<string, BuildRecord[]>()
  for (const r of records) groups.set(releaseOf(r), [...(groups.get(releaseOf(r)) ?? []), r])
  const missing = new Map<string, Unbuilt>()
  for (const [release, group] of groups) {
    if (deferredOnly && !group.some((r) => r.deferred)) continue
    const base = (p: string) => basePlatform(platformKey(parsePlatform(p)))
    const have = new Set(group.flatMap((r) => r.platforms.map(base)))
    const need = new Set(group.flatMap((r) => (r.targetPlatforms ?? []).map(base)))
    const absent = [...need].filter((p) => !have.has(p)).sort()
    if (absent.length > 0) missing.set(release, { target: group[0].target, platforms: absent })
  }
  return missing
}

/** A release's platforms that no record of this run holds, and its target (to name it). */
export interface Unbuilt {
  target: string
  platforms: string[]
}

/**
 * A `defer` run publishes all or nothing: a release some of whose platforms have no
 * record of this run is refused (release → why), unless `partial`, which publishes what
 * was built and says what is missing (`partial`, the warnings).
 */
export function allOrNothing(
  missing: ReadonlyMap<string, Unbuilt>,
  partial: boolean,
): { refused: Map<string, string>; partial: string[] } {
  const refused = new Map<string, string>()
  const published: string[] = []
  for (const [release, { target, platforms }] of missing) {
    const what = `target ${target}: no record of this run for ${platforms.join(', ')} (its platform job failed, was cancelled or skipped)`
    if (partial) published.push(`${what}: publishing the platforms that were built (partial: true)`)
    else refused.set(release, `${what}: none of ${target}'s tags is written; 'partial: true' publishes what was built`)
  }
  return { refused, partial: published }
}

/**
 * Why a tag is not written, if it is not: a release it belongs to (a target in its
 * fan-out) was refused. Only the releases whose records name the tag count: a refused
 * release never holds back another's tags.
 */
export function refusalOf(
  ref: string,
  records: readonly BuildRecord[],
  refused: ReadonlyMap<string, string>,
): string | undefined {
  const held = records.find((r) => r.tags.includes(ref) && refused.has(releaseOf(r)))
  return held && refused.get(releaseOf(held))
}

/** Releases of a `defer` run whose records state no target platforms: all or nothing cannot be checked there. */
export function uncheckedReleases(records: readonly BuildRecord[]): string[] {
  const deferred = records.filter((r) => r.deferred)
  return [...new Set(deferred.filter((r) => !r.targetPlatforms).map((r) => r.target))]
}

/** verify given `tags`: only the records that name one of them, each narrowed to those tags. */
export function recordsForTags(records: readonly BuildRecord[], tags: readonly string[]): BuildRecord[] {
  const wanted = new Set(tags)
  return records.flatMap((r) => {
    const named = r.tags.filter((t) => wanted.has(t))
    return named.length > 0 ? [{ ...r, fanout: r.fanout ?? fanoutKey(r.tags), tags: named }] : []
  })
}
