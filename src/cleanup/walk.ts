/**
 * Reads the manifests cleanup must see before it may delete anything in a package:
 * each given version's manifest, and every index below a walked index (nested
 * indexes), each digest once. Any read that fails, or finds nothing, fails the walk:
 * a package whose graph is not fully known has nothing deleted.
 */
import { isJsonObject } from '../common/json.js'
import { isDigest } from '../oci/reference.js'
import { INDEX_TYPES } from '../oci/types.js'
import type { RegistryClient } from '../registry/client.js'
import type { WalkedManifest } from './plan.js'

/** A manifest the walk could not read: the package is left alone. */
export class WalkError extends Error {
  override readonly name = 'WalkError'
}

/** Reads at once, at most. */
const PARALLEL_READS = 8

export async function walkManifests(
  client: RegistryClient,
  repository: string,
  roots: readonly string[],
): Promise<Map<string, WalkedManifest>> {
  const walked = new Map<string, WalkedManifest>()
  let level = [...new Set(roots)]
  while (level.length > 0) {
    const read = await inBatches(level, (digest) => readOne(client, repository, digest))
    for (const manifest of read) walked.set(manifest.digest, manifest)
    // Only indexes have children worth reading: an image's children are blobs.
    level = [...new Set(read.flatMap((m) => m.childIndexes))].filter((d) => !walked.has(d))
  }
  return walked
}

async function readOne(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<WalkedManifest & { childIndexes: string[] }> {
  const where = `${client.registry}/${repository}@${digest}`
  const fetched = await client.getManifest(repository, digest).catch((error: unknown) => {
    throw new WalkError(`${where} could not be read`, { cause: error })
  })
  if (!fetched) throw new WalkError(`${where} is listed as a version but the registry does not serve it`)
  let json: unknown
  try {
    json = JSON.parse(fetched.bytes.toString('utf8'))
  } catch {
    throw new WalkError(`${where} is not JSON`)
  }
  if (!isJsonObject(json)) throw new WalkError(`${where} is not a manifest`)
  const descriptors = INDEX_TYPES.has(fetched.mediaType) && Array.isArray(json.manifests) ? json.manifests : []
  const children: string[] = []
  const childIndexes: string[] = []
  for (const d of descriptors) {
    if (!isJsonObject(d) || !isDigest(d.digest)) throw new WalkError(`${where} names a child without a digest`)
    children.push(d.digest)
    if (typeof d.mediaType === 'string' && INDEX_TYPES.has(d.mediaType)) childIndexes.push(d.digest)
  }
  const subject = isJsonObject(json.subject) ? json.subject.digest : undefined
  if (subject !== undefined && !isDigest(subject)) throw new WalkError(`${where} names a subject without a digest`)
  return { digest, children, childIndexes, ...(subject && { subject }) }
}

async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  for (let i = 0; i < items.length; i += PARALLEL_READS)
    results.push(...(await Promise.all(items.slice(i, i + PARALLEL_READS).map(work))))
  return results
}
