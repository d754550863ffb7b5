/**
 * Signing against a fake registry and mock Sigstore services, read back as cosign reads
 * (go-containerregistry's referrers: the API only when it answers 200 with the OCI index
 * type, its first page only; else the fallback tag, asked for as an OCI index).
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { fallbackTag } from '../../src/registry/referrers.js'
import type { SigningPlan } from '../../src/signing/plan.js'
import { type PreparedSigner, SigningSetupError, prepareSigning, signDigests } from '../../src/signing/sign.js'
import { closeAll, fakeClient } from '../helpers/fake-server.js'
import { type FakeRegistry, type FakeRegistryOptions, fakeRegistry } from '../helpers/fake-registry.js'
import { recordingLogger } from '../helpers/logger.js'
import { IDENTITY, type SigstoreServices, startSigstore } from '../helpers/sigstore-services.js'

const INDEX = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }))
const DIGEST = sha256Digest(INDEX)
const SUBJECT = { mediaType: OCI_INDEX, digest: DIGEST, size: INDEX.length }
const FOREIGN = {
  mediaType: OCI_MANIFEST,
  digest: `sha256:${'5'.repeat(64)}`,
  size: 10,
  artifactType: 'application/spdx+json',
}

let services: SigstoreServices
let signer: PreparedSigner
beforeAll(async () => {
  services = await startSigstore(await mkdtemp(path.join(tmpdir(), 'bake-fanout-sign-unit-')))
  signer = await prepare()
})
afterAll(() => services.close())
afterEach(closeAll)

function prepare(token = () => services.token(), log = recordingLogger()) {
  const { fulcioUrl, tsaUrl, trustedRoot } = services
  return prepareSigning(
    { fulcioUrl, tsaUrl, tlog: 'false', trustedRoot },
    { fetch: async () => token(), renewable: true },
    { log, now: () => Date.now(), signsAfterMs: 0 },
  )
}

const plan = (registry: FakeRegistry): SigningPlan => ({
  sign: [
    {
      digest: DIGEST,
      subject: SUBJECT,
      refs: [`${registry.host}/app:1`],
      sites: [{ registry: registry.host, repository: 'app' }],
    },
  ],
  refused: [],
})

async function sign(registry: FakeRegistry, by = signer) {
  const log = recordingLogger()
  const client = fakeClient(registry)
  const result = await signDigests(plan(registry), by, { client: async () => client, log, now: () => new Date() })
  return { result, log }
}

async function registryWith(options: FakeRegistryOptions = {}) {
  const registry = await fakeRegistry(options)
  registry.put('app', '1', { bytes: INDEX, mediaType: OCI_INDEX })
  return registry
}

/** The fallback index as stored: its media type and the digests it lists. */
function fallbackOf(registry: FakeRegistry) {
  const stored = registry.manifest('app', fallbackTag(DIGEST))
  if (!stored) return undefined
  const index = JSON.parse(stored.bytes.toString()) as { mediaType: string; manifests: Array<{ digest: string }> }
  return { contentType: stored.mediaType, mediaType: index.mediaType, digests: index.manifests.map((m) => m.digest) }
}

describe('without a referrers API', () => {
  test('the bundle is attached and listed in the fallback tag, an OCI index; a second run reuses it', async () => {
    const registry = await registryWith()
    const { result } = await sign(registry)
    expect(result.failures).toEqual([])
    expect(result.signed).toEqual([expect.objectContaining({ digest: DIGEST, bundle: 'signed' })])
    expect(result.signer).toMatchObject({ identity: IDENTITY, repository: 'octo/app' })
    const fallback = fallbackOf(registry)!
    expect(fallback).toMatchObject({ contentType: OCI_INDEX, mediaType: OCI_INDEX })
    expect(fallback.digests).toHaveLength(1)
    const fulcio = services.calls.fulcio
    const again = await sign(registry)
    expect(again.result.signed).toEqual([expect.objectContaining({ bundle: 'reused' })])
    expect(services.calls.fulcio).toBe(fulcio)
  })

  test('a Docker manifest list at the fallback tag is rewritten as an OCI index, its entries kept', async () => {
    const registry = await registryWith()
    const list = { schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [FOREIGN] }
    registry.put('app', fallbackTag(DIGEST), {
      bytes: Buffer.from(JSON.stringify(list)),
      mediaType: DOCKER_MANIFEST_LIST,
    })
    const { result } = await sign(registry)
    expect(result.failures).toEqual([])
    const fallback = fallbackOf(registry)!
    expect(fallback).toMatchObject({ contentType: OCI_INDEX, mediaType: OCI_INDEX })
    expect(fallback.digests[0]).toBe(FOREIGN.digest)
    expect(fallback.digests).toHaveLength(2)
  })

  test('a fallback tag that answers cosign’s read (OCI index only) as a Docker list is invisible: the step fails', async () => {
    const tag = fallbackTag(DIGEST)
    const registry = await registryWith({
      intercept: (req, res) => {
        const stored = req.headers.accept === OCI_INDEX && req.url.endsWith(tag) && registry.manifest('app', tag)
        if (!stored) return false
        res.writeHead(200, { 'content-type': DOCKER_MANIFEST_LIST })
        res.end(Buffer.from(stored.bytes.toString().replace(OCI_INDEX, DOCKER_MANIFEST_LIST)))
        return true
      },
    })
    const { result } = await sign(registry)
    expect(result.signed).toEqual([])
    expect(result.failures[0]).toContain('do not list the signature written (sha256:')
    expect(result.failures[0]).toContain('as cosign reads them (the fallback tag, as an OCI index)')
  })

  test('a fallback tag that stays a Docker list whatever is written fails by name', async () => {
    const tag = fallbackTag(DIGEST)
    const registry = await registryWith({
      intercept: (req, res) => {
        const stored = req.method === 'GET' && req.url.endsWith(tag) && registry.manifest('app', tag)
        if (!stored) return false
        res.writeHead(200, { 'content-type': DOCKER_MANIFEST_LIST })
        res.end(Buffer.from(stored.bytes.toString().replace(OCI_INDEX, DOCKER_MANIFEST_LIST)))
        return true
      },
    })
    const { result } = await sign(registry)
    expect(result.failures[0]).toMatch(
      new RegExp(`${registry.host}/app:${tag} still does not list sha256:[a-f0-9]{64} in an OCI index after 5 writes$`),
    )
  })
})

