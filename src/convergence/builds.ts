/**
 * The run's builds for one tag, from its records: the newest record per platform, its
 * entries read by digest (immutable: read once per run) from a repository the record
 * names, and copied into the tag's repository first when they are not there (a tag's
 * index may not name a manifest its repository lacks).
 */
import type { Logger } from '../common/log.js'
import { entriesForPlatforms, imageEntries, platformsOf } from '../image-index/entries.js'
import type { Descriptor } from '../oci/types.js'
import type { Build } from '../image-index/upsert.js'
import { type RepositoryRef, parseReference, repositoryName } from '../oci/reference.js'
import { type BuildRecord, newestByPlatform, recordMismatch } from '../records/record.js'
import { copyEntries } from '../registry/copy.js'
import type { RegistryPool } from '../registry/pool.js'
import type { RunBuilds } from './converge.js'
import { type BuildEntries, readBuildEntries } from './read.js'

export interface TagRecordsQuery extends RepositoryRef {
  /** The full tag ref records name. */
  ref: string
}

export class BuildSource {
  private readonly entries = new Map<string, Promise<BuildEntries>>()
  private readonly copies = new Map<string, Promise<unknown>>()
  private readonly warned = new Set<string>()

  constructor(
    private readonly pool: RegistryPool,
    private readonly log: Logger,
    private readonly options: {
      /** Copy entries into repositories that lack them (false in a dry run: plan only). */
      copy: boolean
      /** Take a version 2 record's entries as recorded (append: the run's own jobs) instead of reading its digest. */
      recordedEntries: boolean
    },
  ) {}

  client(registry: string) {
    return this.pool.client(registry)
  }

  /** The builds `records` (the run's) hold for one tag, copied into its repository where they are not. */
  forTag(query: TagRecordsQuery, records: readonly BuildRecord[]): Promise<RunBuilds> {
    return this.union(query, records, true)
  }

  /** The same builds, copying nothing: what a job holding `records` writes to the tag. */
  unionOf(query: TagRecordsQuery, records: readonly BuildRecord[]): Promise<RunBuilds> {
    return this.union(query, records, false)
  }

  private async union(query: TagRecordsQuery, records: readonly BuildRecord[], copy: boolean): Promise<RunBuilds> {
    const mine = records.filter((r) => r.tags.includes(query.ref))
    const chosen = new Map<BuildRecord, Set<string>>()
    for (const [platform, { newest }] of newestByPlatform(mine)) {
      chosen.set(newest, (chosen.get(newest) ?? new Set()).add(platform))
    }
    const builds: Build[] = await Promise.all(
      [...chosen].map(async ([record, platforms]) => {
        const read = await this.entriesOf(record, query)
        if (this.untrusted(record, read)) return { entries: [], createdAt: record.createdAt }
        if (copy) await this.ensureIn(record, read, query)
        return {
          entries: entriesForPlatforms(read.entries, platforms),
          createdAt: record.createdAt,
          run: { runId: record.runId, runAttempt: record.runAttempt },
        }
      }),
    )
    // Superseded records only widen "this run's builds": one the registry no longer has is skipped.
    const all = await Promise.allSettled(mine.map((r) => this.entriesOf(r, query)))
    const read = all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    const runDigests = new Set(read.flatMap((build) => imageEntries(build.entries).map((e) => e.digest)))
    return { builds, runDigests }
  }

  /**
   * A record of the run whose digest does not hold the platforms it claims is not
   * believed: its build is left out of this job's writes, said once (verify fails its target).
   */
  private untrusted(record: BuildRecord, read: BuildEntries): boolean {
    const why = recordMismatch(record, read.platforms)
    if (why && !this.warned.has(record.digest)) {
      this.warned.add(record.digest)
      this.log.warning(`${why}: that record is ignored here, and verify fails its target`)
    }
    return why !== undefined
  }

  /** A build already read (append's own): not read again. */
  remember(digest: string, entries: BuildEntries): void {
    this.entries.set(digest, Promise.resolve(entries))
  }

  /** A record's entries, read once per run (a digest is immutable). */
  entriesOf(record: BuildRecord, near: RepositoryRef): Promise<BuildEntries> {
    let read = this.entries.get(record.digest)
    if (!read && this.options.recordedEntries && record.entries) {
      read = Promise.resolve(recordedBuild(record, record.entries))
      this.entries.set(record.digest, read)
    }
    if (!read) {
      const source = sourceFor(record, near)
      read = this.pool
        .client(source.registry)
        .then((client) => readBuildEntries(client, source.repository, record.digest))
        .catch((error: Error) => {
          throw new Error(`recorded digest of ${record.target} ${record.platforms.join(', ')}: ${error.message}`)
        })
      read.catch(() => this.entries.delete(record.digest))
      this.entries.set(record.digest, read)
    }
    return read
  }

  /** Copies the record's manifests (and blobs) into `to` when the build was not pushed there. */
  async ensureIn(record: BuildRecord, read: BuildEntries, to: RepositoryRef): Promise<void> {
    const target = repositoryName(to)
    if (!this.options.copy || record.repositories.includes(target)) return
    const key = `${record.digest} ${target}`
    let copy = this.copies.get(key)
    if (!copy) {
      const from = sourceFor(record, to)
      copy = (async () => {
        const copied = await copyEntries(
          { client: await this.pool.client(from.registry), repository: from.repository },
          { client: await this.pool.client(to.registry), repository: to.repository },
          read.entries,
        )
        if (copied > 0) this.log.info(`${target}: copied ${copied} manifests from ${repositoryName(from)}`)
      })()
      copy.catch(() => this.copies.delete(key))
      this.copies.set(key, copy)
    }
    await copy
  }
}

/** Where to read or copy a record's build from: the repository itself, else one in the same registry (mountable), else the first. */
export function sourceFor(record: Pick<BuildRecord, 'repositories'>, near: RepositoryRef): RepositoryRef {
  const sources = record.repositories.map((name) => {
    const { registry, repository } = parseReference(name)
    return { registry, repository }
  })
  return (
    sources.find((s) => s.registry === near.registry && s.repository === near.repository) ??
    sources.find((s) => s.registry === near.registry) ??
    sources[0]
  )
}

/** A version 2 record's build, as it recorded it. */
function recordedBuild(record: BuildRecord, entries: Descriptor[]): BuildEntries {
  return { entries, platforms: platformsOf(entries), mediaType: record.mediaType, size: record.size }
}
