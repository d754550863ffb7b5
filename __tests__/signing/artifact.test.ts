/** The bytes of a signature's parts: statement, referrer manifest, fallback index. */
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import {
  BUNDLE_MEDIA_TYPE,
  EMPTY_CONFIG,
  EMPTY_CONFIG_BYTES,
  bundleLayerOf,
  referrerManifest,
  signStatement,
  statementSubject,
} from '../../src/signing/artifact.js'
import { fallbackTag, withReferrer } from '../../src/registry/referrers.js'

const D = `sha256:${'a'.repeat(64)}`
const subject = { mediaType: OCI_INDEX, digest: D, size: 321 }

describe('signature artifacts', () => {
  test('the statement is cosign sign’s: one subject by digest, its predicate type, an empty predicate', () => {
    expect(JSON.parse(signStatement(D).toString())).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ digest: { sha256: 'a'.repeat(64) } }],
      predicateType: 'https://sigstore.dev/cosign/sign/v1',
      predicate: {},
    })
    expect(statementSubject(signStatement(D))).toBe(D)
    const two = { ...JSON.parse(signStatement(D).toString()), subject: [{ digest: { sha256: 'a'.repeat(64) } }, {}] }
    expect(statementSubject(Buffer.from(JSON.stringify(two)))).toBeUndefined()
    const other = { ...JSON.parse(signStatement(D).toString()), predicateType: 'https://slsa.dev/provenance/v1' }
    expect(statementSubject(Buffer.from(JSON.stringify(other)))).toBeUndefined()
    expect(statementSubject(Buffer.from('not json'))).toBeUndefined()
  })

  test('the referrer manifest: the bundle type, the empty config, one layer, the subject, the annotations', () => {
    const bundle = Buffer.from('{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}')
    const { bytes, descriptor } = referrerManifest(bundle, subject, new Date('2026-12-01T10:11:12.345Z'))
    const manifest = JSON.parse(bytes.toString())
    expect(manifest).toEqual({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: BUNDLE_MEDIA_TYPE,
      config: EMPTY_CONFIG,
      layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: sha256Digest(bundle), size: bundle.length }],
      subject,
      annotations: {
        'dev.sigstore.bundle.content': 'dsse-envelope',
        'dev.sigstore.bundle.predicateType': 'https://sigstore.dev/cosign/sign/v1',
        'org.opencontainers.image.created': '2026-12-01T10:11:12Z',
      },
    })
    expect(descriptor).toMatchObject({ mediaType: OCI_MANIFEST, digest: sha256Digest(bytes), size: bytes.length })
    expect(sha256Digest(EMPTY_CONFIG_BYTES)).toBe(EMPTY_CONFIG.digest)
    expect(bundleLayerOf(manifest, D)).toEqual(manifest.layers[0])
  })

  test('a manifest is a bundle referrer by its own fields, whatever a listing says', () => {
    const { bytes } = referrerManifest(Buffer.from('{}'), subject, new Date())
    const manifest = JSON.parse(bytes.toString())
    expect(bundleLayerOf(manifest, `sha256:${'b'.repeat(64)}`)).toBeUndefined() // another subject
    expect(bundleLayerOf({ ...manifest, artifactType: 'application/spdx+json' }, D)).toBeUndefined()
    const { artifactType: _, ...byConfig } = manifest
    expect(bundleLayerOf({ ...byConfig, config: { ...EMPTY_CONFIG, mediaType: BUNDLE_MEDIA_TYPE } }, D)).toBeDefined()
    expect(
      bundleLayerOf({ ...manifest, layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: 'x', size: 1 }] }, D),
    ).toBeUndefined()
    expect(bundleLayerOf('text', D)).toBeUndefined()
  })

  test('the fallback index keeps every entry it had, and lists ours once', () => {
    expect(fallbackTag(D)).toBe(`sha256-${'a'.repeat(64)}`)
    const foreign = {
      mediaType: OCI_MANIFEST,
      digest: `sha256:${'c'.repeat(64)}`,
      size: 9,
      artifactType: 'x/y',
      odd: 1,
    }
    const ours = { mediaType: OCI_MANIFEST, digest: `sha256:${'d'.repeat(64)}`, size: 5 }
    const first = withReferrer({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [foreign] }, ours)
    expect(first).toEqual({
      changed: true,
      index: { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [foreign, ours] },
    })
    expect(withReferrer(first.index, ours).changed).toBe(false)
    expect(withReferrer(undefined, ours).index).toEqual({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [ours] })
  })
})