describe('reading what is there', () => {
  test('a listed referrer that is gone, or whose bundle is, is skipped: signed anew', async () => {
    const registry = await registryWith()
    await sign(registry)
    const [ours] = fallbackOf(registry)!.digests
    // The bundle blob disappears; a listed manifest never existed.
    registry.blobs.clear()
    const list = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [FOREIGN, { mediaType: OCI_MANIFEST, digest: ours, size: 1 }],
    }
    registry.put('app', fallbackTag(DIGEST), { bytes: Buffer.from(JSON.stringify(list)), mediaType: OCI_INDEX })
    const { result } = await sign(registry)
    expect(result.failures).toEqual([])
    expect(result.signed).toEqual([expect.objectContaining({ bundle: 'signed' })])
  })

  test('a registry that cannot answer for a referrer fails the digest (never taken as unsigned)', async () => {
    const registry = await registryWith({
      intercept: (req, res) => (req.url.endsWith(FOREIGN.digest) ? (res.writeHead(400).end(), true) : false),
    })
    const list = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [FOREIGN] }
    registry.put('app', fallbackTag(DIGEST), { bytes: Buffer.from(JSON.stringify(list)), mediaType: OCI_INDEX })
    const { result } = await sign(registry)
    expect(result.signed).toEqual([])
    expect(result.failures[0]).toContain(`GET ${registry.host}/v2/app/manifests/${FOREIGN.digest}: HTTP 400`)
  })
})

describe('with a referrers API', () => {
  test('answering with the OCI index type, it lists the signature: no fallback tag', async () => {
    const registry = await registryWith({ referrersApi: true })
    const { result } = await sign(registry)
    expect(result.failures).toEqual([])
    expect(fallbackOf(registry)).toBeUndefined()
  })

  test('answering 200 with another Content-Type, it does not count (as cosign): the fallback tag is written', async () => {
    const registry = await registryWith({ referrersApi: true, referrersType: 'application/json' })
    const { result } = await sign(registry)
    expect(result.failures).toEqual([])
    expect(fallbackOf(registry)?.digests).toHaveLength(1)
  })

  test('a signature past the first page is one cosign cannot see: the step fails, saying so', async () => {
    const registry = await registryWith({ referrersApi: true, pageSize: 1 })
    const foreign = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: 'x/sbom', subject: SUBJECT }),
    )
    registry.put('app', sha256Digest(foreign), { bytes: foreign, mediaType: OCI_MANIFEST })
    const { result } = await sign(registry)
    expect(result.signed).toEqual([])
    // The next page is never asked for, as cosign never asks.
    expect(registry.requests.filter((r) => r.url.includes('/referrers/') && r.url.includes('page='))).toEqual([])
    expect(result.failures[0]).toMatch(
      new RegExp(
        `^${DIGEST} \\(.*\\): ${registry.host}/app: the referrers of ${DIGEST} do not list the signature written \\(sha256:[a-f0-9]{64}\\) as cosign reads them \\(the referrers API, its first page\\)$`,
      ),
    )
  })
})

describe('preparing', () => {
  test('a dry run says what it would sign, and signs nothing', async () => {
    const registry = await registryWith()
    const deps = { client: async () => fakeClient(registry), log: recordingLogger(), now: () => new Date() }
    const result = await signDigests(plan(registry), undefined, deps)
    expect(result.signed).toEqual([expect.objectContaining({ digest: DIGEST, bundle: 'would sign' })])
    expect(registry.requests).toHaveLength(0)
  })

  test('a token that is no JWT fails setup, and the token is not printed', async () => {
    const error = await prepare(() => 'not-a-jwt-secret').catch((e: Error) => e)
    expect(error).toBeInstanceOf(SigningSetupError)
    expect((error as Error).message).toBe('sign: the identity token is not a JWT with a JSON payload')
  })

  test('a certificate naming another identity than the token predicts is said, and names the signer from then on', async () => {
    const token = services.token({
      fulcio_san: 'https://github.com/octo/app/.github/workflows/other.yml@refs/heads/main',
    })
    const registry = await registryWith()
    const { result, log } = await sign(registry, await prepare(() => token))
    expect(result.failures).toEqual([])
    expect(result.signer?.identity).toBe('https://github.com/octo/app/.github/workflows/other.yml@refs/heads/main')
    expect(log.lines).toContainEqual(
      expect.stringMatching(/^Fulcio certified .*other\.yml.*, not .*release\.yml.* as expected/),
    )
  })

  test('a token is masked as soon as it is fetched; the witnessing is said', async () => {
    const log = recordingLogger()
    const token = services.token({ repository_visibility: 'private' })
    const prepared = await prepare(() => token, log)
    expect(log.secrets).toEqual([token])
    expect(prepared.witnessing.rekor).toBe(false)
    expect(prepared.redact(`oops ${token}`)).toBe('oops ***')
  })
})
