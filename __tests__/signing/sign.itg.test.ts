/**
 * verify with `sign`, as the runner runs it, against the real registry (behind a proxy
 * that logs every manifest PUT) and Sigstore's mock services on 127.0.0.1. Signatures
 * are then read and checked here as a consumer does, with @sigstore/verify directly.
 */
import { bundleFromJSON } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_INDEX, OCI_MANIFEST, type Descriptor, type ImageIndex } from '../../src/oci/types.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type QuirkProxy, startQuirkProxy } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'
import { GITHUB_ISSUER, IDENTITY, type SigstoreServices, startSigstore } from '../helpers/sigstore-services.js'

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 's390x' },
]
const BUNDLE_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json'

describeWithRegistry('verify signs the final index', () => {
  let registries: RegistryServer[]
  let proxies: QuirkProxy[]
  /** Every manifest PUT that passed a proxy: `host/repository:reference` → body digest. */
  let puts: Array<{ where: string; digest: string; mediaType: string; artifactType?: string }>
  let pool: RegistryPool
  let sigstore: SigstoreServices
  let dir: string

  beforeAll(async () => {
    registries = await Promise.all([startRegistry(), startRegistry()])
    puts = []
    proxies = await Promise.all(
      registries.map((r) =>
        startQuirkProxy(r.port, (req) => {
          const m = /^\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(req.url)
          if (req.method === 'PUT' && m)
            puts.push({
              where: `${m[1]}:${m[2]}`,
              digest: sha256Digest(req.body),
              mediaType: String(req.headers['content-type']),
              ...artifactTypeOf(req.body),
            })
          return undefined
        }),
      ),
    )
    pool = testPool()
    dir = await tempDir('bake-fanout-sign-')
    sigstore = await startSigstore(dir)
  })
  afterAll(async () => {
    await pool.close()
    await sigstore.close()
    await Promise.all(proxies.map((p) => p.stop()))
    await Promise.all(registries.map((r) => r.stop()))
  })

  const client = (i: number): Promise<RegistryClient> => pool.client(proxies[i].host)
  const signingInputs = () => ({
    sign: 'true',
    'sigstore-fulcio-url': sigstore.fulcioUrl,
    'sigstore-rekor-url': sigstore.rekorUrl,
    'sigstore-tsa-url': sigstore.tsaUrl,
    'sigstore-trusted-root': sigstore.trustedRoot,
  })
  const oidcEnv = () => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: sigstore.oidcRequestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runtime-token',
  })

  /** Three platform jobs append `app` (two tags on registry 0, one on registry 1); returns the records and refs. */
  async function threeAppends(name: string, platforms = PLATFORMS, extra: Record<string, string> = {}) {
    const records = await tempDir('bake-fanout-sign-records-')
    const [a, b] = proxies.map((p) => p.host)
    const tags = [`${a}/${name}:1`, `${a}/${name}:latest`, `${b}/${name}-mirror:1`]
    const workdir = await bakeDir({ app: { tags, platforms: PLATFORMS.map((p) => `${p.os}/${p.architecture}`) } })
    for (const platform of platforms) {
      const image = await pushImage(await client(0), name, platform, { attest: true })
      const metadata = metadataFor('app', image, [`${a}/${name}`])
      const r = await runAction({ mode: 'append', workdir, targets: 'app', metadata, settle: '0', records, ...extra })
      expect(r.code).toBe(0)
    }
    return { records, tags }
  }

  test('three appends, then verify: one bundle per final digest per repository, none on an intermediate index', async () => {
    const { records, tags } = await threeAppends('signed')
    const indexPuts = puts.filter((p) => p.mediaType === OCI_INDEX && !p.where.includes(':sha256-'))
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const final = run.outputs.digest
    expect(final).toMatch(/^sha256:/)
    const signed = JSON.parse(run.outputs.signed) as Array<{ digest: string; refs: string[]; bundle: string }>
    expect(signed).toEqual([
      expect.objectContaining({ digest: final, refs: expect.arrayContaining(tags) as unknown, bundle: 'signed' }),
    ])
    expect(run.outputs['cosign-verify']).toBe(
      `cosign verify --certificate-identity=${IDENTITY} --certificate-oidc-issuer=${GITHUB_ISSUER} --trusted-root=${sigstore.trustedRoot} ${tags.join(' ')}`,
    )
    expect(run.stdout).toContain(`::add-mask::`)
    // One bundle per repository holding the final digest; nothing attached to any earlier index.
    for (const [i, repository] of [
      [0, 'signed'],
      [1, 'signed-mirror'],
    ] as const) {
      const bundles = await bundlesOf(await client(i), repository, final)
      expect(bundles).toHaveLength(1)
      expect(verifyBundle(bundles[0], final, await trust(sigstore.trustedRoot))).toBe(IDENTITY)
    }
    const intermediates = new Set(indexPuts.map((p) => p.digest).filter((d) => d !== final))
    expect(intermediates.size).toBeGreaterThan(0)
    for (const digest of intermediates) expect(await fallbackIndex(await client(0), 'signed', digest)).toBeUndefined()
    const referrerPuts = puts.filter((p) => p.artifactType === BUNDLE_TYPE && p.where.startsWith('signed'))
    expect(referrerPuts).toHaveLength(2)
    expect(sigstore.calls).toMatchObject({ fulcio: 1, rekor: 1 })
    expect(run.summary).toContain('### Signatures')
  })

  test('the signature is refused for another digest, another identity or another trust root', async () => {
    const { records } = await threeAppends('refused')
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(run.code).toBe(0)
    const final = run.outputs.digest
    const [bundle] = await bundlesOf(await client(0), 'refused', final)
    const root = await trust(sigstore.trustedRoot)
    expect(verifyBundle(bundle, final, root)).toBe(IDENTITY)
    expect(() => verifyBundle(bundle, `sha256:${'0'.repeat(64)}`, root)).toThrow(/statement/)
    expect(() =>
      verifyBundle(bundle, final, root, 'https://github.com/octo/other/.github/workflows/x.yml@refs/heads/main'),
    ).toThrow()
    const other = await startSigstore(await tempDir('bake-fanout-sign-other-'))
    try {
      expect(() => verifyBundle(bundle, final, trustSync(other))).toThrow()
    } finally {
      await other.close()
    }
  })

  test('a foreign referrer in the fallback index is kept, and a second verify adds nothing and asks Sigstore nothing', async () => {
    const { records } = await threeAppends('again')
    const c = await client(0)
    const final = (await c.headManifest('again', '1'))!.digest
    const size = (await c.headManifest('again', '1'))!.size
    const foreign = await putForeignReferrer(c, 'again', { mediaType: OCI_INDEX, digest: final, size })
    const first = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(first.code).toBe(0)
    expect(first.outputs.digest).toBe(final)
    const listed = (await fallbackIndex(c, 'again', final))!.manifests.map((m) => m.digest)
    expect(listed).toHaveLength(2)
    expect(listed[0]).toBe(foreign.digest)
    const before = { ...sigstore.calls }
    const putsBefore = puts.filter((p) => p.where.includes(':sha256-') || p.mediaType === OCI_MANIFEST).length
    const second = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(second.code).toBe(0)
    expect(JSON.parse(second.outputs.signed)).toEqual([expect.objectContaining({ digest: final, bundle: 'reused' })])
    expect(sigstore.calls).toEqual({ ...before, oidc: before.oidc + 1 })
    expect(puts.filter((p) => p.where.includes(':sha256-') || p.mediaType === OCI_MANIFEST)).toHaveLength(putsBefore)
    expect(await bundlesOf(c, 'again', final)).toHaveLength(1)
  })

  test('no identity token: exit 1 naming sign and the permission, and nothing written', async () => {
    const { records } = await threeAppends('notoken')
    const before = puts.length
    const run = await runAction({ mode: 'verify', records, ...signingInputs() })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::.*sign.*id-token: write/)
    expect(puts.length).toBe(before)
  })

  test('a platform missing from the run: the tags are published (partial) but nothing is signed, and why is said', async () => {
    const { records } = await threeAppends('partial', PLATFORMS.slice(0, 2), { defer: 'true' })
    const before = { ...sigstore.calls }
    const run = await runAction({ mode: 'verify', records, partial: 'true', ...signingInputs() }, oidcEnv())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::warning::.*not signed: this run built no linux\/s390x/)
    expect(JSON.parse(run.outputs.signed)).toEqual([])
    expect(run.outputs['cosign-verify']).toBe('')
    expect(sigstore.calls).toEqual(before)
    const written = JSON.parse(run.outputs.result) as Record<string, { digest: string }>
    for (const { digest } of Object.values(written))
      expect(await fallbackIndex(await client(0), 'partial', digest)).toBeUndefined()
  })

  test('a private repository gets a signed timestamp and no log entry, and that verifies', async () => {
    const { records } = await threeAppends('private')
    const before = { ...sigstore.calls }
    const token = sigstore.token({ repository_visibility: 'private' })
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, { SIGSTORE_ID_TOKEN: token })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('timestamped, not logged')
    expect(sigstore.calls.rekor).toBe(before.rekor)
    expect(sigstore.calls.tsa).toBe(before.tsa + 1)
    const final = run.outputs.digest
    const [bytes] = await bundlesOf(await client(0), 'private', final)
    const bundle = JSON.parse(bytes.toString()) as {
      verificationMaterial: { tlogEntries?: unknown[]; timestampVerificationData: { rfc3161Timestamps: unknown[] } }
    }
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([])
    expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1)
    expect(verifyBundle(bytes, final, await trust(sigstore.trustedRoot))).toBe(IDENTITY)
    expect(run.outputs['cosign-verify']).toContain('--use-signed-timestamps --insecure-ignore-tlog=true')
  })
})

