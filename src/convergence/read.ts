/** Reading what append and verify work on: a build's index entries, and a tag's current index. */
import {
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  IMAGE_TYPES,
  INDEX_TYPES,
} from '../oci/types.js'
import { platformsOf } from '../image-index/entries.js'
import { normalizePlatform } from '../image-index/platform.js'
import type { FetchedManifest, RegistryClient } from '../registry/client.js'
import type { TagRead } from './converge.js'

/** A build's digest is not in the repository it was said to be pushed to. */
export class BuildMissingError extends Error {
  override readonly name = 'BuildMissingError'
}

export interface BuildEntries {
  /** What goes into every tag: the image entries with platforms, and their attestations. */
  entries: Descriptor[]
  platforms: string[]
  mediaType: string
  size: number
}

/**
 * The entries of a pushed digest. An index (buildx's default, with provenance) gives
 * its manifests as they are; a single image manifest becomes one entry whose platform
 * is read from its config blob.
 */
export async function readBuildEntries(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<BuildEntries> {
  const fetched = await client.getManifest(repository, digest)
  if (!fetched) throw new BuildMissingError(`${client.registry}/${repository}@${digest} does not exist in the registry`)
  const entries = INDEX_TYPES.has(fetched.mediaType)
    ? (parse<ImageIndex>(fetched).manifests ?? [])
    : [await singleEntry(client, repository, fetched)]
  const platforms = platformsOf(entries)
  if (platforms.length === 0) throw new Error(`${client.registry}/${repository}@${digest} holds no platform image`)
  const duplicate = platforms.find((p, i) => platforms.indexOf(p) !== i)
  if (duplicate) throw new Error(`${client.registry}/${repository}@${digest} holds platform ${duplicate} twice`)
  return { entries, platforms, mediaType: fetched.mediaType, size: fetched.size }
}

/** A tag's manifest as an index: 404 is no index, a single image manifest is an index of one. */
export async function readTagIndex(client: RegistryClient, repository: string, tag: string): Promise<TagRead> {
  const fetched = await client.getManifest(repository, tag)
  if (!fetched) return {}
  if (INDEX_TYPES.has(fetched.mediaType)) return { index: asIndex(parse<ImageIndex>(fetched)), digest: fetched.digest }
  return {
    index: {
      schemaVersion: 2,
      mediaType: fetched.mediaType,
      manifests: [await singleEntry(client, repository, fetched)],
    },
    digest: fetched.digest,
  }
}

async function singleEntry(client: RegistryClient, repository: string, fetched: FetchedManifest): Promise<Descriptor> {
  if (!IMAGE_TYPES.has(fetched.mediaType)) {
    throw new Error(
      `${client.registry}/${repository}@${fetched.digest}: unsupported manifest type '${fetched.mediaType}'`,
    )
  }
  const manifest = parse<ImageManifest>(fetched)
  const config = JSON.parse(
    (await client.blobs.get(repository, manifest.config.digest)).toString('utf8'),
  ) as ImageConfig
  if (!config.os || !config.architecture) {
    throw new Error(`${client.registry}/${repository}@${fetched.digest}: the image config names no platform`)
  }
  const platform = normalizePlatform({
    os: config.os,
    architecture: config.architecture,
    variant: config.variant,
    'os.version': config['os.version'],
  })
  return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.size, platform: toOci(platform) }
}

/** OCI field order (architecture, os, variant), as buildx writes it. */
function toOci(p: ReturnType<typeof normalizePlatform>): Descriptor['platform'] {
  return {
    architecture: p.architecture,
    os: p.os,
    ...(p['os.version'] && { 'os.version': p['os.version'] }),
    ...(p.variant && { variant: p.variant }),
  }
}

/** An index as another tool may have written it: no `manifests` is an empty list, anything else not a list is refused. */
function asIndex(index: ImageIndex): ImageIndex {
  if (index.manifests === undefined || index.manifests === null) return { ...index, manifests: [] }
  if (!Array.isArray(index.manifests)) throw new Error(`index ${index.mediaType ?? ''}: 'manifests' is not a list`)
  return index
}

function parse<T>(fetched: FetchedManifest): T {
  try {
    return JSON.parse(fetched.bytes.toString('utf8')) as T
  } catch {
    throw new Error(`manifest ${fetched.digest} is not valid JSON`)
  }
}
