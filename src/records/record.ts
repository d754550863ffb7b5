/**
 * A record: what one append built and where it belongs (docs/design.md, "Records"),
 * the run's source of truth for appends and verify. Pure: the shape, its validation
 * and its name.
 */
import { isJsonObject } from '../common/json.js'
import { formatPlatform, isWellFormedPlatform, parsePlatform, platformKey } from '../image-index/platform.js'
import { type RunIdentity, isRunId } from '../image-index/runs.js'
import { assertDigest, normalizeTag, parseReference, repositoryName } from '../oci/reference.js'
import type { Descriptor } from '../oci/types.js'
import { type WrittenIndex, parseWritten } from './written.js'

export type { WrittenIndex } from './written.js'
export { RECORD_PREFIX, fanoutKey, recordName } from './names.js'
import { fanoutKey } from './names.js'

export interface BuildRecord {
  /** 2 since records carry `entries` and `targetPlatforms`; version 1 records are still read. */
  version: 1 | 2
  target: string
  platforms: string[]
  /** Every platform the target builds (verify's all-or-nothing check in a `defer` run). */
  targetPlatforms?: string[]
  /** The descriptors the index carries for this build (images with platforms, attestations): no GET needed. */
  entries?: Descriptor[]
  digest: string
  mediaType: string
  size: number
  /** Repositories the digest was pushed to. */
  repositories: string[]
  /** Full tag refs the platforms belong in. */
  tags: string[]
  /** ISO time the record was made (before any tag write): the build's time, newest wins. */
  createdAt: string
  /** The workflow run (GITHUB_RUN_ID; `local` outside Actions): records of other runs are ignored. */
  runId: string
  runAttempt: number
  /** The job's orphan horizon, in seconds: what verify waits when the job left no completion mark. */
  orphanHorizon?: number
  /** Saved by a `defer` append: its job writes no tag, so it leaves no write in flight. */
  deferred?: boolean
  /** The index annotations the job writes on its tags (its author's `annotation-index.*`, then append's input): verify writes them too. */
  indexAnnotations?: Record<string, string>
  /** Merged in when read: the job's completion mark, if it saved one (never part of the record's own file). */
  completion?: Completion
  /** The fan-out key of the record's tag set, set when read (kept when verify narrows `tags`). */
  fanout?: string
}

/** What a job says of itself when it ends, in a separate small record (never by replacing the build record). */
export interface Completion {
  completedAt: string
  /** The last orphan horizon the job waited for (ISO time), if any write of it was ambiguous. */
  horizonUntil?: string
  /** The indexes the job PUT to this record's tags (saved after its writes: what verify's cleanup may delete). */
  written?: WrittenIndex[]
}

/** A completion mark as stored: the completion and the build record it belongs to. */
export interface CompletionRecord extends Completion {
  version: 1
  /** The fan-out key: two fan-outs can build the same digest of one target in one run. */
  fanout: string
  target: string
  platforms: string[]
  digest: string
  runId: string
  runAttempt: number
}

/** The orphan horizon verify assumes for a record that names none (the input's default). */
export const DEFAULT_ORPHAN_HORIZON_SECONDS = 30

/** A run as records name it (image-index/runs.ts): the jobs of one run share its records; a newer run (or attempt) wins. */
export type { RunIdentity } from '../image-index/runs.js'

/**
 * The run a mode belongs to, from the CI system's environment: GitHub's run id and
 * attempt, GitLab's pipeline, Buildkite's build number, Jenkins' build number,
 * CircleCI's workflow, Azure Pipelines' build id (and job attempt); else `local`.
 * Numeric ids order runs; others (CircleCI's) fall back to build time.
 */
export function currentRun(env: Readonly<Record<string, string | undefined>>): RunIdentity {
  const systems: Array<[string | undefined, string | undefined]> = [
    [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT],
    [env.CI_PIPELINE_ID, undefined],
    [env.BUILDKITE_BUILD_NUMBER, env.BUILDKITE_RETRY_COUNT && String(Number(env.BUILDKITE_RETRY_COUNT) + 1)],
    [env.JENKINS_URL ? env.BUILD_NUMBER : undefined, undefined],
    [env.CIRCLE_WORKFLOW_ID, undefined],
    [env.BUILD_BUILDID, env.SYSTEM_JOBATTEMPT],
  ]
  const [id, attempt] = systems.find(([runId]) => runId) ?? ['local', undefined]
  return { runId: id!, runAttempt: Number(attempt ?? 1) || 1 }
}

