/** OCI image-spec and Docker distribution shapes, as far as bake-fanout reads or writes them. */

/** An OCI platform (image-spec `platform`), as index entries and image configs carry it. */
export interface Platform {
  os: string
  architecture: string
  variant?: string
  'os.version'?: string
}

export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'

/**
 * Every manifest type we can read. Always sent together: distribution 2.8 answers
 * 404 MANIFEST_UNKNOWN for an existing index when the OCI index type is missing.
 */
export const MANIFEST_ACCEPT = [OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST]

export const INDEX_TYPES = new Set([OCI_INDEX, DOCKER_MANIFEST_LIST])
export const IMAGE_TYPES = new Set([OCI_MANIFEST, DOCKER_MANIFEST])

/** buildx marks attestation manifests in an index with these annotations. */
export const REFERENCE_TYPE = 'vnd.docker.reference.type'
export const REFERENCE_DIGEST = 'vnd.docker.reference.digest'
export const ATTESTATION_MANIFEST = 'attestation-manifest'

export interface Descriptor {
  mediaType: string
  digest: string
  size: number
  platform?: OciPlatform
  annotations?: Record<string, string>
  artifactType?: string
  urls?: string[]
}

export interface OciPlatform extends Platform {
  'os.features'?: string[]
}

export interface ImageIndex {
  schemaVersion: 2
  mediaType?: string
  artifactType?: string
  manifests: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

export interface ImageManifest {
  schemaVersion: 2
  mediaType?: string
  artifactType?: string
  config: Descriptor
  layers: Descriptor[]
  subject?: Descriptor
  annotations?: Record<string, string>
}

/** The part of an image config blob that names its platform. */
export interface ImageConfig {
  os?: string
  architecture?: string
  variant?: string
  'os.version'?: string
}
