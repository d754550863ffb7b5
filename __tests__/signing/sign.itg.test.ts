/**
 * verify with `sign`, as the runner runs it, against the real registry (behind a proxy
 * that logs every manifest PUT) and Sigstore's mock services on 127.0.0.1. Signatures
 * are then read and checked here as a consumer does, with @sigstore/verify directly.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { DIST, cleanEnv, runAction, spawnNode } from '../helpers/action.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type QuirkProxy, startQuirkProxy } from '../helpers/proxies.js'
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
import { GITHUB_ISSUER, IDENTITY, type SigstoreServices, startSigstore } from '../helpers/sigstore-services.js'

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 's390x' },
]

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
      `cosign verify --certificate-identity=${IDENTITY} --certificate-oidc-issuer=${GITHUB_ISSUER} --certificate-github-workflow-repository=octo/app --trusted-root=${sigstore.trustedRoot} --allow-http-registry --allow-insecure-registry ${tags.join(' ')}`,
    )
    expect(run.stdout).toContain(`::add-mask::`)
    // One bundle per repository holding the final digest; nothing attached to any earlier index.
    for (const [i, repository] of [
      [0, 'signed'],
      [1, 'signed-mirror'],
    ] as const) {
      const bundles = await bundlesOf(await client(i), repository, final)
      expect(bundles).toHaveLength(1)
      expect(verifyBundle(bundles[0], final, trust(sigstore.trustedRoot))).toBe(IDENTITY)
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
    const root = trust(sigstore.trustedRoot)
    expect(verifyBundle(bundle, final, root)).toBe(IDENTITY)
    expect(() => verifyBundle(bundle, `sha256:${'0'.repeat(64)}`, root)).toThrow(/statement/)
    expect(() =>
      verifyBundle(bundle, final, root, 'https://github.com/octo/other/.github/workflows/x.yml@refs/heads/main'),
    ).toThrow()
    const other = await startSigstore(await tempDir('bake-fanout-sign-other-'))
    try {
      expect(() => verifyBundle(bundle, final, trust(other.trustedRoot))).toThrow()
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

  test('the Sigstore libraries load only when sign is on', async () => {
    const { records } = await threeAppends('lazy')
    const sigstoreChunks = chunksHolding('DSSEBundleBuilder')
    const loaded = async (inputs: Record<string, string>, env: Record<string, string>) => {
      const trace = path.join(await tempDir('bake-fanout-trace-'), 'chunks')
      await writeFile(trace, '')
      const preload = path.resolve(import.meta.dirname, '../helpers/chunk-trace.mjs')
      const run = await runAction(inputs, { ...env, NODE_OPTIONS: `--import=${preload}`, CHUNK_TRACE_FILE: trace })
      expect(run.code).toBe(0)
      return (await readFile(trace, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((url) => path.basename(url))
    }
    const without = await loaded({ mode: 'verify', records }, {})
    expect(without.length).toBeGreaterThan(0) // the registry modes' chunk, at least: the trace works
    expect(without.filter((c) => sigstoreChunks.includes(c))).toEqual([])
    expect(await loaded({ mode: 'verify', records, ...signingInputs() }, oidcEnv())).toEqual(
      expect.arrayContaining(sigstoreChunks),
    )
  })

  test('the command line signs too: SIGSTORE_ID_TOKEN, flags named like the inputs, JSON values out', async () => {
    const { records, tags } = await threeAppends('cli')
    const token = sigstore.token()
    const flags = Object.entries(signingInputs()).flatMap(([k, v]) => (k === 'sign' ? ['--sign'] : [`--${k}`, v]))
    const run = await spawnNode([DIST, 'verify', '--records', records, ...flags], {
      ...cleanEnv(),
      SIGSTORE_ID_TOKEN: token,
    })
    expect(run.stderr).not.toContain(token)
    expect(run.code).toBe(0)
    const viaGithub = await spawnNode([DIST, 'verify', '--records', records, ...flags], { ...cleanEnv(), ...oidcEnv() })
    expect(viaGithub.code).toBe(0)
    expect(JSON.parse(viaGithub.stdout)).toMatchObject({ signed: [{ bundle: 'reused' }] }) // stdout is JSON, nothing else
    const out = JSON.parse(run.stdout) as {
      digest: string
      signed: Array<{ digest: string; refs: string[] }>
      'cosign-verify': string
    }
    expect(out.signed).toEqual([
      expect.objectContaining({ digest: out.digest, refs: expect.arrayContaining(tags) as unknown }),
    ])
    expect(out['cosign-verify']).toContain(`--certificate-identity=${IDENTITY}`)
    const [bundle] = await bundlesOf(await client(0), 'cli', out.digest)
    expect(verifyBundle(bundle, out.digest, trust(sigstore.trustedRoot))).toBe(IDENTITY)
  })

  test('a repository that lost its bundle gets the existing one back, with no Sigstore call', async () => {
    const { records } = await threeAppends('restored')
    const first = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(first.code).toBe(0)
    const final = first.outputs.digest
    const [original] = await bundlesOf(await client(0), 'restored', final)
    // The mirror's fallback index is deleted behind the action's back.
    const fallback = (await (await client(1)).headManifest('restored-mirror', final.replace(':', '-')))!
    const url = `http://${registries[1].host}/v2/restored-mirror/manifests/${fallback.digest}`
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(202)
    expect(await bundlesOf(await client(1), 'restored-mirror', final)).toEqual([])
    const before = { ...sigstore.calls }
    const second = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(second.code).toBe(0)
    expect(JSON.parse(second.outputs.signed)).toEqual([expect.objectContaining({ digest: final, bundle: 'reused' })])
    expect(second.stdout).toContain('attached in 1 of 2 repositories')
    expect(sigstore.calls).toMatchObject({ fulcio: before.fulcio, rekor: before.rekor })
    expect(await bundlesOf(await client(1), 'restored-mirror', final)).toEqual([original])
  })

  test('a dry run says what it would sign, and signs, writes and asks nothing', async () => {
    const { records } = await threeAppends('dry')
    const before = { ...sigstore.calls }
    const putsBefore = puts.length
    const run = await runAction({ mode: 'verify', records, 'dry-run': 'true', ...signingInputs() }, oidcEnv())
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.signed)).toEqual([expect.objectContaining({ bundle: 'would sign' })])
    expect(run.outputs['cosign-verify']).toBe('')
    expect(sigstore.calls).toEqual(before)
    expect(puts.length).toBe(putsBefore)
  })

  test('a run whose platform job failed (no defer) publishes what it built, but signs none of it', async () => {
    const { records } = await threeAppends('incomplete', PLATFORMS.slice(0, 2))
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::warning::.*incomplete:1: not signed: this run built no linux\/s390x/)
    expect(JSON.parse(run.outputs.signed)).toEqual([])
    expect(JSON.parse(run.outputs.result)[Object.keys(JSON.parse(run.outputs.result))[0]].platforms).toHaveLength(2)
  })

  test('what refuses signing refuses it before any write: an unusable trust root, an unverified email, an expired token', async () => {
    const { records } = await threeAppends('refusing')
    const empty = path.join(await tempDir('bake-fanout-root-'), 'trusted_root.json')
    await writeFile(empty, '{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1"}')
    const before = puts.length
    const rootless = await runAction(
      { mode: 'verify', records, ...signingInputs(), 'sigstore-trusted-root': empty },
      oidcEnv(),
    )
    expect(rootless.code).toBe(1)
    expect(rootless.stdout).toMatch(/::error::sign: .*trusted_root\.json names no certificate authorities/)
    const token = sigstore.token({ email: 'dev@example.com', email_verified: false })
    const unverified = await runAction({ mode: 'verify', records, ...signingInputs() }, { SIGSTORE_ID_TOKEN: token })
    expect(unverified.code).toBe(1)
    expect(unverified.stdout).toMatch(/::error::sign: the identity token's email is not verified/)
    expect(unverified.stdout.split(token).length - 1).toBe(1) // the add-mask line only
    const privateSigstore = await runAction(
      { mode: 'verify', records, sign: 'true', 'sigstore-fulcio-url': sigstore.fulcioUrl },
      oidcEnv(),
    )
    expect(privateSigstore.code).toBe(1)
    expect(privateSigstore.stdout).toMatch(/::error::input 'sigstore-trusted-root': required with sigstore-fulcio-url/)
    const stale = sigstore.token({ exp: Math.floor(Date.now() / 1000) - 5 })
    const expired = await runAction({ mode: 'verify', records, ...signingInputs() }, { SIGSTORE_ID_TOKEN: stale })
    expect(expired.code).toBe(1)
    expect(expired.stdout).toMatch(/::error::sign: the identity token expires at/)
    expect(puts.length).toBe(before)
  })

  test('a run appended without a bake file cannot tell a missing platform: sign refuses it before any write', async () => {
    const records = await tempDir('bake-fanout-sign-records-')
    const [a] = proxies.map((p) => p.host)
    const tags = [`${a}/nobake:1`]
    const image = await pushImage(await client(0), 'nobake', PLATFORMS[0], { attest: true })
    const metadata = metadataFor('app', image, [`${a}/nobake`])
    const workdir = await tempDir('bake-fanout-nobake-')
    const append = await runAction({ mode: 'append', workdir, tags: tags.join('\n'), metadata, settle: '0', records })
    expect(append.code).toBe(0)
    const before = puts.length
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::input 'sign': target app: its records state no target platforms/)
    expect(puts.length).toBe(before)
  })

  test('a token given once must outlast the orphan wait before signing: refused before any write', async () => {
    const { records } = await threeAppends('outlast', PLATFORMS, { 'orphan-horizon': '120' })
    // A crashed job: its record has no completion mark, so verify waits its 120 s horizon before writing.
    for (const f of await readdir(records)) if (f.endsWith('.done.json')) await rm(path.join(records, f))
    const before = puts.length
    const token = sigstore.token({ exp: Math.floor(Date.now() / 1000) + 120 })
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, { SIGSTORE_ID_TOKEN: token })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::sign: the identity token expires at/)
    expect(puts.length).toBe(before)
  })

  test('an error that quotes a token never prints it', async () => {
    const { records } = await threeAppends('echoed')
    // The token service answers well for the claims, then a token @sigstore/sign refuses, quoting it.
    const garbage = 'x.' + Buffer.from('not json, a secret all the same').toString('base64url') + '.y'
    sigstore.oidcAnswers.push(sigstore.token(), garbage)
    const run = await runAction({ mode: 'verify', records, ...signingInputs() }, oidcEnv())
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::signing sha256:[a-f0-9]{64} .*invalid identity token: \*\*\*/)
    expect(run.stdout.split(garbage).length - 1).toBe(1) // the add-mask line only
    expect(run.summary).not.toContain(garbage)
    expect(run.outputs.signed).not.toContain(garbage)
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
    expect(sigstore.calls).toMatchObject({ fulcio: before.fulcio, rekor: before.rekor, tsa: before.tsa })
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
    // The token is masked before anything could print it, and printed nowhere else.
    expect(run.stdout.split(token).length - 1).toBe(1)
    expect(run.stdout).toContain(`::add-mask::${token}`)
    expect(sigstore.calls.rekor).toBe(before.rekor)
    expect(sigstore.calls.tsa).toBe(before.tsa + 1)
    const final = run.outputs.digest
    const [bytes] = await bundlesOf(await client(0), 'private', final)
    const bundle = JSON.parse(bytes.toString()) as {
      verificationMaterial: { tlogEntries?: unknown[]; timestampVerificationData: { rfc3161Timestamps: unknown[] } }
    }
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([])
    expect(bundle.verificationMaterial.timestampVerificationData.rfc3161Timestamps).toHaveLength(1)
    expect(verifyBundle(bytes, final, trust(sigstore.trustedRoot))).toBe(IDENTITY)
    expect(run.outputs['cosign-verify']).toContain('--use-signed-timestamps --insecure-ignore-tlog=true')
  })
})

/** The dist chunks whose code names `text` (ncc names chunks by number). */
function chunksHolding(text: string): string[] {
  const dist = path.dirname(DIST)
  const chunks = readdirSync(dist).filter((f) => /^\d+\.index\.js$/.test(f))
  const holding = chunks.filter((f) => readFileSync(path.join(dist, f), 'utf8').includes(text))
  expect(holding.length).toBeGreaterThan(0)
  return holding
}
