/**
 * Which index digests verify signs (pure): a signature vouches for everything an index
 * holds, forever, so only a tag that holds exactly this run's newest build of every
 * platform of its release is signed, and a digest only when every tag holding it is.
 */
import { attestedDigest, imageEntries, isAttestation, platformOf } from '../image-index/entries.js'
import { serializeIndex } from '../image-index/canonical.js'
import { sha256Digest } from '../oci/digest.js'
import { isDigest } from '../oci/reference.js'
import { type Descriptor, type ImageIndex, OCI_INDEX } from '../oci/types.js'

/** One tag as verify left it. */
export interface SignableTag {
  ref: string
  registry: string
  repository: string
  /** Digests of the entries (images and their attestations) the run's chosen builds put in the tag. */
  runEntries: ReadonlySet<string>
  /** Platforms of the tag's release (its bake target) that no record of this run holds: a platform job failed. */
  missing: readonly string[]
  /** What verify wrote; absent when the tag failed. */
  written?: { digest: string; index: ImageIndex; keptNewer: ReadonlyMap<string, string> }
  error?: string
}

export interface DigestToSign {
  digest: string
  /** The index descriptor a referrer names as its subject. */
  subject: Descriptor
  refs: string[]
  /** Every repository that holds the digest (the statement names none: each gets the bundle). */
  sites: Array<{ registry: string; repository: string }>
}

export interface SigningPlan {
  sign: DigestToSign[]
  /** Tags (and so their digests) left unsigned, with why. */
  refused: Array<{ ref: string; digest?: string; why: string }>
}

export function planSigning(tags: readonly SignableTag[]): SigningPlan {
  const refused: SigningPlan['refused'] = []
  const byDigest = new Map<string, DigestToSign>()
  for (const tag of tags) {
    const why = unsignable(tag)
    if (why) {
      refused.push({ ref: tag.ref, ...(tag.written && { digest: tag.written.digest }), why })
      continue
    }
    const { digest, index } = tag.written!
    const entry = byDigest.get(digest) ?? {
      digest,
      subject: { mediaType: index.mediaType ?? OCI_INDEX, digest, size: serializeIndex(index).length },
      refs: [],
      sites: [],
    }
    entry.refs.push(tag.ref)
    if (!entry.sites.some((s) => s.registry === tag.registry && s.repository === tag.repository))
      entry.sites.push({ registry: tag.registry, repository: tag.repository })
    byDigest.set(digest, entry)
  }
  // A digest some tag refused stays unsigned for all: its content is the same everywhere.
  const refusedDigests = new Set(refused.flatMap((r) => (r.digest ? [r.digest] : [])))
  for (const [digest, entry] of byDigest) {
    if (!refusedDigests.has(digest)) continue
    byDigest.delete(digest)
    for (const ref of entry.refs) refused.push({ ref, digest, why: `another tag holding ${digest} is not signed` })
  }
  return { sign: [...byDigest.values()], refused }
}

function unsignable(tag: SignableTag): string | undefined {
  if (!tag.written) return `the tag was not written (${tag.error ?? 'failed'})`
  const { digest, index, keptNewer } = tag.written
  if (sha256Digest(serializeIndex(index)) !== digest)
    return `the registry names the index written ${digest}, not the digest of the bytes sent`
  if (tag.missing.length > 0) return `this run built no ${tag.missing.join(', ')} (its platform job failed)`
  if (keptNewer.size > 0) return `it holds another run's newer build of ${[...keptNewer.keys()].join(', ')}`
  if (index.subject) return `the index names a subject (${index.subject.digest}): it is a referrer, not a release`
  const foreign = notTheRuns(index.manifests, tag.runEntries)
  if (foreign.length === 0) return undefined
  // prune removes other platforms' images; other entries (attestations another tool added) it keeps.
  const prunable = index.manifests.some((e) => !tag.runEntries.has(e.digest) && imageEntries([e]).length > 0)
  const hint = prunable ? " ('prune: true' publishes only the run's build)" : ''
  return `it holds ${foreign.join(', ')}, which no record of this run names${hint}`
}

/**
 * Entries that are not this run's: an image of a platform no record chose, an entry with
 * no readable platform (a puller may take it for any platform), an attestation another
 * tool added, even of the run's own image. What the run's builds hold is the whole list.
 */
function notTheRuns(entries: readonly Descriptor[], runEntries: ReadonlySet<string>): string[] {
  return entries
    .filter((e) => !runEntries.has(e.digest))
    .map((e) =>
      imageEntries([e]).length > 0
        ? `${platformOf(e)} (${isDigest(e.digest) ? e.digest : 'no valid digest'})`
        : isAttestation(e) && isDigest(attestedDigest(e))
          ? `an attestation of ${attestedDigest(e)} this run did not make`
          : `an entry with no readable platform (${isDigest(e.digest) ? e.digest : 'no valid digest'})`,
    )
}
