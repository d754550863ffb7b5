/**
 * Indexes a job knows without reading them: Docker Hub counts every manifest GET as a
 * pull (a HEAD is not one). Every index a job of the run writes to a tag is the
 * canonical union of some of the run's records upserted into what the tag held before
 * (nothing, for a new tag) — with a shared record store, the records saved before its
 * writer's last listing. So when a tag's HEAD names a digest not read yet, the job
 * computes those unions from the records it holds, on the bases it has read, and takes
 * the one whose canonical bytes have that digest: equal digests are equal bytes, exactly
 * what a GET would return. A digest no union gives (another tool's index, a base this
 * job has not read, a record it does not hold) is read as before.
 */
import { sha256Digest } from '../oci/digest.js'
import type { ImageIndex } from '../oci/types.js'
import { serializeIndex } from '../image-index/canonical.js'
import { upsertIndex } from '../image-index/upsert.js'
import type { BuildRecord } from '../records/record.js'
import type { BuildSource, TagRecordsQuery } from './builds.js'

/** A listing of the run's records, and when it was asked for (monotonicMs()). */
export interface Listing {
  records: readonly BuildRecord[]
  startedAt: number
}

/** The run's records as the job holds them. */
export interface HeldRecords {
  /** The latest listing (the first one, when none is done yet). */
  latest(): Promise<Listing>
  /** A listing started now. */
  fresh(): Promise<Listing>
}

/** A tag's content this job has read by GET: unions of the run's records are written on top of it. */
export interface KnownBase {
  digest: string
  index: ImageIndex
}

export interface KnownIndexOptions {
  /** The index annotations every job of the run writes. */
  annotations: ReadonlyArray<readonly [string, string]>
  now(): number
}

/**
 * Records naming one tag up to which every union is tried (2^n of them); beyond, only the
 * whole set and the sets saved first (a listing's), by record time.
 */
const MAX_RECORDS_ENUMERATED = 8

export class KnownIndexes {
  /** Canonical bytes by digest, of every union computed so far. */
  private readonly bytes = new Map<string, Buffer>()
  /** Unions computed (base digest, records), so none is computed twice. */
  private readonly tried = new Set<string>()

  constructor(
    private readonly source: BuildSource,
    private readonly records: HeldRecords,
    private readonly options: KnownIndexOptions,
  ) {}

  /**
   * The index with this digest, if it is a union of records this job holds; else
   * undefined (read it). `answeredAt` (monotonicMs()): when the registry named the
   * digest; its writer listed its records before that.
   */
  async find(
    digest: string,
    query: TagRecordsQuery,
    bases: readonly KnownBase[],
    answeredAt = Infinity,
  ): Promise<ImageIndex | undefined> {
    const held = await this.records.latest()
    if (await this.search(digest, query, held.records, bases)) return this.parsed(digest)
    // A listing asked for after the answer holds every record its writer can have listed; an older one may not.
    if (held.startedAt >= answeredAt) return undefined
    const fresh = await this.records.fresh()
    const more = fresh.records.length > held.records.length
    return more && (await this.search(digest, query, fresh.records, bases)) ? this.parsed(digest) : undefined
  }

  private parsed(digest: string): ImageIndex {
    return JSON.parse(this.bytes.get(digest)!.toString('utf8')) as ImageIndex
  }

  private async search(
    digest: string,
    query: TagRecordsQuery,
    records: readonly BuildRecord[],
    bases: readonly KnownBase[],
  ): Promise<boolean> {
    if (this.bytes.has(digest)) return true
    const mine = records.filter((r) => r.tags.includes(query.ref)).sort(byTime)
    // A base that is itself a union of the run's records gives nothing new.
    const on = [undefined, ...bases.filter((b) => !this.bytes.has(b.digest))]
    for (const set of candidateSets(mine)) {
      for (const base of on) {
        const key = `${base?.digest ?? '-'} ${set.map(recordKey).join(' ')}`
        if (this.tried.has(key)) continue
        this.tried.add(key)
        // A build that cannot be read now (verify reads each) makes no union: the tag's own read says why.
        const run = await this.source.unionOf(query, set).catch(() => undefined)
        if (!run) continue
        const index = upsertIndex(base?.index, run.builds, {
          annotations: this.options.annotations,
          runDigests: run.runDigests,
          now: this.options.now(),
        }).index
        const bytes = serializeIndex(index)
        this.bytes.set(sha256Digest(bytes), bytes)
      }
      if (this.bytes.has(digest)) return true
    }
    return false
  }
}

/**
 * The record sets a job of the run may have written, likeliest first: all of them (a
 * converged tag, a re-run), then the ones saved first (an earlier listing), then, for
 * few records, every other set (records saved in another order than their times).
 */
export function* candidateSets<T>(records: readonly T[]): Generator<T[]> {
  const n = records.length
  for (let k = n; k >= 1; k--) yield records.slice(0, k)
  if (n > MAX_RECORDS_ENUMERATED) return
  for (let mask = 1; mask < 2 ** n; mask++) {
    if ((mask & (mask + 1)) === 0) continue // 2^k - 1: a first-k set, yielded above
    yield records.filter((_, i) => (mask & (1 << i)) !== 0)
  }
}

function recordKey(r: BuildRecord): string {
  return `${r.digest}/${r.runAttempt}/${r.createdAt}`
}

function byTime(a: BuildRecord, b: BuildRecord): number {
  const [x, y] = [recordKey(a), recordKey(b)]
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || (x < y ? -1 : x > y ? 1 : 0)
}
