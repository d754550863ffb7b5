/**
 * What the action reads is data: a registry (behind a quirk proxy where it must
 * misbehave), records of other runs and error bodies are made hostile, and each test
 * asserts the outcome — the exit code, the error or warning line, the registry writes,
 * and that no printed line can start a workflow command the action did not mean.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { type Descriptor, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { Platform } from '../../src/image-index/platform.js'
import { type ActionRun, DIST, cleanEnv, runAction, spawnNode } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tagPlatforms, tempDir, writeRecord } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { type Quirk, type QuirkProxy, type QuirkRequest, startQuirkProxy } from '../helpers/proxies.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'
import { testPool } from '../helpers/pool.js'

const HOSTILE = 'x\n::add-mask::pwned\n::stop-commands::INJECTED\n  ::warning::fake\r##[add-mask]pwned2'

/** Lines the runner would read as a command the hostile text carries (the action's own start `::error::` etc. at column 0). */
function injectedLines(run: ActionRun): string[] {
  const lines = `${run.stdout}\n${run.stderr}`.split(/\r\n|\r|\n/)
  return lines.filter(
    (line) => line.includes('##[') || /^\s*::(add-mask|stop-commands)::/.test(line) || /^\s*::warning::fake/.test(line),
  )
}

describeWithRegistry('hostile registries, records and answers', () => {
  const fixture = useRegistry()
  let proxy: QuirkProxy
  let quirk: (req: QuirkRequest) => Quirk = () => undefined
  let amd64: PushedImage
  let arm64: PushedImage
  const platform = (architecture: string): Platform => ({ os: 'linux', architecture })
  const host = () => proxy.host

  beforeAll(async () => {
    proxy = await startQuirkProxy(fixture.registry.port, (req) => quirk(req))
    ;[amd64, arm64] = await Promise.all([
      pushImage(fixture.client, 'hostile', platform('amd64'), { attest: true }),
      pushImage(fixture.client, 'hostile', platform('arm64'), { attest: true }),
    ])
  })
  afterAll(() => proxy.stop())
  afterEach(() => {
    quirk = () => undefined
  })

  async function append(tags: string[], image: PushedImage, inputs: Record<string, string> = {}) {
    const workdir = await bakeDir({ app: { tags, platforms: ['linux/amd64', 'linux/arm64', 'windows/amd64'] } })
    const metadata = metadataFor('app', image, [`${host()}/hostile`])
    const records = inputs.records ?? (await tempDir())
    return runAction({ mode: 'append', workdir, targets: 'app', metadata, settle: '0', records, ...inputs })
  }

  async function putIndex(tag: string, manifests: object[], extra: object = {}) {
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests, ...extra }))
    await fixture.client.putManifest('hostile', tag, { bytes, mediaType: OCI_INDEX })
    return sha256Digest(bytes)
  }

  const tagWrites = async (mark: number, tag: string) =>
    (await fixture.registry.requestsSince(mark)).filter((r) => r === `PUT /v2/hostile/manifests/${tag}`)

  test('a GET by digest answered 404 right after HEAD named it: read again, never written from as an absent tag', async () => {
    await putIndex('vanish', [arm64.image, arm64.attestation!])
    const current = (await fixture.client.headManifest('hostile', 'vanish'))!.digest
    const isGet = (req: QuirkRequest) => req.method === 'GET' && req.url === `/v2/hostile/manifests/${current}`
    quirk = (req) =>
      isGet(req) ? { answer: { status: 404, body: '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}' } } : undefined
    const mark = fixture.registry.output().length
    const run = await append([`${host()}/hostile:vanish`], amd64)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `${host()}/hostile:vanish: HEAD names ${current}, which GET by digest does not find (3 reads): not read as an absent tag, nothing written`,
    )
    expect(await tagWrites(mark, 'vanish')).toEqual([])
    expect(await tagPlatforms(fixture.client, 'hostile', 'vanish')).toEqual(['linux/arm64'])
    // Once only (a lagging replica): the second read finds it, and both platforms are kept.
    let misses = 0
    quirk = (req) => (isGet(req) && misses++ === 0 ? { answer: { status: 404 } } : undefined)
    const again = await append([`${host()}/hostile:vanish`], amd64)
    expect(again.code).toBe(0)
    expect(await tagPlatforms(fixture.client, 'hostile', 'vanish')).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test('a HEAD whose Docker-Content-Digest names a digest the registry does not hold: the tag fails clearly', async () => {
    await putIndex('wronghead', [arm64.image, arm64.attestation!])
    const bogus = 'sha256:' + 'b'.repeat(64)
    quirk = (req) =>
      req.method === 'HEAD' && req.url === '/v2/hostile/manifests/wronghead'
        ? { headers: (h) => ({ ...h, 'docker-content-digest': bogus }) }
        : undefined
    const mark = fixture.registry.output().length
    const run = await append([`${host()}/hostile:wronghead`], amd64)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`HEAD names ${bogus}, which GET by digest does not find`)
    expect(await tagWrites(mark, 'wronghead')).toEqual([])
  })

  test("hostile text in an index entry, index annotations, an error body and other runs' records prints no command", async () => {
    const records = await tempDir()
    // Another run's records in the shared directory: a run id and a target holding commands.
    await writeRecord(
      records,
      'forged',
      {
        target: `app${HOSTILE}`,
        platforms: ['linux/amd64'],
        digest: amd64.descriptor.digest,
        repositories: [`${host()}/hostile`],
        tags: [`${host()}/hostile:inject`],
        runId: `666${HOSTILE}`,
      },
      false,
    )
    await writeFile(path.join(records, `bad${'\n::add-mask::file'}.json`), '{not json')
    const hostileEntry: Descriptor = {
      ...arm64.image,
      platform: { os: 'linux', architecture: 'arm64', variant: `v8${HOSTILE}` },
    }
    // Another tool's entry without `os` (the registry holds its manifest: distribution checks children).
    const s390x = await pushImage(fixture.client, 'hostile', platform('s390x'))
    const noOs = { ...s390x.image, platform: { architecture: 's390x' } }
    await putIndex('inject', [hostileEntry, noOs], { annotations: { [`k${HOSTILE}`]: HOSTILE } })
    // The other tag's PUT is refused with an error body full of commands.
    quirk = (req) =>
      req.method === 'PUT' && req.url === '/v2/hostile/manifests/refused'
        ? { answer: { status: 400, body: JSON.stringify({ errors: [{ code: 'DENIED', message: HOSTILE }] }) } }
        : undefined
    const run = await append([`${host()}/hostile:inject`, `${host()}/hostile:refused`], amd64, { records })
    expect(run.code).toBe(1) // the refused tag
    expect(injectedLines(run)).toEqual([])
    expect(run.stdout).toContain(
      '::warning::records: skipped "forged.json": record forged.json: no target, or not a bake target name',
    )
    expect(run.stdout).toMatch(
      /::warning::.*hostile:inject: entry "sha256:[0-9a-f]{64}" names a platform this tool cannot read/,
    )
    // Both foreign entries are kept as they were, beside the new platform.
    const index = await tagIndex(fixture.client, 'hostile', 'inject')
    expect(index?.manifests.map((m) => m.digest)).toEqual(
      expect.arrayContaining([hostileEntry.digest, noOs.digest, amd64.image.digest]),
    )
    // verify reads the same directory: the forged record is skipped, nothing it says is printed raw.
    const verify = await runAction({ mode: 'verify', records, 'dry-run': 'true' })
    expect(injectedLines(verify)).toEqual([])
    // The command line (GitLab, Jenkins … or a `run:` step) prints the same failure on stderr, inert too.
    const workdir = await bakeDir({ app: { tags: [`${host()}/hostile:refused`], platforms: ['linux/amd64'] } })
    const metadata = metadataFor('app', amd64, [`${host()}/hostile`])
    const argv = ['append', '--workdir', workdir, '--targets', 'app', '--metadata', metadata, '--settle', '0']
    const cli = await spawnNode([DIST, ...argv, '--records', records], cleanEnv())
    expect(cli.code).toBe(1)
    expect(cli.stderr).toContain('error: 1 of 1 tags failed:')
    expect(injectedLines({ ...cli, outputs: {}, summary: '' })).toEqual([])
  })

  test("verify checks each record's platforms against its digest: a lying record of this run fails its target, nothing written", async () => {
    const records = await tempDir()
    await putIndex('liar', [arm64.image, arm64.attestation!])
    expect((await append([`${host()}/hostile:liar`], amd64, { records })).code).toBe(0)
    // A record of this run that says s390x for an amd64 image.
    await writeRecord(records, 'lie', {
      target: 'app',
      platforms: ['linux/s390x'],
      digest: amd64.descriptor.digest,
      repositories: [`${host()}/hostile`],
      tags: [`${host()}/hostile:liar`],
    })
    const before = await fixture.client.headManifest('hostile', 'liar')
    for (const prune of ['false', 'true']) {
      const mark = fixture.registry.output().length
      const verify = await runAction({ mode: 'verify', records, prune })
      expect(verify.code).toBe(1)
      expect(verify.stdout).toContain(
        `the record of app (attempt 1) says linux/s390x, but ${amd64.descriptor.digest} holds linux/amd64: none of app's tags is written`,
      )
      expect(await tagWrites(mark, 'liar')).toEqual([])
    }
    expect((await fixture.client.headManifest('hostile', 'liar'))?.digest).toBe(before?.digest)
  })

  test('a Windows rebuild with a newer patch replaces the older entry (major.minor.build is the identity)', async () => {
    const win = (version: string) =>
      pushImage(fixture.client, 'hostile', { os: 'windows', architecture: 'amd64', 'os.version': version })
    const [older, newer] = [await win('10.0.20348.2762'), await win('10.0.20348.2849')]
    expect((await append([`${host()}/hostile:win`], older)).code).toBe(0)
    expect((await append([`${host()}/hostile:win`], newer)).code).toBe(0)
    const index = await tagIndex(fixture.client, 'hostile', 'win')
    expect(index?.manifests.map((m) => [m.digest, m.platform?.['os.version']])).toEqual([
      [newer.image.digest, '10.0.20348.2849'],
    ])
  })

  test('paths that cannot work fail at once; a dry run needs no records directory yet', async () => {
    const mark = fixture.registry.output().length
    const proc = await append([`${host()}/hostile:proc`], amd64, { records: '/proc/self/nope/records' })
    expect(proc.code).toBe(1)
    expect(proc.stdout).toContain("::error::input 'records': '/proc/self/nope/records' cannot be written (ENOENT)")
    expect((await fixture.registry.methodsSince(mark)).filter((m) => !['GET', 'HEAD'].includes(m))).toEqual([])
    const missing = path.join(await tempDir(), 'not', 'yet')
    const dry = await append([`${host()}/hostile:dry`], amd64, { records: missing, 'dry-run': 'true' })
    expect({ code: dry.code, stdout: dry.code === 0 ? '' : dry.stdout }).toEqual({ code: 0, stdout: '' })
    expect(JSON.parse(dry.outputs.result)[`${host()}/hostile:dry`].changed).toBe(true)
  })

  test('a tag named twice is written once', async () => {
    const mark = fixture.registry.output().length
    const tag = `${host()}/hostile:dup`
    const run = await append([tag, tag], amd64, { tags: `${tag}\n${tag}` })
    expect(run.code).toBe(0)
    expect(await tagWrites(mark, 'dup')).toHaveLength(1)
  })

  test("a tag holding an artifact's index (a referrers fallback tag) is not merged into", async () => {
    const subject = { mediaType: OCI_MANIFEST, digest: amd64.image.digest, size: amd64.image.size }
    await putIndex('sha256-artifact', [], { subject, artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json' })
    const mark = fixture.registry.output().length
    const run = await append([`${host()}/hostile:sha256-artifact`], amd64)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `hostile:sha256-artifact holds an artifact's index (artifactType "application/vnd.dev.sigstore.bundle.v0.3+json"), not a multi-platform image: no platform is added to it, nothing written`,
    )
    expect(await tagWrites(mark, 'sha256-artifact')).toEqual([])
  })

  test('an image labelled as an index by its Content-Type is read as the image it is', async () => {
    await fixture.client.putManifest('hostile', 'labelled', await manifestOf(arm64.image.digest))
    quirk = (req) =>
      req.url === '/v2/hostile/manifests/labelled' || req.url.startsWith('/v2/hostile/manifests/sha256:')
        ? { headers: (h) => ({ ...h, 'content-type': OCI_INDEX }) }
        : undefined
    const run = await append([`${host()}/hostile:labelled`], amd64)
    expect(run.code).toBe(0)
    expect(await tagPlatforms(fixture.client, 'hostile', 'labelled')).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test('a declared 2 GB manifest is refused at once, not read until the bound', async () => {
    quirk = (req) =>
      req.method === 'GET' && req.url === '/v2/hostile/manifests/huge'
        ? { answer: { status: 200, headers: { 'content-length': '2147483648', 'content-type': OCI_INDEX }, body: '{' } }
        : undefined
    const pool = testPool()
    try {
      const client = await pool.client(host())
      const error = await client.getManifest('hostile', 'huge').catch((e: Error) => e)
      expect((error as Error).message).toBe(
        `manifest ${host()}/hostile:huge is larger than 4194304 bytes (Content-Length 2147483648)`,
      )
    } finally {
      await pool.close()
    }
  })

  test('metadata saved with a UTF-8 byte order mark is read', async () => {
    const file = path.join(await tempDir(), 'metadata.json')
    await writeFile(file, '\uFEFF' + metadataFor('app', amd64, [`${host()}/hostile`]))
    const run = await append([`${host()}/hostile:bom`], amd64, { metadata: file })
    expect(run.code).toBe(0)
    expect(await readFile(file, 'utf8')).toMatch(/^\uFEFF/)
  })

  async function manifestOf(digest: string) {
    const fetched = (await fixture.client.getManifest('hostile', digest))!
    return { bytes: fetched.bytes, mediaType: fetched.mediaType }
  }
})
