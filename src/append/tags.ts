/**
 * Append's tags: every tag of every target opened for reading and writing, its first
 * read sent at once, each acknowledged write noted (GHCR cleanup), and a HEAD digest the
 * run's records can account for looked up without a GET (Docker Hub's pull budget).
 */
import type { Clock } from '../common/clock.js'
import { formatReference } from '../oci/reference.js'
import type { ImageIndex } from '../oci/types.js'
import type { KnownBase, KnownIndexes } from '../convergence/known-indexes.js'
import { type PrefetchedTag, registryTag } from '../convergence/tag-access.js'
import type { OrphanHorizon } from '../convergence/orphan-horizon.js'
import type { BuildRecord, WrittenIndex } from '../records/record.js'
import type { RegistryPool } from '../registry/pool.js'
import type { RegistryClient } from '../registry/client.js'
import type { TargetPlan } from './plan.js'

export type KnownIndexesByTarget = ReadonlyMap<string, KnownIndexes>

/** How a HEAD digest is looked up among the run's records. */
export interface Lookups {
  /** Each target's known indexes, once the job's own build is read. */
  indexes: Promise<KnownIndexesByTarget>
  /** Asks for a listing of the run's records begun after this answer (monotonicMs()), unless one is. */
  listAfter(answeredAt: number): void
  /** Whether a record of the run names the tag (namedByRun, in a listing begun now). */
  recordsName(ref: string): Promise<boolean>
}

/**
 * Whether a record of the run names `ref`. Without one, no union of the run's records can
 * be what the tag holds: a writer saves its record before its write, and this job's own
 * writes are seen, never looked up. (This job's record is listed only once saved, after
 * its own build was read: the lookup then waits for nothing.)
 */
export function namedByRun(records: readonly BuildRecord[], ref: string, runId: string): boolean {
  return records.some((r) => r.runId === runId && r.tags.includes(ref))
}

/**
 * `recordsName` over a listing begun when asked (`list`; none without a store: no record
 * names anything). A failed listing says nothing, so the tag goes to the lookup, which lists again.
 */
export function recordsNamer(list: (() => Promise<readonly BuildRecord[]>) | undefined, runId: string) {
  return async (ref: string): Promise<boolean> => {
    if (!list) return false
    const records = await list().catch(() => undefined)
    return !records || namedByRun(records, ref, runId)
  }
}

/** Every tag's first read sent now; none in a deferred job, which writes no tag (verify does): a GET is a Docker Hub pull. */
export function startReads(tags: ReadonlyMap<string, PrefetchedTag>, deferred: boolean): void {
  if (!deferred) for (const tag of tags.values()) tag.prefetch()
}

/** Every tag of every target, by full ref, ready to be read and written; each acknowledged write noted in `written`. */
export async function openTags(
  pool: RegistryPool,
  plans: readonly TargetPlan[],
  horizon: OrphanHorizon,
  clock: Clock,
  written: WrittenIndex[],
  lookups: Lookups,
): Promise<Map<string, PrefetchedTag>> {
  const tags = new Map<string, PrefetchedTag>()
  const seen = new Map<string, Promise<ImageIndex | undefined>>()
  const repositories = plans.flatMap((plan) => plan.repositories.map((repo) => ({ ...repo, target: plan.target })))
  // Every registry's client at once: each may run a credential helper before its first request.
  // A failure is reported for the first registry in order that failed, whichever failed first.
  const registries = [...new Set(repositories.map((repo) => repo.registry))]
  const settled = await Promise.allSettled(registries.map((registry) => pool.client(registry)))
  const clients = new Map<string, RegistryClient>()
  for (const [i, result] of settled.entries()) {
    if (result.status === 'rejected') throw result.reason
    clients.set(registries[i], result.value)
  }
  for (const repo of repositories) {
    const client = clients.get(repo.registry)!
    client.willPush(repo.repository)
    for (const tag of repo.tags) {
      const ref = formatReference({ ...repo, tag })
      const known = async (digest: string, bases: readonly KnownBase[], answeredAt: number) => {
        lookups.listAfter(answeredAt)
        // Named by no record of the run, the digest is read now, not after the build's own read.
        if (!(await lookups.recordsName(ref))) return undefined
        return (await lookups.indexes).get(repo.target)?.find(digest, { ...repo, ref }, bases, answeredAt)
      }
      const access = registryTag({ client, repository: repo.repository, tag, horizon, clock, seen, known })
      const [read, write] = [access.read.bind(access), access.write.bind(access)]
      /** The digest the tag was last read holding: writing it again (a round 0 that proves nothing) creates no version. */
      let held: string | undefined
      access.read = async () => {
        const answer = await read()
        held = answer.digest
        return answer
      }
      access.write = async (index, bytes) => {
        const ack = await write(index, bytes)
        if (ack.digest !== held) written.push({ ref, digest: ack.digest })
        return ack
      }
      tags.set(ref, access)
    }
  }
  return tags
}

/** A promise settled from outside; `fail` rejects it and rethrows, so it can end a chain. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  promise.catch(() => {}) // a failure surfaces where the job failed, not as an unhandled rejection
  return {
    promise,
    resolve,
    reject,
    fail: (error: unknown): never => {
      reject(error)
      throw error
    },
  }
}
