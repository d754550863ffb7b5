/**
 * What a signature is, as bytes (pure): the in-toto statement cosign v3 signs for an
 * image, and the referrer manifest that carries its Sigstore bundle (cosign's bundle
 * spec: OCI 1.1 artifact, empty config, one layer). The fallback index that lists
 * referrers is registry protocol (registry/referrers.ts).
 */
import { isJsonObject } from '../common/json.js'
import { sha256Digest } from '../oci/digest.js'
import { assertDigest, isDigest } from '../oci/reference.js'
import { type Descriptor, OCI_MANIFEST } from '../oci/types.js'

export const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1'
const IN_TOTO_STATEMENT = 'https://in-toto.io/Statement/v1'

/** The OCI empty descriptor's content, `{}`. */
export const EMPTY_CONFIG: Descriptor = {
  mediaType: 'application/vnd.oci.empty.v1+json',
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
}
export const EMPTY_CONFIG_BYTES = Buffer.from('{}')

/** The statement `cosign sign` (v3) signs for an image: its digest, and no claim besides. */
export function signStatement(digest: string): Buffer {
  const hex = assertDigest(digest, 'subject').slice('sha256:'.length)
  return Buffer.from(
    JSON.stringify({
      _type: IN_TOTO_STATEMENT,
      subject: [{ digest: { sha256: hex } }],
      predicateType: COSIGN_SIGN_PREDICATE,
      predicate: {},
    }),
  )
}

/**
 * The digest a DSSE payload vouches for, when it is the statement above (any subject
 * name, one subject); undefined for anything else.
 */
export function statementSubject(payload: Buffer): string | undefined {
  let statement: unknown
  try {
    statement = JSON.parse(payload.toString('utf8'))
  } catch {
    return undefined
  }
  if (!isJsonObject(statement) || statement._type !== IN_TOTO_STATEMENT) return undefined
  if (statement.predicateType !== COSIGN_SIGN_PREDICATE || !Array.isArray(statement.subject)) return undefined
  if (statement.subject.length !== 1 || !isJsonObject(statement.subject[0])) return undefined
  const digests = statement.subject[0].digest
  const hex = isJsonObject(digests) ? digests.sha256 : undefined
  return typeof hex === 'string' && /^[a-f0-9]{64}$/.test(hex) ? `sha256:${hex}` : undefined
}

export interface Referrer {
  bytes: Buffer
  /** Its descriptor, as a referrers listing (API or fallback index) names it. */
  descriptor: Descriptor
}

/** The referrer manifest that attaches `bundle` to `subject`. */
export function referrerManifest(bundle: Buffer, subject: Descriptor, created: Date): Referrer {
  const annotations = {
    'dev.sigstore.bundle.content': 'dsse-envelope',
    'dev.sigstore.bundle.predicateType': COSIGN_SIGN_PREDICATE,
    'org.opencontainers.image.created': created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }
  const manifest = {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    artifactType: BUNDLE_MEDIA_TYPE,
    config: EMPTY_CONFIG,
    layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: sha256Digest(bundle), size: bundle.length }],
    subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    annotations,
  }
  const bytes = Buffer.from(JSON.stringify(manifest))
  const descriptor = {
    mediaType: OCI_MANIFEST,
    digest: sha256Digest(bytes),
    size: bytes.length,
    artifactType: BUNDLE_MEDIA_TYPE,
    annotations,
  }
  return { bytes, descriptor }
}

/**
 * The referrer manifest's fields that say it carries a Sigstore bundle v0.3, and that
 * bundle's layer; undefined for any other manifest (read the manifest, not the
 * listing: some tools list the wrong artifactType in fallback indexes).
 */
export function bundleLayerOf(manifest: unknown, subject: string): Descriptor | undefined {
  if (!isJsonObject(manifest) || manifest.mediaType !== OCI_MANIFEST) return undefined
  const config = isJsonObject(manifest.config) ? manifest.config : undefined
  const type = manifest.artifactType ?? config?.mediaType
  if (type !== BUNDLE_MEDIA_TYPE) return undefined
  if (!isJsonObject(manifest.subject) || manifest.subject.digest !== subject) return undefined
  const layers = Array.isArray(manifest.layers) ? manifest.layers : []
  const layer = layers.find((l: unknown) => isJsonObject(l) && l.mediaType === BUNDLE_MEDIA_TYPE)
  if (!isJsonObject(layer) || !isDigest(layer.digest) || typeof layer.size !== 'number') return undefined
  return { mediaType: BUNDLE_MEDIA_TYPE, digest: layer.digest, size: layer.size }
}
