/**
 * A tag in a registry, as the convergence loop reads and writes it: HEAD first, and a
 * GET (by the digest the HEAD named, so the answer is immutable and cached) only for
 * a version not seen before. Docker Hub counts GETs against the pull quota, not HEADs.
 * The first read may start early: a read, however early, is only ever a possibly stale
 * one, which the loop allows for.
 */
import { type Clock, monotonicMs } from '../common/clock.js'
import type { ImageIndex } from '../oci/types.js'
import { OCI_INDEX } from '../oci/types.js'
import { type RegistryClient, RegistryError } from '../registry/client.js'
import type { TagAccess, TagRead } from './converge.js'
import type { KnownBase } from './known-indexes.js'
import type { OrphanHorizon } from './orphan-horizon.js'
import { readTagIndex } from './read.js'

export interface TagLocation {
  client: RegistryClient
  repository: string
  tag: string
  /** The job's horizon: every ambiguous attempt of a write is noted there. */
  horizon: OrphanHorizon
  /** What the waits between reads and between refused PUTs sleep on. */
  clock: Clock
  /**
   * Indexes seen or written, by digest, shared by every tag of the job: content-addressed,
   * so one GET serves every tag, on any registry, that holds the digest.
   */
  seen?: Map<string, Promise<ImageIndex | undefined>>
  /**
   * The index with this digest when the job can compute it (a union of the run's records
   * on a base it has read): known without a GET, which Docker Hub counts as a pull.
   */
  known?: (digest: string, bases: readonly KnownBase[], answeredAt: number) => Promise<ImageIndex | undefined>
}

/** A tag whose first read can start early (append starts it alongside the build's read). */
export interface PrefetchedTag extends TagAccess {
  /** Starts the first read now; the loop's first `read()` is then that one. */
  prefetch(): void
  /** When (monotonicMs()) the registry answered the latest HEAD: the moment the tag was read. */
  readonly answeredAt?: number
}

/** Index PUTs refused because a child is unknown, before the tag fails. */
const CHILD_SETTLE_TRIES = 4

/**
 * Distribution 2.8 can lose, for a moment, a manifest or blob that several jobs upload
 * at once (each copying the same build into a mirror): an index naming it is then
 * refused with 400 MANIFEST_BLOB_UNKNOWN although every child was copied. A refusal is
 * not applied (no orphan), so the PUT is tried again after a short wait.
 */
async function whileChildrenSettle(put: () => Promise<string>, clock: Clock): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await put()
    } catch (error) {
      const unknownChild = error instanceof RegistryError && error.hasCode('MANIFEST_BLOB_UNKNOWN')
      if (!unknownChild || attempt >= CHILD_SETTLE_TRIES) throw error
      await clock.sleep(200 * attempt)
    }
  }
}

/** Reads of a tag whose HEAD names a digest GET cannot find, before the tag fails. */
const VANISHED_READS = 3

/** The tag's HEAD kept naming a version the registry does not serve: it is not read as absent. */
export class VanishedVersionError extends Error {
  override readonly name = 'VanishedVersionError'

  constructor(
    readonly tag: string,
    readonly digest: string,
    reads: number,
  ) {
    super(
      `${tag}: HEAD names ${digest}, which GET by digest does not find (${reads} reads): ` +
        'not read as an absent tag, nothing written',
    )
  }
}

/** A tag whose index is an artifact's (a referrers fallback tag, a signature index) is not an image tag. */
export class ArtifactIndexError extends Error {
  override readonly name = 'ArtifactIndexError'
}

function refuseArtifactIndex(tag: string, index: ImageIndex): void {
  const { subject, artifactType } = index as { subject?: unknown; artifactType?: unknown }
  if (subject === undefined && artifactType === undefined) return
  const what = artifactType !== undefined ? `artifactType ${JSON.stringify(artifactType)}` : 'a subject'
  throw new ArtifactIndexError(
    `${tag} holds an artifact's index (${what}), not a multi-platform image: no platform is added to it, nothing written`,
  )
}

export function registryTag({ client, repository, tag, horizon, clock, seen, known }: TagLocation): PrefetchedTag {
  const versions = seen ?? new Map<string, Promise<ImageIndex | undefined>>()
  const where = `${client.registry}/${repository}:${tag}`
  /** Versions of this tag read so far: the unions of the run's records are written on top of them. */
  const bases: KnownBase[] = []
  const knownOrRead = async (digest: string, answeredAt: number): Promise<ImageIndex | undefined> =>
    (await known?.(digest, bases, answeredAt)) ?? (await readTagIndex(client, repository, digest)).index
  /** At most one GET per digest however many tags ask at once, none for a known one; a failed or empty read is not kept. */
  const indexOf = (digest: string, answeredAt: number): Promise<ImageIndex | undefined> => {
    let index = versions.get(digest)
    if (!index) {
      index = knownOrRead(digest, answeredAt)
      versions.set(digest, index)
      index.then(
        (i) => i ?? versions.delete(digest),
        () => versions.delete(digest),
      )
    }
    return index
  }
  let early: Promise<TagRead> | undefined
  let answeredAt: number | undefined
  const read = async (): Promise<TagRead> => {
    for (let attempt = 1; ; attempt++) {
      const head = await client.headManifest(repository, tag)
      answeredAt = monotonicMs()
      if (!head) return {}
      const index = await indexOf(head.digest, answeredAt)
      // A digest HEAD just named that GET cannot find is no absent tag (a lagging replica, a
      // rewrite in between, a wrong header): read again, and never write from it.
      if (!index) {
        if (attempt < VANISHED_READS) {
          await clock.sleep(250 * attempt)
          continue
        }
        throw new VanishedVersionError(where, head.digest, attempt)
      }
      refuseArtifactIndex(where, index)
      if (!bases.some((b) => b.digest === head.digest)) bases.push({ digest: head.digest, index })
      return { index, digest: head.digest }
    }
  }
  return {
    get answeredAt() {
      return answeredAt
    },
    prefetch() {
      early ??= read()
      early.catch(() => {}) // a failure surfaces when the loop reads it, not as an unhandled rejection
    },
    read() {
      const first = early
      early = undefined
      return first ?? read()
    },
    async write(index, bytes) {
      let inFlightUntil: number | undefined
      const mediaType = index.mediaType ?? OCI_INDEX
      const put = () =>
        client.putManifest(repository, tag, { bytes, mediaType }, (abandonedAt) => {
          inFlightUntil = horizon.note(abandonedAt)
        })
      const digest = await whileChildrenSettle(put, clock)
      versions.set(digest, Promise.resolve(index))
      return { digest, ...(inFlightUntil !== undefined && { inFlightUntil }) }
    },
  }
}