function artifactTypeOf(body: Buffer): { artifactType?: string } {
  const { artifactType } = JSON.parse(body.toString()) as { artifactType?: string }
  return artifactType ? { artifactType } : {}
}

/** The bundles attached to `digest`, found as cosign finds them where there is no referrers API. */
async function bundlesOf(client: RegistryClient, repository: string, digest: string): Promise<Buffer[]> {
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

async function fallbackIndex(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<ImageIndex | undefined> {
  const fetched = await client.getManifest(repository, digest.replace(':', '-'))
  return fetched && (JSON.parse(fetched.bytes.toString()) as ImageIndex)
}

async function trust(file: string) {
  return toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(await readFile(file, 'utf8'))))
}
function trustSync(services: SigstoreServices) {
  return toTrustMaterial(TrustedRoot.fromJSON(JSON.parse(readFileSync(services.trustedRoot, 'utf8'))))
}

/** Checks `bytes` as a consumer would; returns the certificate's identity. */
function verifyBundle(
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

/** Another tool's referrer (an SBOM), listed in the fallback index as such a tool would. */
async function putForeignReferrer(
  client: RegistryClient,
  repository: string,
  subject: Descriptor,
): Promise<Descriptor> {
  const layer = Buffer.from('{"spdxVersion":"SPDX-2.3"}')
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
    artifactType: 'application/spdx+json',
  }
  await client.putManifest(repository, descriptor.digest, { bytes: manifest, mediaType: OCI_MANIFEST })
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [descriptor] }))
  await client.putManifest(repository, subject.digest.replace(':', '-'), { bytes: index, mediaType: OCI_INDEX })
  return descriptor
}
