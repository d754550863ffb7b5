/**
 * Signing at the edges: a registry with the referrers API, a registry that acknowledges
 * a signature it does not keep, a bundle that claims our identity under another trust
 * root, a Sigstore outage, and a tag holding a platform this run did not build.
 */
import { DSSEBundleBuilder, FulcioSigner, RekorWitness } from '@sigstore/sign'
import { bundleToJSON } from '@sigstore/bundle'
import { sha256Digest } from '../../src/oci/digest.js'
import { type Descriptor, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { referrerManifest, signStatement } from '../../src/signing/artifact.js'
import { attach } from '../../src/signing/referrers.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type Quirk, type QuirkRequest, startQuirkProxy } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'
import {
  BUNDLE_TYPE,
  artifactTypeOf,
  bundlesOf,
  fallbackIndex,
  putForeignReferrer,
  trust,
  verifyBundle,
} from '../helpers/signing.js'
import { IDENTITY, type SigstoreServices, startSigstore } from '../helpers/sigstore-services.js'

const amd64 = { os: 'linux', architecture: 'amd64' }
const arm64 = { os: 'linux', architecture: 'arm64' }
const MANIFEST_PATH = /^\/v2\/(.+)\/manifests\/([^/?]+)$/

describeWithRegistry('signing at the edges', () => {
  let registry: RegistryServer
  let pool: RegistryPool
  let sigstore: SigstoreServices

  beforeAll(async () => {
    registry = await startRegistry()
    pool = testPool()
    sigstore = await startSigstore(await tempDir('bake-fanout-sign-edges-'))
  })
  afterAll(async () => {
    await pool.close()
    await sigstore.close()
    await registry.stop()
  })

  const signing = () => ({
    sign: 'true',
    'sigstore-fulcio-url': sigstore.fulcioUrl,
    'sigstore-rekor-url': sigstore.rekorUrl,
    'sigstore-tsa-url': sigstore.tsaUrl,
    'sigstore-trusted-root': sigstore.trustedRoot,
  })
  const oidc = () => ({ SIGSTORE_ID_TOKEN: sigstore.token() })

  /** amd64 and arm64 appended to `name:1` through a proxy with `quirk`; returns what verify needs. */
  async function appended(name: string, quirk: (req: QuirkRequest) => Quirk = () => undefined) {
    const proxy = await startQuirkProxy(registry.port, quirk)
    const client = await pool.client(proxy.host)
    const records = await tempDir('bake-fanout-sign-edges-records-')
    const ref = `${proxy.host}/${name}:1`
    const workdir = await bakeDir({ app: { tags: [ref], platforms: ['linux/amd64', 'linux/arm64'] } })
    for (const platform of [amd64, arm64]) {
      const image = await pushImage(client, name, platform, { attest: true })
      const metadata = metadataFor('app', image, [`${proxy.host}/${name}`])
      expect((await runAction({ mode: 'append', workdir, targets: 'app', metadata, settle: '0', records })).code).toBe(
        0,
      )
    }
    return { proxy, client, records, ref }
  }

  /** A proxy quirk that plays a registry with the referrers API (OCI-Subject, /referrers/ from what it kept); `lists: false` keeps none. */
  function referrersApi(lists = true, pageSize = Infinity) {
    const referrers = new Map<string, Descriptor[]>()
    const tagPuts: string[] = []
    const quirk = (req: QuirkRequest): Quirk => {
      const path = req.url.split('?')[0]
      const listing = /^\/v2\/.+\/referrers\/(sha256:[a-f0-9]{64})$/.exec(path)
      if (req.method === 'GET' && listing) {
        const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? 0)
        const all = referrers.get(listing[1]) ?? []
        const manifests = all.slice(page * pageSize, (page + 1) * pageSize)
        const body = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests })
        const more = (page + 1) * pageSize < all.length
        const link: Record<string, string> = more ? { link: `<${path}?page=${page + 1}>; rel="next"` } : {}
        return { answer: { status: 200, headers: { 'content-type': OCI_INDEX, ...link }, body } }
      }
      const put = MANIFEST_PATH.exec(path)
      if (req.method !== 'PUT' || !put) return undefined
      tagPuts.push(put[2])
      const { subject } = JSON.parse(req.body.toString()) as { subject?: Descriptor }
      if (!subject) return undefined
      const descriptor = {
        mediaType: OCI_MANIFEST,
        digest: sha256Digest(req.body),
        size: req.body.length,
        ...artifactTypeOf(req.body),
      }
      if (lists) referrers.set(subject.digest, [...(referrers.get(subject.digest) ?? []), descriptor])
      return { headers: (headers) => ({ ...headers, 'oci-subject': subject.digest }) }
    }
    return { quirk, referrers, tagPuts }
  }

  test('a registry with the referrers API lists the signature itself: no fallback tag is written', async () => {
    const { quirk, referrers, tagPuts } = referrersApi()
    const { proxy, client, records } = await appended('api', quirk)
    try {
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(0)
      const final = run.outputs.digest
      expect(tagPuts.filter((t) => t.startsWith('sha256-'))).toEqual([])
      const listed = referrers.get(final)!
      expect(listed.map((d) => d.artifactType)).toEqual([BUNDLE_TYPE])
      const manifest = JSON.parse((await client.getManifest('api', listed[0].digest))!.bytes.toString()) as {
        layers: Descriptor[]
      }
      const bundle = await client.blobs.get('api', manifest.layers[0].digest)
      expect(verifyBundle(bundle, final, trust(sigstore.trustedRoot))).toBe(IDENTITY)
      const before = { ...sigstore.calls }
      const again = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(again.code).toBe(0)
      expect(JSON.parse(again.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'reused' })])
      expect(sigstore.calls.fulcio).toBe(before.fulcio)
    } finally {
      await proxy.stop()
    }
  })

  test('a signature listed past the first page of the referrers API is one cosign cannot see: the step fails', async () => {
    const { quirk } = referrersApi(true, 1)
    const { proxy, client, records } = await appended('paged', quirk)
    try {
      const head = (await client.headManifest('paged', '1'))!
      for (let i = 0; i < 3; i++)
        await putForeignReferrer(
          client,
          'paged',
          { mediaType: OCI_INDEX, digest: head.digest, size: head.size },
          { n: i },
        )
      // cosign (go-containerregistry) reads the first page only: ours is listed fourth.
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(
        new RegExp(
          `::error::signing sha256:[a-f0-9]{64} .*${proxy.host}/paged: the referrers of sha256:[a-f0-9]{64} do not list the signature written \\(sha256:[a-f0-9]{64}\\) as cosign reads them \\(the referrers API, its first page\\)`,
        ),
      )
    } finally {
      await proxy.stop()
    }
  })

  test('a referrers API that accepts the subject but never lists it: the read-back fails naming the repository', async () => {
    const { quirk } = referrersApi(false)
    const { proxy, records } = await appended('unlisted', quirk)
    try {
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(
        new RegExp(
          `::error::signing sha256:[a-f0-9]{64} .*${proxy.host}/unlisted: the referrers of sha256:[a-f0-9]{64} do not list the signature written`,
        ),
      )
    } finally {
      await proxy.stop()
    }
  })

  test('a registry that refuses the fallback index: the step fails naming the registry and repository', async () => {
    let dropping = false
    const { proxy, records } = await appended('dropped', (req) => {
      const put = MANIFEST_PATH.exec(req.url.split('?')[0])
      const referrer = put && req.method === 'PUT' && artifactTypeOf(req.body).artifactType === BUNDLE_TYPE
      // Acknowledged, never stored: distribution then refuses an index listing it (MANIFEST_BLOB_UNKNOWN).
      return dropping && referrer
        ? { answer: { status: 201, headers: { 'docker-content-digest': put[2] } } }
        : undefined
    })
    try {
      dropping = true
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(
        new RegExp(
          `::error::signing sha256:[a-f0-9]{64} .*PUT ${proxy.host}/v2/dropped/manifests/sha256-[a-f0-9]{64}: MANIFEST_BLOB_UNKNOWN`,
        ),
      )
      expect(JSON.parse(run.outputs.signed)).toEqual([])
      expect(run.outputs['cosign-verify']).toBe('')
    } finally {
      await proxy.stop()
    }
  })

  test('a registry that serves the signature altered: the read-back fails naming the repository', async () => {
    let attached = false
    const { proxy, records } = await appended('altered', (req) => {
      const path = req.url.split('?')[0]
      if (req.method === 'PUT' && MANIFEST_PATH.test(path) && artifactTypeOf(req.body).artifactType === BUNDLE_TYPE)
        attached = true
      // Once the signature is attached, every blob is served with a bit flipped (as a corrupting cache would).
      return attached && req.method === 'GET' && /\/blobs\/sha256:/.test(path) ? { tamper: true } : undefined
    })
    try {
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(
        new RegExp(
          `::error::signing sha256:[a-f0-9]{64} .*${proxy.host}/altered: the signature written is not found valid when read back`,
        ),
      )
    } finally {
      await proxy.stop()
    }
  })

  test('a bundle claiming our identity under another trust root is not taken for ours', async () => {
    const { proxy, client, records } = await appended('forged')
    const impostor = await startSigstore(await tempDir('bake-fanout-sign-impostor-'))
    try {
      const head = (await client.headManifest('forged', '1'))!
      const subject = { mediaType: OCI_INDEX, digest: head.digest, size: head.size }
      const forged = await signWith(impostor, head.digest)
      await attach(
        { client, repository: 'forged' },
        head.digest,
        referrerManifest(forged, subject, new Date()),
        forged,
        false,
      )
      // Our own CA and log, but another workflow, and another issuer: not ours either.
      const elsewhere = 'octo/app/.github/workflows/other.yml@refs/heads/main'
      // And the same reusable workflow called from another repository: its identity alone would match.
      const others = [{ job_workflow_ref: elsewhere }, { iss: 'https://issuer.example' }, { repository: 'mallory/app' }]
      for (const claims of others) {
        const other = await signWith(sigstore, head.digest, claims)
        await attach(
          { client, repository: 'forged' },
          head.digest,
          referrerManifest(other, subject, new Date()),
          other,
          false,
        )
      }
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(0)
      expect(run.outputs.digest).toBe(head.digest)
      expect(JSON.parse(run.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'signed' })])
      const bundles = await bundlesOf(client, 'forged', head.digest)
      expect(bundles).toHaveLength(5)
      const root = trust(sigstore.trustedRoot)
      for (const earlier of bundles.slice(0, 3)) expect(() => verifyBundle(earlier, head.digest, root)).toThrow()
      expect(verifyBundle(bundles[4], head.digest, root)).toBe(IDENTITY)
    } finally {
      await impostor.close()
      await proxy.stop()
    }
  })

  test('a valid bundle of ours for another digest, listed under this one, is not taken for its signature', async () => {
    const { proxy, client, records } = await appended('misfiled')
    try {
      const head = (await client.headManifest('misfiled', '1'))!
      const subject = { mediaType: OCI_INDEX, digest: head.digest, size: head.size }
      const elsewhere = await signWith(sigstore, `sha256:${'e'.repeat(64)}`) // our CA and identity, another digest
      await attach(
        { client, repository: 'misfiled' },
        head.digest,
        referrerManifest(elsewhere, subject, new Date()),
        elsewhere,
        false,
      )
      const before = sigstore.calls.fulcio
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(0)
      expect(JSON.parse(run.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'signed' })])
      expect(sigstore.calls.fulcio).toBe(before + 1)
    } finally {
      await proxy.stop()
    }
  })

  test('a fallback index write the registry drops once is written again, and the signature stands', async () => {
    let dropped = 0
    const { proxy, client, records } = await appended('lossy', (req) => {
      const put = MANIFEST_PATH.exec(req.url.split('?')[0])
      const fallback = put && req.method === 'PUT' && put[2].startsWith('sha256-')
      // Acknowledged and lost, as a registry behind a cache that drops a write.
      return fallback && dropped++ === 0 ? { answer: { status: 201 } } : undefined
    })
    try {
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(0)
      expect(dropped).toBe(2)
      expect(await bundlesOf(client, 'lossy', run.outputs.digest)).toHaveLength(1)
    } finally {
      await proxy.stop()
    }
  })

  test('a bundle witnessed otherwise than the printed command requires is not reused', async () => {
    const { proxy, records } = await appended('witnessed')
    try {
      // Logged first: a timestamp-only run must not take it (its command would demand a signed timestamp).
      const logged = await runAction({ mode: 'verify', records, ...signing(), 'sign-tlog': 'true' }, oidc())
      expect(logged.code).toBe(0)
      expect(logged.outputs['cosign-verify']).not.toContain('--use-signed-timestamps')
      const stamped = await runAction({ mode: 'verify', records, ...signing(), 'sign-tlog': 'false' }, oidc())
      expect(stamped.code).toBe(0)
      expect(JSON.parse(stamped.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'signed' })])
      expect(stamped.outputs['cosign-verify']).toContain('--use-signed-timestamps')
      // And the other way: a logging run does not take the timestamp-only one.
      const fresh = await appended('witnessed-too')
      try {
        const first = await runAction(
          { mode: 'verify', records: fresh.records, ...signing(), 'sign-tlog': 'false' },
          oidc(),
        )
        expect(first.code).toBe(0)
        const second = await runAction(
          { mode: 'verify', records: fresh.records, ...signing(), 'sign-tlog': 'true' },
          oidc(),
        )
        expect(JSON.parse(second.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'signed' })])
        const third = await runAction(
          { mode: 'verify', records: fresh.records, ...signing(), 'sign-tlog': 'false' },
          oidc(),
        )
        expect(JSON.parse(third.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'reused' })])
      } finally {
        await fresh.proxy.stop()
      }
    } finally {
      await proxy.stop()
    }
  })

  test('a registry that refuses to serve a listed signature (not a 404) fails the step: it is not read as unsigned', async () => {
    let failing: string | undefined
    const { proxy, client, records } = await appended('flaky', (req) =>
      failing && req.method === 'GET' && req.url.split('?')[0].endsWith(`/manifests/${failing}`)
        ? { answer: { status: 403, body: '{"errors":[{"code":"DENIED","message":"storage policy denies the read"}]}' } }
        : undefined,
    )
    try {
      const first = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(first.code).toBe(0)
      failing = (await fallbackIndex(client, 'flaky', first.outputs.digest))!.manifests[0].digest
      const before = sigstore.calls.fulcio
      const second = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(second.code).toBe(1)
      expect(second.stdout).toMatch(/::error::signing sha256:[a-f0-9]{64} .*storage policy denies the read/)
      expect(sigstore.calls.fulcio).toBe(before)
      expect(await bundlesOf(client, 'flaky', first.outputs.digest).catch(() => [])).toHaveLength(0) // still failing
      failing = undefined
      expect(await bundlesOf(client, 'flaky', first.outputs.digest)).toHaveLength(1)
    } finally {
      await proxy.stop()
    }
  })

  test('an attestation another tool added for the run’s own image is not signed for', async () => {
    const { proxy, client, records, ref } = await appended('attested')
    try {
      const index = JSON.parse((await client.getManifest('attested', '1'))!.bytes.toString()) as {
        manifests: Descriptor[]
      }
      const ours = index.manifests.find((m) => m.platform?.architecture === 'amd64')!
      const other = await pushImage(client, 'attested', { os: 'unknown', architecture: 'unknown' })
      const foreign = {
        ...other.image,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': ours.digest,
        },
      }
      const bytes = Buffer.from(JSON.stringify({ ...index, manifests: [...index.manifests, foreign] }))
      await client.putManifest('attested', '1', { bytes, mediaType: OCI_INDEX })
      const run = await runAction({ mode: 'verify', records, prune: 'true', ...signing() }, oidc())
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        `${ref}: not signed: it holds an attestation of ${ours.digest} this run did not make`,
      )
    } finally {
      await proxy.stop()
    }
  })

  test('a crowded referrer listing does not hide the signature written', async () => {
    const { proxy, client, records } = await appended('crowded')
    try {
      const head = (await client.headManifest('crowded', '1'))!
      const subject = { mediaType: OCI_INDEX, digest: head.digest, size: head.size }
      for (let i = 0; i < 70; i++)
        await putForeignReferrer(client, 'crowded', subject, { n: i, listedAs: 'application/vnd.oci.empty.v1+json' })
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(0)
      expect((await fallbackIndex(client, 'crowded', head.digest))!.manifests).toHaveLength(71)
      const again = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(JSON.parse(again.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'reused' })])
    } finally {
      await proxy.stop()
    }
  })

  test('Fulcio down: the step fails naming the digest, and nothing is attached', async () => {
    const { proxy, client, records, ref } = await appended('outage')
    sigstore.down.add('fulcio')
    try {
      const run = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(new RegExp(`::error::signing sha256:[a-f0-9]{64} \\(${ref}\\): .*503`))
      expect(await fallbackIndex(client, 'outage', JSON.parse(run.outputs.result)[ref].digest)).toBeUndefined()
    } finally {
      sigstore.down.delete('fulcio')
      await proxy.stop()
    }
  })

  test('a tag holding a platform this run did not build is not signed, unless prune makes it the run’s', async () => {
    const { proxy, client, records, ref } = await appended('foreign')
    try {
      const s390x = await pushImage(client, 'foreign', { os: 'linux', architecture: 's390x' })
      const index = JSON.parse((await client.getManifest('foreign', '1'))!.bytes.toString()) as {
        manifests: Descriptor[]
      }
      const bytes = Buffer.from(
        JSON.stringify({ ...index, manifests: [...index.manifests, { ...s390x.image, platform: s390x.platform }] }),
      )
      await client.putManifest('foreign', '1', { bytes, mediaType: OCI_INDEX })
      const kept = await runAction({ mode: 'verify', records, ...signing() }, oidc())
      expect(kept.code).toBe(1)
      expect(kept.stdout).toContain(
        `::warning::${ref}: not signed: it holds linux/s390x (${s390x.image.digest}), which no record of this run names`,
      )
      expect(JSON.parse(kept.outputs.signed)).toEqual([])
      const pruned = await runAction({ mode: 'verify', records, prune: 'true', ...signing() }, oidc())
      expect(pruned.code).toBe(0)
      expect(JSON.parse(pruned.outputs.signed)).toEqual([expect.objectContaining({ digest: pruned.outputs.digest })])
      // An image with no platform (a puller may take it for any platform) is kept by prune, and refuses signing.
      const now = JSON.parse((await client.getManifest('foreign', '1'))!.bytes.toString()) as {
        manifests: Descriptor[]
      }
      const stray = Buffer.from(JSON.stringify({ ...now, manifests: [...now.manifests, s390x.image] }))
      await client.putManifest('foreign', '1', { bytes: stray, mediaType: OCI_INDEX })
      const strayed = await runAction({ mode: 'verify', records, prune: 'true', ...signing() }, oidc())
      expect(strayed.code).toBe(1)
      expect(strayed.stdout).toContain(
        `not signed: it holds an entry with no readable platform (${s390x.image.digest})`,
      )
    } finally {
      await proxy.stop()
    }
  })
})

/** A bundle made with another Sigstore (its own CA and log), for the same identity as ours. */
async function signWith(
  services: SigstoreServices,
  digest: string,
  claims: Record<string, unknown> = {},
): Promise<Buffer> {
  const builder = new DSSEBundleBuilder({
    signer: new FulcioSigner({
      fulcioBaseURL: services.fulcioUrl,
      identityProvider: { getToken: async () => services.token(claims) },
    }),
    witnesses: [new RekorWitness({ rekorBaseURL: services.rekorUrl, entryType: 'dsse' })],
  })
  const bundle = await builder.create({ data: signStatement(digest), type: 'application/vnd.in-toto+json' })
  return Buffer.from(JSON.stringify(bundleToJSON(bundle)))
}
