/** Test images pushed over the real API with the client itself: config + layer + manifest, optionally attested. */
import { randomBytes } from 'node:crypto'
import type { RegistryClient } from '../../src/registry/client.js'
import { sha256Digest } from '../../src/oci/digest.js'
import type { Platform } from '../../src/image-index/platform.js'
import {
  ATTESTATION_MANIFEST,
  DOCKER_MANIFEST,
  type Descriptor,
  OCI_INDEX,
  OCI_MANIFEST,
  REFERENCE_DIGEST,
  REFERENCE_TYPE,
} from '../../src/oci/types.js'

export interface PushedImage {
  /** What bake's metadata would name as containerimage.digest / descriptor. */
  descriptor: Descriptor
  /** The platform image manifest (= descriptor when not attested). */
  image: Descriptor
  attestation?: Descriptor
  platform: Platform
}

async function pushBlob(client: RegistryClient, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256Digest(bytes)
  await client.blobs.upload(repository, digest, bytes.length, async () => bytes)
  return digest
}

async function pushManifest(client: RegistryClient, repository: string, json: object, mediaType: string) {
  const bytes = Buffer.from(JSON.stringify(json))
  const digest = sha256Digest(bytes)
  await client.putManifest(repository, digest, { bytes, mediaType })
  return { mediaType, digest, size: bytes.length }
}

async function pushSingle(
  client: RegistryClient,
  repository: string,
  config: object,
  layer: { bytes: Buffer; mediaType: string; annotations?: Record<string, string> },
  docker: boolean,
): Promise<Descriptor> {
  const configBytes = Buffer.from(JSON.stringify(config))
  const configDigest = await pushBlob(client, repository, configBytes)
  const layerDigest = await pushBlob(client, repository, layer.bytes)
  const mediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST
  return pushManifest(
    client,
    repository,
    {
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: docker
          ? 'application/vnd.docker.container.image.v1+json'
          : 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: configBytes.length,
      },
      layers: [
        {
          mediaType: layer.mediaType,
          digest: layerDigest,
          size: layer.bytes.length,
          ...(layer.annotations && { annotations: layer.annotations }),
        },
      ],
    },
    mediaType,
  )
}

/**
 * Pushes one platform image by digest. `attest` wraps it as buildx does by default:
 * an index of the image and an attestation manifest (platform unknown/unknown).
 */
export async function pushImage(
  client: RegistryClient,
  repository: string,
  platform: Platform,
  options: { attest?: boolean; docker?: boolean } = {},
): Promise<PushedImage> {
  const layerBytes = randomBytes(256)
  const config = { ...platform, rootfs: { type: 'layers', diff_ids: [sha256Digest(layerBytes)] }, config: {} }
  const layerType = options.docker
    ? 'application/vnd.docker.image.rootfs.diff.tar.gzip'
    : 'application/vnd.oci.image.layer.v1.tar'
  const image = await pushSingle(
    client,
    repository,
    config,
    { bytes: layerBytes, mediaType: layerType },
    !!options.docker,
  )
  if (!options.attest) return { descriptor: image, image, platform }
  const statement = Buffer.from(
    JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: image.digest }] }),
  )
  const attestation = await pushSingle(
    client,
    repository,
    {
      architecture: 'unknown',
      os: 'unknown',
      config: {},
      rootfs: { type: 'layers', diff_ids: [sha256Digest(statement)] },
    },
    {
      bytes: statement,
      mediaType: 'application/vnd.in-toto+json',
      annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
    },
    false,
  )
  const attestationEntry: Descriptor = {
    ...attestation,
    platform: { architecture: 'unknown', os: 'unknown' },
    annotations: { [REFERENCE_DIGEST]: image.digest, [REFERENCE_TYPE]: ATTESTATION_MANIFEST },
  }
  const imageEntry: Descriptor = { ...image, platform }
  const index = await pushManifest(
    client,
    repository,
    { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [imageEntry, attestationEntry] },
    OCI_INDEX,
  )
  return { descriptor: index, image: imageEntry, attestation: attestationEntry, platform }
}