/** Between two records of one platform: the higher attempt, then the later time. */
export function isNewerRecord(a: BuildRecord, b: BuildRecord): boolean {
  if (a.runAttempt !== b.runAttempt) return a.runAttempt > b.runAttempt
  return Date.parse(a.createdAt) > Date.parse(b.createdAt)
}

/** For each platform the records name, the newest record; with every record of that platform. */
export function newestByPlatform(
  records: readonly BuildRecord[],
): Map<string, { newest: BuildRecord; all: BuildRecord[] }> {
  const byPlatform = new Map<string, { newest: BuildRecord; all: BuildRecord[] }>()
  for (const record of records) {
    for (const platform of record.platforms) {
      const seen = byPlatform.get(platform)
      if (!seen) byPlatform.set(platform, { newest: record, all: [record] })
      else {
        seen.all.push(record)
        if (isNewerRecord(record, seen.newest)) seen.newest = record
      }
    }
  }
  return byPlatform
}

/** The completion mark of a build record. */
export function completionOf(record: BuildRecord, completion: Completion): CompletionRecord {
  const { target, platforms, digest, runId, runAttempt } = record
  return { version: 1, fanout: fanoutKey(record.tags), target, platforms, digest, runId, runAttempt, ...completion }
}

/** What ties a completion mark to its build record: the same job's build, in the same fan-out. */
export function completionKey(r: {
  runId: string
  runAttempt: number
  target: string
  digest: string
  fanout?: string
}): string {
  return JSON.stringify([r.runId, r.runAttempt, r.target, r.digest, r.fanout ?? ''])
}

/** A target within its fan-out: what verify publishes, or refuses, as one. */
export function releaseOf(record: BuildRecord): string {
  return `${record.target} ${record.fanout ?? fanoutKey(record.tags)}`
}

/** A stored file: a build record, or a completion mark (it has `completedAt`). */
export function parseStored(json: unknown, source: string): { record: BuildRecord } | { completion: CompletionRecord } {
  if (isJsonObject(json) && 'completedAt' in json) return { completion: parseCompletion(json, source) }
  return { record: parseRecord(json, source) }
}

function parseCompletion(json: Record<string, unknown>, source: string): CompletionRecord {
  const fail = failure(source)
  const time = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v))
  if (!time(json.completedAt) || (json.horizonUntil !== undefined && !time(json.horizonUntil)))
    fail('a completion mark needs ISO times')
  const fanout =
    typeof json.fanout === 'string' && /^[0-9a-f]{10}$/.test(json.fanout) ? json.fanout : fail('no fan-out key')
  return {
    version: 1,
    fanout,
    ...parseJob(json, source),
    completedAt: json.completedAt as string,
    ...(json.horizonUntil !== undefined && { horizonUntil: json.horizonUntil as string }),
    ...(json.written !== undefined && { written: parseWritten(json.written, fail) }),
  }
}

const TARGET_NAME = /^[A-Za-z0-9_-]{1,128}$/

/** A file that is no valid record. Its message names the file and the field, never a value it holds. */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError'
}

const failure =
  (source: string) =>
  (what: string): never => {
    throw new InvalidRecordError(`record ${source}: ${what}`)
  }

/** A value a parser checks whose own error would quote it: a record's values are not echoed, only the field is named. */
function checked<T>(what: string, fail: (what: string) => never, parse: () => T): T {
  try {
    return parse()
  } catch {
    return fail(`${what} is not valid`)
  }
}

function strings(v: unknown, what: string, fail: (what: string) => never): string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
    ? (v as string[])
    : fail(`${what} must be a non-empty list`)
}

/** The fields that name a job's build: the same in a record and in its completion mark. */
function parseJob(json: Record<string, unknown>, source: string) {
  const fail = failure(source)
  // What records say is printed and compared: only plain names (bake's own target-name rule).
  if (typeof json.target !== 'string' || !TARGET_NAME.test(json.target)) fail('no target, or not a bake target name')
  const platforms = strings(json.platforms, 'platforms', fail).map((p) =>
    checked('a platform', fail, () => formatPlatform(parsePlatform(p))),
  )
  const digest = checked('digest', fail, () => assertDigest(json.digest, 'digest'))
  const runAttempt = typeof json.runAttempt === 'number' ? json.runAttempt : 1
  // Records of before runId was kept cannot be told apart by run: they count as local.
  const runId = json.runId === undefined || json.runId === '' ? 'local' : json.runId
  if (!isRunId(runId)) fail('runId is not a run id')
  if (!Number.isInteger(runAttempt) || runAttempt < 1) fail('runAttempt is not a positive whole number')
  return { target: json.target as string, platforms, digest, runId: runId as string, runAttempt }
}

