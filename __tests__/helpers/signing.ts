/** Signatures read as a consumer reads them (the fallback tag, each referrer manifest, its bundle), and checked with @sigstore/verify directly. */
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify'
import { readFileSync } from 'node:fs'
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_INDEX, OCI_MANIFEST, type Descriptor, type ImageIndex } from '../../src/oci/types.js'
import type { RegistryClient } from '../../src/registry/client.js'
import { GITHUB_ISSUER, IDENTITY } from './sigstore-services.js'

export const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'

export function artifactTypeOf(body: Buffer): { artifactType?: string } {
  const { artifactType } = JSON.parse(body.toString()) as { artifactType?: string }
  return artifactType ? { artifactType } : {}
}

/** The bundles attached to `digest`, found as cosign finds them where there is no referrers API. */
export async function bundlesOf(client: RegistryClient, repository: string, digest: string): Promise<Buffer[]> {
  const index = await fallbackIndex(client, repository, digest)
  const bundles: Buffer[] = []
  for (const entry of index?.manifests ?? []) {
    const manifest = JSON.parse((await client.getManifest(repository, entry.digest))!.bytes.toString()) as {
      artifactType?: string
      layers: Descriptor[]
      subject: Descriptor
    }
    if (manifest.artifactType !== BUNDLE_TYPE) continue
    expect(manifest.subject.digest).toBe(digest)
    bundles.push(await client.blobs.get(repository, manifest.layers[0].digest))
  }
  return bundles
}

export async function fallbackIndex(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<ImageIndex | undefined> {
  const fetched = await client.getManifest(repository, digest.replace(':', '-'))
  return fetched && (JSON.parse(fetched.bytes.toString()) as ImageIndex)
}

export function trust(file: string) {
  return toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(file, 'utf8'))))
}

/** Checks `bytes` as a consumer would; returns the certificate's identity. */
export function verifyBundle(
  bytes: Buffer,
  digest: string,
  material: ReturnType<typeof toTrustMaterial>,
  identity = IDENTITY,
) {
  const bundle = bundleFromJSON(JSON.parse(bytes.toString()))
  const envelope = (bundle.content as { dsseEnvelope: { payload: Buffer; payloadType: string } }).dsseEnvelope
  const statement = JSON.parse(envelope.payload.toString()) as {
    subject: Array<{ digest: { sha256: string } }>
    predicateType: string
  }
  expect(envelope.payloadType).toBe('application/vnd.in-toto+json')
  expect(statement.predicateType).toBe('https://sigstore.dev/cosign/sign/v1')
  if (`sha256:${statement.subject[0].digest.sha256}` !== digest) throw new Error('the statement names another digest')
  const signer = new Verifier(material, { tlogThreshold: 0, timestampThreshold: 1 }).verify(toSignedEntity(bundle), {
    subjectAlternativeName: identity,
    extensions: { issuer: GITHUB_ISSUER },
  })
  return signer.identity?.subjectAlternativeName
}

/**
 * Another tool's referrer (an SBOM, `n` making each one distinct), added to the fallback
 * index as such a tool would, the entries already there kept. `listedAs` is the
 * artifactType its entry names (some tools write the config's media type there).
 */
export async function putForeignReferrer(
  client: RegistryClient,
  repository: string,
  subject: Descriptor,
  { n = 0, listedAs = 'application/spdx+json' } = {},
): Promise<Descriptor> {
  const layer = Buffer.from(JSON.stringify({ spdxVersion: 'SPDX-2.3', n }))
  const config = Buffer.from('{}')
  await client.blobs.upload(repository, sha256Digest(layer), layer.length, async () => layer)
  await client.blobs.upload(repository, sha256Digest(config), config.length, async () => config)
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: 'application/spdx+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest(config), size: 2 },
      layers: [{ mediaType: 'application/spdx+json', digest: sha256Digest(layer), size: layer.length }],
      subject,
    }),
  )
  const descriptor = {
    mediaType: OCI_MANIFEST,
    digest: sha256Digest(manifest),
    size: manifest.length,
    artifactType: listedAs,
  }
  await client.putManifest(repository, descriptor.digest, { bytes: manifest, mediaType: OCI_MANIFEST })
  const listed = (await fallbackIndex(client, repository, subject.digest))?.manifests ?? []
  const index = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...listed, descriptor] }),
  )
  await client.putManifest(repository, subject.digest.replace(':', '-'), { bytes: index, mediaType: OCI_INDEX })
  return descriptor
}
