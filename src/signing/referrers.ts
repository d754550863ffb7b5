/**
 * Sigstore bundles in a registry, read and written as cosign v3 reads and writes them:
 * listed by the referrers API, or where a registry has none by the `sha256-<hex>`
 * fallback index; each referrer manifest read itself (a listing's artifactType is not
 * believed); written referrer first, then the listing.
 */
import { type JsonObject, isJsonObject } from '../common/json.js'
import { serializeIndex } from '../image-index/canonical.js'
import { sha256Digest } from '../oci/digest.js'
import { isDigest } from '../oci/reference.js'
import { type Descriptor, type ImageIndex, INDEX_TYPES, OCI_INDEX, OCI_MANIFEST } from '../oci/types.js'
import { ContentDigestError, type RegistryClient, RegistryError, TooLargeError } from '../registry/client.js'
import {
  BUNDLE_MEDIA_TYPE,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  type Referrer,
  bundleLayerOf,
  fallbackTag,
  withReferrer,
} from './artifact.js'

export interface Site {
  client: RegistryClient
  repository: string
}

export interface Listing {
  /** The registry has the referrers API; else the fallback tag lists referrers. */
  api: boolean
  referrers: Descriptor[]
}

/** A bundle as found: the referrer manifest that carries it, and its bytes. */
export interface FoundBundle {
  referrer: string
  bytes: Buffer
}

/** At most this many referrers of one digest are read (a listing is foreign data). */
const MAX_REFERRERS = 64
/** A bundle is a few KB; one above this is not ours to read. */
const MAX_BUNDLE_BYTES = 1024 * 1024
const FALLBACK_ROUNDS = 5
const SCAN_BUDGET_MS = 60_000

export class FallbackIndexError extends Error {
  override name = 'FallbackIndexError'
}

/** Where `digest`'s referrers are listed here, and what is listed (well-formed entries only). */
export async function listReferrers({ client, repository }: Site, digest: string): Promise<Listing> {
  const pages = await client.referrers(repository, digest)
  if (pages) {
    const where = `${client.registry}/${repository} referrers of ${digest}`
    return { api: true, referrers: pages.flatMap((page) => asIndex(page, where).manifests.filter(isDescriptor)) }
  }
  const fallback = await readFallback({ client, repository }, digest)
  return { api: false, referrers: fallback?.manifests.filter(isDescriptor) ?? [] }
}

/**
 * The Sigstore bundles attached to `digest` here: the listed manifests read (those the
 * listing calls bundles first, up to a count and a time budget), their bundle layers
 * fetched. A referrer or bundle that is gone, too large, or not what its digest says is
 * skipped; any other failure is thrown (a registry that cannot answer must not look
 * like "unsigned").
 */
export async function readBundles(
  site: Site,
  digest: string,
  referrers: readonly Descriptor[],
  now: () => Date,
): Promise<FoundBundle[]> {
  // A slow or crowded registry costs at most this much: past it, the rest is taken as unsigned.
  const until = now().getTime() + SCAN_BUDGET_MS
  const bundleTyped = (d: Descriptor) => (d.artifactType === BUNDLE_MEDIA_TYPE ? 0 : 1)
  const candidates = referrers
    .filter((d) => d.mediaType === OCI_MANIFEST && isDigest(d.digest))
    .sort((a, b) => bundleTyped(a) - bundleTyped(b))
    .slice(0, MAX_REFERRERS)
  const found: FoundBundle[] = []
  for (const { digest: referrer } of candidates) {
    if (now().getTime() > until) break
    const bytes = await readBundle(site, digest, referrer)
    if (bytes) found.push({ referrer, bytes })
  }
  return found
}

/** The bundle the referrer manifest `referrer` carries for `digest`, if it carries one. */
export async function readBundle(site: Site, digest: string, referrer: string): Promise<Buffer | undefined> {
  const fetched = await skipGone(site.client.getManifest(site.repository, referrer))
  const layer = fetched && bundleLayerOf(parsed(fetched.bytes), digest)
  if (!layer || layer.size > MAX_BUNDLE_BYTES) return undefined
  return skipGone(site.client.blobs.get(site.repository, layer.digest, MAX_BUNDLE_BYTES))
}

/**
 * Attaches `referrer` (carrying `bundle`) here: blobs, the manifest, then, where the
 * registry neither has the referrers API nor processed the subject, the fallback index.
 */
export async function attach(site: Site, digest: string, referrer: Referrer, bundle: Buffer, api: boolean) {
  const { client, repository } = site
  const layerDigest = sha256Digest(bundle)
  if (!(await client.blobs.has(repository, EMPTY_CONFIG.digest)))
    await client.blobs.upload(repository, EMPTY_CONFIG.digest, EMPTY_CONFIG.size, async () => EMPTY_CONFIG_BYTES)
  if (!(await client.blobs.has(repository, layerDigest)))
    await client.blobs.upload(repository, layerDigest, bundle.length, async () => bundle)
  const put = await client.putReferrer(repository, referrer.descriptor.digest, {
    bytes: referrer.bytes,
    mediaType: OCI_MANIFEST,
  })
  if (!api && !put.subjectProcessed) await listInFallback(site, digest, referrer.descriptor)
}

/**
 * Upserts the fallback index as tags are upserted: read, add ours keeping every other
 * entry, write, read again until it lists ours (another writer may have replaced it).
 */
async function listInFallback(site: Site, digest: string, descriptor: Descriptor): Promise<void> {
  const tag = fallbackTag(digest)
  for (let round = 0; ; round++) {
    const { index, changed } = withReferrer(await readFallback(site, digest), descriptor)
    if (!changed) return
    if (round === FALLBACK_ROUNDS) break
    await site.client.putManifest(site.repository, tag, {
      bytes: serializeIndex(index),
      mediaType: index.mediaType ?? OCI_INDEX,
    })
  }
  throw new FallbackIndexError(
    `${site.client.registry}/${site.repository}:${tag} still does not list ${descriptor.digest} after ${FALLBACK_ROUNDS} writes`,
  )
}

async function readFallback({ client, repository }: Site, digest: string): Promise<ImageIndex | undefined> {
  const tag = fallbackTag(digest)
  const fetched = await client.getManifest(repository, tag)
  return fetched && asIndex(fetched.bytes, `${client.registry}/${repository}:${tag}`)
}

/** Gone (404), not what its digest says, or larger than it may be: as if absent. */
async function skipGone<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read
  } catch (error) {
    if (error instanceof ContentDigestError || error instanceof TooLargeError) return undefined
    if (error instanceof RegistryError && error.status === 404) return undefined
    throw error
  }
}

/** An index as read: its entries kept as they are (a rewrite keeps other tools' entries whole). */
function asIndex(bytes: Buffer, where: string): ImageIndex {
  const index = parsed(bytes)
  const mediaType = index?.mediaType ?? OCI_INDEX
  if (!index || typeof mediaType !== 'string' || !INDEX_TYPES.has(mediaType) || !Array.isArray(index.manifests))
    throw new FallbackIndexError(`${where} is not an index of referrers`)
  return index as unknown as ImageIndex
}

function parsed(bytes: Buffer): JsonObject | undefined {
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
