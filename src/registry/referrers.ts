/**
 * The referrers of a digest, read as cosign reads them (go-containerregistry's
 * `remote.Referrers`), and the fallback-tag protocol (OCI distribution 1.1, referrers
 * tag schema) for registries without the referrers API:
 * - the API counts only when it answers 200 with Content-Type exactly the OCI index
 *   type, and only its first page is read; otherwise the `sha256-<hex>` tag is read,
 *   asked for as an OCI index only (a Docker manifest list there is invisible);
 * - the fallback index is written as an OCI index, always: one found as a Docker
 *   manifest list is rewritten as one, every entry kept.
 */
import { type JsonObject, isJsonObject } from '../common/json.js'
import { serializeIndex } from '../image-index/canonical.js'
import { assertDigest } from '../oci/reference.js'
import { type Descriptor, type ImageIndex, INDEX_TYPES, OCI_INDEX } from '../oci/types.js'
import type { RepositoryHandle } from './copy.js'

export interface ReferrerListing {
  /** The registry has the referrers API (as cosign decides it); else the fallback tag lists referrers. */
  api: boolean
  /** The well-formed entries, as cosign sees them. */
  referrers: Descriptor[]
}

/** Writes of the fallback index before it is given up (another writer may replace it each time). */
const FALLBACK_ROUNDS = 5

/** A listing that is not an index of referrers, or a fallback index that will not hold an entry. */
export class FallbackIndexError extends Error {
  override name = 'FallbackIndexError'
}

/** The fallback tag of the referrers of `digest` (OCI distribution spec, referrers tag schema). */
export function fallbackTag(digest: string): string {
  return assertDigest(digest, 'subject').replace(':', '-')
}

/** `digest`'s referrers in this repository, exactly as cosign lists them. */
export async function listReferrers(site: RepositoryHandle, digest: string): Promise<ReferrerListing> {
  const { client, repository } = site
  const firstPage = (await client.referrers(repository, digest, 1))?.[0]
  if (firstPage) {
    const where = `${client.registry}/${repository} referrers of ${digest}`
    return { api: true, referrers: asIndex(firstPage, where).manifests.filter(isDescriptor) }
  }
  // Asked for as an OCI index only; what comes as another type cosign refuses: nothing is listed.
  const tag = fallbackTag(digest)
  const fetched = await client.getManifest(repository, tag, [OCI_INDEX])
  if (!fetched || fetched.mediaType !== OCI_INDEX) return { api: false, referrers: [] }
  const index = asIndex(fetched.bytes, `${client.registry}/${repository}:${tag}`)
  return { api: false, referrers: index.manifests.filter(isDescriptor) }
}

/**
 * The fallback index with `referrer` listed, every other entry kept as it was (other
 * tools' signatures, SBOMs, attestations), as an OCI index. `changed` is false when it
 * was listed already in an OCI index.
 */
export function withReferrer(
  index: ImageIndex | undefined,
  referrer: Descriptor,
): { index: ImageIndex; changed: boolean } {
  const base: ImageIndex = { ...(index ?? { schemaVersion: 2, manifests: [] }), mediaType: OCI_INDEX }
  const listed = base.manifests.some((m: unknown) => isJsonObject(m) && m.digest === referrer.digest)
  if (listed) return { index: base, changed: index?.mediaType !== OCI_INDEX }
  return { index: { ...base, manifests: [...base.manifests, referrer] }, changed: true }
}

/**
 * Upserts `referrer` in the fallback index as tags are upserted: read (every type, so a
 * Docker manifest list's entries are kept), add ours, write as an OCI index, read again
 * until it lists ours (another writer may have replaced it).
 */
export async function addToFallback(site: RepositoryHandle, digest: string, referrer: Descriptor): Promise<void> {
  const tag = fallbackTag(digest)
  for (let round = 0; ; round++) {
    const { index, changed } = withReferrer(await readFallback(site, digest), referrer)
    if (!changed) return
    if (round === FALLBACK_ROUNDS) break
    await site.client.putManifest(site.repository, tag, { bytes: serializeIndex(index), mediaType: OCI_INDEX })
  }
  throw new FallbackIndexError(
    `${site.client.registry}/${site.repository}:${tag} still does not list ${referrer.digest} in an OCI index after ${FALLBACK_ROUNDS} writes`,
  )
}

/** The fallback index as it is, of any index type (its entries are kept when it is rewritten). */
async function readFallback({ client, repository }: RepositoryHandle, digest: string): Promise<ImageIndex | undefined> {
  const tag = fallbackTag(digest)
  const fetched = await client.getManifest(repository, tag)
  return fetched && asIndex(fetched.bytes, `${client.registry}/${repository}:${tag}`)
}

/** An index as read: its entries kept as they are (a rewrite keeps other tools' entries whole). */
function asIndex(bytes: Buffer, where: string): ImageIndex {
  const index = parsedObject(bytes)
  const mediaType = index?.mediaType ?? OCI_INDEX
  if (!index || typeof mediaType !== 'string' || !INDEX_TYPES.has(mediaType) || !Array.isArray(index.manifests))
    throw new FallbackIndexError(`${where} is not an index of referrers`)
  return index as unknown as ImageIndex
}

/** A JSON object (a leading byte-order mark allowed), else undefined. */
export function parsedObject(bytes: Buffer): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''))
    return isJsonObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

function isDescriptor(value: unknown): value is Descriptor {
  return isJsonObject(value) && typeof value.digest === 'string' && typeof value.mediaType === 'string'
}