/** Validates a record read back from storage; `source` names it in errors. */
export function parseRecord(json: unknown, source: string): BuildRecord {
  const fail = failure(source)
  if (!isJsonObject(json) || (json.version !== 1 && json.version !== 2))
    return fail('not a version 1 or 2 bake-fanout record')
  const job = parseJob(json, source)
  const repositories = strings(json.repositories, 'repositories', fail).map((r) =>
    checked('a repository', fail, () => repositoryName(parseReference(r))),
  )
  const tags = strings(json.tags, 'tags', fail).map((t) => checked('a tag', fail, () => normalizeTag(t)))
  if (typeof json.mediaType !== 'string' || typeof json.size !== 'number') fail('no mediaType or size')
  const createdAt =
    typeof json.createdAt === 'string' && !Number.isNaN(Date.parse(json.createdAt))
      ? json.createdAt
      : fail('no createdAt')
  const v2 = json.version === 2 && {
    ...(json.targetPlatforms !== undefined && {
      targetPlatforms: strings(json.targetPlatforms, 'targetPlatforms', fail).map((p) =>
        checked('a target platform', fail, () => formatPlatform(parsePlatform(p))),
      ),
    }),
    entries: parseEntries(json.entries, fail),
    ...(json.indexAnnotations !== undefined && {
      indexAnnotations: parseIndexAnnotations(json.indexAnnotations, fail),
    }),
  }
  return {
    version: json.version as 1 | 2,
    ...job,
    ...v2,
    mediaType: json.mediaType as string,
    size: json.size as number,
    repositories,
    tags,
    fanout: fanoutKey(tags),
    createdAt,
    ...(typeof json.orphanHorizon === 'number' && json.orphanHorizon >= 0 && { orphanHorizon: json.orphanHorizon }),
    ...(json.deferred === true && { deferred: true }),
  }
}

/**
 * What is wrong with a record whose digest the registry holds as `actual` platforms, if
 * anything: a record is believed only when its digest holds exactly the platforms it
 * claims (a lying record would put another platform in the one it names).
 */
export function recordMismatch(record: BuildRecord, actual: readonly string[]): string | undefined {
  const key = (p: string) => platformKey(parsePlatform(p))
  const claimed = [...new Set(record.platforms.map(key))].sort()
  const held = [...new Set(actual.map(key))].sort()
  if (claimed.join() === held.join()) return undefined
  return `the record of ${record.target} (attempt ${record.runAttempt}) says ${claimed.join(', ')}, but ${record.digest} holds ${held.join(', ') || 'no platform image'}`
}

/** Keys and values as an index carries them: strings, a key never empty. */
function parseIndexAnnotations(value: unknown, fail: (what: string) => never): Record<string, string> {
  if (!isJsonObject(value)) return fail('indexAnnotations is not an object')
  const pairs = Object.entries(value)
  if (pairs.some(([key, v]) => key === '' || typeof v !== 'string')) fail('indexAnnotations must map keys to strings')
  return Object.fromEntries(pairs) as Record<string, string>
}

/** A record's entries, each a descriptor as the index will carry it: validated like anything read. */
function parseEntries(value: unknown, fail: (what: string) => never): Descriptor[] {
  if (!Array.isArray(value) || value.length === 0) return fail('entries must be a non-empty list')
  return value.map((entry: unknown, i) => {
    const what = `entries[${i}]`
    if (!isJsonObject(entry)) return fail(`${what} is not a descriptor`)
    const { mediaType, digest, size, platform, annotations } = entry
    if (typeof mediaType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(mediaType)) fail(`${what} has no media type`)
    checked(`${what} digest`, fail, () => assertDigest(digest, 'digest'))
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) fail(`${what} has no size`)
    if (platform !== undefined && !isWellFormedPlatform(platform)) fail(`${what} names a platform that cannot be read`)
    if (
      annotations !== undefined &&
      !(isJsonObject(annotations) && Object.values(annotations).every((v) => typeof v === 'string'))
    )
      fail(`${what} has annotations that are not strings`)
    return entry as unknown as Descriptor
  })
}
