/**
 * A record: what one append built and where it belongs (docs/design.md, "Records"),
 * the run's source of truth for appends and verify. Pure: the shape, its validation
 * and its name.
 */
import { isJsonObject } from '../bake/types.js'
import { slugFor } from '../common/slug.js'
import { formatPlatform, parsePlatform } from '../index-model/platform.js'
import { assertDigest, normalizeTag, parseReference, repositoryName } from '../oci/reference.js'

export interface BuildRecord {
  version: 1
  target: string
  platforms: string[]
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
}

/** The run a mode belongs to, from the runner's environment. */
export function currentRun(env: Readonly<Record<string, string | undefined>>): { runId: string; runAttempt: number } {
  return { runId: env.GITHUB_RUN_ID || 'local', runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1) || 1 }
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

export const RECORD_PREFIX = 'bake-fanout-'

/** `bake-fanout-<slug>`: the artifact name (unique within a run, as the matrix slugs are). */
export function recordName(target: string, platforms: readonly string[]): string {
  return RECORD_PREFIX + platforms.map((p) => slugFor(target, p)).join('_')
}

/** Validates a record read back from storage; `source` names it in errors. */
export function parseRecord(json: unknown, source: string): BuildRecord {
  const fail = (what: string): never => {
    throw new Error(`record ${source}: ${what}`)
  }
  if (!isJsonObject(json) || json.version !== 1) return fail('not a version 1 bake-fanout record')
  const strings = (v: unknown, what: string): string[] =>
    Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
      ? (v as string[])
      : fail(`${what} must be a non-empty list`)
  if (typeof json.target !== 'string' || json.target === '') fail('no target')
  const platforms = strings(json.platforms, 'platforms').map((p) => formatPlatform(parsePlatform(p)))
  const digest = assertDigest(json.digest, `record ${source} digest`)
  const repositories = strings(json.repositories, 'repositories').map((r) => repositoryName(parseReference(r)))
  const tags = strings(json.tags, 'tags').map(normalizeTag)
  if (typeof json.mediaType !== 'string' || typeof json.size !== 'number') fail('no mediaType or size')
  const createdAt =
    typeof json.createdAt === 'string' && !Number.isNaN(Date.parse(json.createdAt))
      ? json.createdAt
      : fail('no createdAt')
  const runAttempt = typeof json.runAttempt === 'number' ? json.runAttempt : 1
  // Records of before runId was kept cannot be told apart by run: they count as local.
  const runId = typeof json.runId === 'string' && json.runId !== '' ? json.runId : 'local'
  return {
    version: 1,
    target: json.target as string,
    platforms,
    digest,
    mediaType: json.mediaType as string,
    size: json.size as number,
    repositories,
    tags,
    createdAt,
    runId,
    runAttempt,
  }
}
