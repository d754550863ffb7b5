/**
 * Makes a build's manifests exist in a repository it was not pushed to: blobs first
 * (cross-repository mount within a registry, a streamed copy across registries), then
 * each manifest by digest. Distribution refuses an index whose children are missing
 * (400 MANIFEST_BLOB_UNKNOWN) and cannot mount manifests, hence this order.
 */
import type { Descriptor, ImageManifest } from '../oci/types.js'
import { INDEX_TYPES } from '../oci/types.js'
import type { RegistryClient } from './client.js'
import { RegistryError } from './errors.js'

export interface RepositoryHandle {
  client: RegistryClient
  repository: string
}

/** Copies every entry (and its blobs) that `to` lacks. Returns how many manifests were copied. */
export async function copyEntries(
  from: RepositoryHandle,
  to: RepositoryHandle,
  entries: readonly Descriptor[],
): Promise<number> {
  const copied = await Promise.all(entries.map((entry) => copyManifest(from, to, entry)))
  return copied.filter(Boolean).length
}

async function copyManifest(from: RepositoryHandle, to: RepositoryHandle, entry: Descriptor): Promise<boolean> {
  if (await manifestPresent(to, entry.digest)) return false
  if (INDEX_TYPES.has(entry.mediaType)) throw new Error(`nested index ${entry.digest} cannot be copied`)
  const fetched = await from.client.getManifest(from.repository, entry.digest)
  if (!fetched) throw new Error(`${from.client.registry}/${from.repository}@${entry.digest} does not exist`)
  const manifest = JSON.parse(fetched.bytes.toString('utf8')) as ImageManifest
  const blobs = [manifest.config, ...(manifest.layers ?? [])]
  for (let attempt = 1; ; attempt++) {
    await Promise.all(blobs.map((blob) => copyBlob(from, to, blob)))
    try {
      await to.client.putManifest(to.repository, entry.digest, { bytes: fetched.bytes, mediaType: fetched.mediaType })
      return true
    } catch (error) {
      // Distribution 2.8 can lose a blob that two jobs upload at once (a shared base
      // layer): it then refuses the manifest. Copy the blobs again, once.
      if (attempt > 1 || !(error instanceof RegistryError) || !error.hasCode('MANIFEST_BLOB_UNKNOWN')) throw error
    }
  }
}

/** A 403 (Artifactory, for a missing manifest) means "unknown": copy it; a real refusal shows on the PUT. */
async function manifestPresent(to: RepositoryHandle, digest: string): Promise<boolean> {
  try {
    return (await to.client.headManifest(to.repository, digest)) !== undefined
  } catch (error) {
    if (error instanceof RegistryError && error.status === 403) return false
    throw error
  }
}

async function copyBlob(from: RepositoryHandle, to: RepositoryHandle, blob: Descriptor): Promise<void> {
  if (await to.client.blobs.has(to.repository, blob.digest)) return
  let session: string | undefined
  if (from.client === to.client) {
    const mount = await to.client.blobs.mount(to.repository, blob.digest, from.repository)
    if (mount.mounted) return
    session = mount.session
  }
  const open = () => from.client.blobs.open(from.repository, blob.digest)
  await to.client.blobs.upload(to.repository, blob.digest, blob.size, open, session)
}
