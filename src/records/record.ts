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
  /** ISO time the record was made; with runAttempt, decides between records of one platform. */
  createdAt: string
  runAttempt: number
}

export const RECORD_PREFIX = 'bake-fanout-'

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
    runAttempt,
  }
}
