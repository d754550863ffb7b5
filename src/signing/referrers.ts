/**
 * Sigstore bundles in a registry, read and written as cosign v3 reads and writes them:
 * listed as cosign lists referrers (registry/referrers.ts: the API, or the fallback
 * tag); each referrer manifest read itself (a listing's artifactType is not believed);
 * written referrer first, then, where cosign reads the fallback tag, the fallback index.
 */
import { sha256Digest } from '../oci/digest.js'
import { isDigest } from '../oci/reference.js'
import { type Descriptor, OCI_MANIFEST } from '../oci/types.js'
import { ContentDigestError, RegistryError, TooLargeError } from '../registry/client.js'
import type { RepositoryHandle } from '../registry/copy.js'
import { addToFallback, parsedObject } from '../registry/referrers.js'
import { BUNDLE_MEDIA_TYPE, EMPTY_CONFIG, EMPTY_CONFIG_BYTES, type Referrer, bundleLayerOf } from './artifact.js'

/** A bundle as found: the referrer manifest that carries it, and its bytes. */
export interface FoundBundle {
  referrer: string
  bytes: Buffer
}

/** At most this many referrers of one digest are read (a listing is foreign data). */
const MAX_REFERRERS = 64
/** A bundle is a few KB; one above this is not ours to read. */
const MAX_BUNDLE_BYTES = 1024 * 1024
const SCAN_BUDGET_MS = 60_000

/**
 * The Sigstore bundles attached to `digest` here: the listed manifests read (those the
 * listing calls bundles first, up to a count and a time budget), their bundle layers
 * fetched. A referrer or bundle that is gone, too large, or not what its digest says is
 * skipped; any other failure is thrown (a registry that cannot answer must not look
 * like "unsigned").
 */
export async function readBundles(
  site: RepositoryHandle,
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
export async function readBundle(
  site: RepositoryHandle,
  digest: string,
  referrer: string,
): Promise<Buffer | undefined> {
  const fetched = await skipGone(site.client.getManifest(site.repository, referrer))
  const layer = fetched && bundleLayerOf(parsedObject(fetched.bytes), digest)
  if (!layer || layer.size > MAX_BUNDLE_BYTES) return undefined
  return skipGone(site.client.blobs.get(site.repository, layer.digest, MAX_BUNDLE_BYTES))
}

/**
 * Attaches `referrer` (carrying `bundle`) here: blobs, the manifest, then, where cosign
 * does not count the referrers API (`api` false), the fallback index — whatever the
 * registry answered in OCI-Subject, since cosign then reads the fallback tag only.
 */
export async function attach(
  site: RepositoryHandle,
  digest: string,
  referrer: Referrer,
  bundle: Buffer,
  api: boolean,
): Promise<void> {
  const { client, repository } = site
  const layerDigest = sha256Digest(bundle)
  if (!(await client.blobs.has(repository, EMPTY_CONFIG.digest)))
    await client.blobs.upload(repository, EMPTY_CONFIG.digest, EMPTY_CONFIG.size, async () => EMPTY_CONFIG_BYTES)
  if (!(await client.blobs.has(repository, layerDigest)))
    await client.blobs.upload(repository, layerDigest, bundle.length, async () => bundle)
  await client.putReferrer(repository, referrer.descriptor.digest, { bytes: referrer.bytes, mediaType: OCI_MANIFEST })
  if (!api) await addToFallback(site, digest, referrer.descriptor)
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
