import { mkdir, readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { DOCKER_MANIFEST_LIST, OCI_INDEX } from '../../src/oci/types.js'
import { sha256Digest } from '../../src/oci/digest.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tempDir, withoutStamps } from '../helpers/fixtures.js'
import { recordName } from '../../src/records/record.js'
import { CREATED } from '../../src/image-index/entries.js'
import { selfSignedCertificate } from '../helpers/certificates.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { startFaultProxy } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

const amd64 = { os: 'linux', architecture: 'amd64' }
const arm64 = { os: 'linux', architecture: 'arm64' }

describeWithRegistry('append mode, one registry', () => {
  let registry: RegistryServer
  let pool: RegistryPool
  let client: RegistryClient
  let records: string
  beforeAll(async () => {
    registry = await startRegistry()
    pool = testPool()
    client = await pool.client(registry.host)
    records = await tempDir('bake-fanout-records-')
  })
  afterAll(async () => {
    await pool.close()
    await registry.stop()
  })

  const repo = () => `${registry.host}/web`
  async function append(tags: string[], metadata: string, extra: Record<string, string> = {}) {
    const workdir = await bakeDir({ web: { tags, platforms: ['linux/amd64', 'linux/arm64'] } })
    return runAction({ mode: 'append', workdir, targets: 'web', metadata, settle: '0', records, ...extra })
  }

  test('creates a tag, appends a platform, replaces a rebuilt one, and a re-run changes nothing', async () => {
    const tag = `${repo()}:1.0`
    const amd = await pushImage(client, 'web', amd64, { attest: true })
    const first = await append([tag], metadataFor('web', amd, [repo()]))
    expect(first.code).toBe(0)
    let index = await tagIndex(client, 'web', '1.0')
    expect(withoutStamps(index?.manifests)).toEqual([amd.image, amd.attestation])
    // Every image written carries its record's time (newest build wins); attestations do not.
    const name = recordName({ target: 'web', platforms: ['linux/amd64'], tags: [tag] })
    const record = JSON.parse(await readFile(path.join(records, `${name}.local.1.json`), 'utf8'))
    expect(index?.manifests.map((m) => m.annotations?.[CREATED])).toEqual([record.createdAt, undefined])
    expect(JSON.parse(first.outputs.result)).toEqual({
      [tag]: { digest: sha256Digest(Buffer.from(JSON.stringify(index))), platforms: ['linux/amd64'], changed: true },
    })
    // The first job's index lacks arm64: no pull command offered for it.
    expect(first.summary).toContain("— not complete yet: <code>linux/arm64</code> to come from this run's other jobs")
    expect(first.summary).not.toContain('docker pull')

    const arm = await pushImage(client, 'web', arm64, { attest: true })
    expect((await append([tag], metadataFor('web', arm, [repo()]))).code).toBe(0)
    // Canonical order: images by platform, then their attestations in the same order.
    expect(withoutStamps((await tagIndex(client, 'web', '1.0'))?.manifests)).toEqual([
      amd.image,
      arm.image,
      amd.attestation,
      arm.attestation,
    ])

    const rebuilt = await pushImage(client, 'web', amd64, { attest: true })
    const third = await append([tag], metadataFor('web', rebuilt, [repo()]))
    expect(third.code).toBe(0)
    index = await tagIndex(client, 'web', '1.0')
    expect(withoutStamps(index?.manifests)).toEqual([rebuilt.image, arm.image, rebuilt.attestation, arm.attestation])

    const before = await client.getManifest('web', '1.0')
    const again = await append([tag], metadataFor('web', rebuilt, [repo()]))
    expect(again.code).toBe(0)
    expect(JSON.parse(again.outputs.result)[tag]).toEqual({
      digest: before!.digest,
      platforms: ['linux/amd64', 'linux/arm64'],
      changed: false,
    })
    expect((await client.getManifest('web', '1.0'))!.bytes.equals(before!.bytes)).toBe(true)
    expect(again.summary).toContain("| tag | platforms | index after this job's write | status |")
    expect(again.summary).toContain(
      `**Index after this job's write**: <code>${before!.digest}</code> — every platform of the target is in it.`,
    )
    expect(again.summary).toContain(`docker pull ${tag}@${before!.digest}`)
    expect(again.summary).toContain('unchanged')
  })

  test('a single manifest without attestation; every tag of the target', async () => {
    const image = await pushImage(client, 'web', arm64)
    const run = await append([`${repo()}:single`, `${repo()}:single-latest`], metadataFor('web', image, [repo()]))
    expect(run.code).toBe(0)
    for (const tag of ['single', 'single-latest']) {
      expect(withoutStamps((await tagIndex(client, 'web', tag))?.manifests)).toEqual([
        { ...image.image, platform: { architecture: 'arm64', os: 'linux' } },
      ])
    }
  })

  test('an existing Docker manifest list is the base; its annotations and entries are kept', async () => {
    const old = await pushImage(client, 'web', arm64, { docker: true })
    const list = {
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST_LIST,
      manifests: [{ ...old.image, platform: arm64 }],
      annotations: { 'org.example.keep': 'yes' },
    }
    await client.putManifest('web', 'legacy', {
      bytes: Buffer.from(JSON.stringify(list)),
      mediaType: DOCKER_MANIFEST_LIST,
    })
    const amd = await pushImage(client, 'web', amd64, { attest: true })
    const run = await append([`${repo()}:legacy`], metadataFor('web', amd, [repo()]), {
      annotations: 'org.opencontainers.image.source=https://example.com/x,y',
    })
    expect(run.code).toBe(0)
    const index = await tagIndex(client, 'web', 'legacy')
    expect(index?.mediaType).toBe(OCI_INDEX)
    expect(withoutStamps(index?.manifests)).toEqual([amd.image, { ...old.image, platform: arm64 }, amd.attestation])
    expect(index?.annotations).toEqual({
      'org.example.keep': 'yes',
      'org.opencontainers.image.source': 'https://example.com/x,y',
    })
  })

  test("append loads none of Node's modules it does not need: no TLS for a plain loopback registry, no perf_hooks, no fs/promises", async () => {
    // Each costs a starting process a millisecond or more; perf_hooks (performance.now()) loaded as the first answers came,
    // fs/promises (and readline with it) before the first request.
    const image = await pushImage(client, 'web', amd64, { attest: true })
    const trace = path.join(await tempDir('bake-fanout-trace-'), 'modules')
    const preload = path.resolve(import.meta.dirname, '../helpers/module-trace.cjs')
    const workdir = await bakeDir({ web: { tags: [`${repo()}:lean`], platforms: ['linux/amd64'] } })
    const inputs = { mode: 'append', workdir, targets: 'web', settle: '0', records }
    const run = await runAction(
      { ...inputs, metadata: metadataFor('web', image, [repo()]) },
      { NODE_OPTIONS: `--require=${preload}`, MODULE_TRACE_FILE: trace },
    )
    expect(run.code).toBe(0)
    const loaded = (await readFile(trace, 'utf8')).split('\n')
    expect(loaded).toEqual(expect.arrayContaining(['NativeModule http', 'NativeModule crypto'])) // the trace works
    expect(
      loaded.filter((m) =>
        /^NativeModule (perf_hooks|internal\/perf\/performance|https|tls|_tls_\w+|(internal\/)?fs\/promises|internal\/readline\/\w+)$/.test(
          m,
        ),
      ),
    ).toEqual([])
  })

  test('dry-run prints the plan and writes nothing', async () => {
    const amd = await pushImage(client, 'web', amd64, { attest: true })
    const mark = registry.output().length
    const run = await append([`${repo()}:dry`], metadataFor('web', amd, [repo()]), { 'dry-run': 'true' })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `${repo()}:dry: would write: linux/amd64 none → ${amd.descriptor.digest.slice(0, 0)}sha256:`,
    )
    expect((await registry.methodsSince(mark)).filter((m) => m !== 'GET' && m !== 'HEAD')).toEqual([])
    expect(await tagIndex(client, 'web', 'dry')).toBeUndefined()
    expect(JSON.parse(run.outputs.result)[`${repo()}:dry`].changed).toBe(true)
    // The same run for real: the access-log check above does see a write when there is one.
    const realMark = registry.output().length
    expect((await append([`${repo()}:dry`], metadataFor('web', amd, [repo()]))).code).toBe(0)
    expect(await registry.methodsSince(realMark)).toContain('PUT')
  })

  test('a record that cannot be saved fails the job before any write, though the tags were read meanwhile', async () => {
    // The tag holds an index from before the run: its lookup (a GET) runs while the record is being saved.
    const old = await pushImage(client, 'web', arm64)
    const before = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ ...old.image, platform: arm64 }] }
    await client.putManifest('web', 'unsaved', { bytes: Buffer.from(JSON.stringify(before)), mediaType: OCI_INDEX })
    const tag = `${repo()}:unsaved`
    const blocked = await tempDir('bake-fanout-records-')
    // A directory where the record file goes: the rename that saves it fails (as root, too).
    const name = recordName({ target: 'web', platforms: ['linux/amd64'], tags: [tag] })
    await mkdir(path.join(blocked, `${name}.local.1.json`, 'taken'), { recursive: true })
    const amd = await pushImage(client, 'web', amd64, { attest: true })
    const mark = registry.output().length
    const run = await append([tag], metadataFor('web', amd, [repo()]), { records: blocked })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /::error::input 'records': could not save the record to directory .*, so no tag was written/,
    )
    expect((await registry.methodsSince(mark)).filter((m) => m !== 'GET' && m !== 'HEAD')).toEqual([])
    expect(withoutStamps((await tagIndex(client, 'web', 'unsaved'))?.manifests)).toEqual(before.manifests)
  })

  test('records are written for verify', async () => {
    const tag = `${repo()}:1.0`
    const name = recordName({ target: 'web', platforms: ['linux/amd64'], tags: [tag] })
    expect(name).toMatch(/^bake-fanout-web-linux-amd64-[0-9a-f]{10}$/)
    expect(await readdir(records)).toContain(`${name}.local.1.json`)
    const record = JSON.parse(await readFile(path.join(records, `${name}.local.1.json`), 'utf8'))
    expect(record).toMatchObject({
      version: 2,
      target: 'web',
      platforms: ['linux/amd64'],
      targetPlatforms: ['linux/amd64', 'linux/arm64'],
      repositories: [repo()],
      tags: [tag],
      runId: 'local',
      runAttempt: 1,
    })
    // The descriptors the index carries: other jobs need not GET this build's manifests.
    expect(record.entries.map((e: { platform?: object }) => e.platform)).toEqual([
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'unknown', os: 'unknown' },
    ])
    expect(record.digest).toMatch(/^sha256:/)
    expect(Date.parse(record.createdAt)).not.toBeNaN()
    expect(record.orphanHorizon).toBe(30)
    // When the job ended it marked the record complete, in a file of its own: no write of it is in flight.
    const done = JSON.parse(await readFile(path.join(records, `${name}.local.1.done.json`), 'utf8'))
    expect(done).toMatchObject({ target: 'web', digest: record.digest, runId: 'local', runAttempt: 1 })
    expect(Date.parse(done.completedAt)).not.toBeNaN()
    expect(done.horizonUntil).toBeUndefined()
  })

  describe('bad input: a clear error naming the input, exit 1, and no registry write', () => {
    let amdMetadata: string
    beforeAll(async () => {
      amdMetadata = metadataFor('web', await pushImage(client, 'web', amd64, { attest: true }), [
        `${registry.host}/web`,
      ])
    })
    const goodTags = () => [`${registry.host}/web:bad`]

    const cases: Array<
      [string, () => Promise<{ tags?: string[]; inputs: Record<string, string>; bake?: object }>, RegExp]
    > = [
      [
        'malformed metadata JSON',
        async () => ({ inputs: { metadata: '{"web": {' } }),
        /input 'metadata': not valid JSON/,
      ],
      [
        'metadata not an object',
        async () => ({ inputs: { metadata: '[1]' } }),
        /input 'metadata': must be a JSON object/,
      ],
      [
        'metadata without the target',
        async () => ({ inputs: { metadata: '{"api": {}}' } }),
        /input 'metadata': has no target 'web' \(it has: api\)/,
      ],
      [
        'metadata without a digest',
        async () => ({ inputs: { metadata: '{"web": {"image.name": "x"}}' } }),
        /input 'metadata': target 'web' has no containerimage.digest/,
      ],
      [
        'malformed digest',
        async () => ({ inputs: { metadata: amdMetadata.replace(/sha256:[0-9a-f]{64}/g, 'sha256:1234') } }),
        /input 'metadata': target 'web' containerimage.digest is not a valid digest/,
      ],
      [
        'a digest the registry does not have',
        async () => ({ inputs: { metadata: amdMetadata.replace(/sha256:[0-9a-f]{64}/g, 'sha256:' + 'f'.repeat(64)) } }),
        /input 'metadata': target 'web': .*does not exist in the registry/,
      ],
      [
        'image.name naming only a repository without the digest',
        async () => ({
          inputs: {
            metadata: amdMetadata.replace(/"image.name":"[^"]+"/, `"image.name":"${registry.host}/elsewhere"`),
          },
        }),
        /input 'metadata': target 'web': 127\.0\.0\.1:\d+\/elsewhere@sha256:[0-9a-f]+ does not exist in the registry/,
      ],
      [
        'image.name naming a second repository without the digest',
        async () => ({
          inputs: {
            metadata: amdMetadata.replace(/"image.name":"([^"]+)"/, `"image.name":"$1,${registry.host}/elsewhere"`),
          },
        }),
        /input 'metadata': target 'web': image.name names 127\.0\.0\.1:\d+\/elsewhere@sha256:[0-9a-f]+, which does not exist/,
      ],
      [
        'index annotations too large for the record every job must read back',
        async () => ({
          bake: {
            target: {
              web: {
                tags: goodTags(),
                platforms: ['linux/amd64'],
                output: [`type=image,annotation-index.org.example.notes=${'x'.repeat(300_000)}`],
              },
            },
          },
          inputs: {},
        }),
        /input 'annotations': target 'web': its record would be \d+ bytes, over the 262144 every job reads records up to; its index annotations .* take \d+/,
      ],
      [
        'metadata file not found',
        async () => ({ inputs: { metadata: '/nonexistent/metadata.json' } }),
        /input 'metadata': is neither JSON nor a readable file/,
      ],
      [
        'unknown target',
        async () => ({ inputs: { targets: 'nope' } }),
        /input 'targets': unknown target or group 'nope'/,
      ],
      [
        'malformed bake file',
        async () => ({ bake: { raw: '{"target": ' }, inputs: {} }),
        /input 'files': docker-bake.json: malformed JSON/,
      ],
      [
        'missing bake file',
        async () => ({ inputs: { files: 'missing.json' } }),
        /input 'files': file not found: 'missing.json'/,
      ],
      [
        'inherits cycle',
        async () => ({ bake: { target: { web: { inherits: ['web'] } } }, inputs: {} }),
        /input 'files': inherits cycle: web → web/,
      ],
      ['target without tags', async () => ({ tags: [], inputs: {} }), /input 'targets': target 'web' has no tags/],
      [
        'uppercase repository',
        async () => ({ tags: [`${registry.host}/Web:1`], inputs: {} }),
        /input 'files': target 'web': invalid reference .*repository names must be lowercase/,
      ],
      [
        'shell metacharacters',
        async () => ({ tags: [`${registry.host}/web:1;touch /tmp/pwned`], inputs: {} }),
        /input 'files': target 'web': invalid reference .*bad characters/,
      ],
      [
        'over-long tag',
        async () => ({ tags: [`${registry.host}/web:${'x'.repeat(129)}`], inputs: {} }),
        /input 'files': target 'web': invalid reference .*must be 1-128 characters/,
      ],
      ['invalid mode', async () => ({ inputs: { mode: 'appendd' } }), /input 'mode': 'appendd' is not one of/],
      ['negative settle', async () => ({ inputs: { settle: '-1' } }), /input 'settle': '-1' is not a number/],
      ['non-numeric settle', async () => ({ inputs: { settle: 'soon' } }), /input 'settle': 'soon' is not a number/],
      ['bad annotations', async () => ({ inputs: { annotations: 'no-equals-sign' } }), /input 'annotations'/],
      [
        'a tag on port 99999 next to a good tag',
        async () => ({ tags: [...goodTags(), '127.0.0.1:99999/web:1'], inputs: {} }),
        /input 'files': target 'web': invalid reference '127\.0\.0\.1:99999\/web:1': port 99999 .*not between 1 and 65535/,
      ],
      [
        'workdir that is a file',
        async () => {
          const file = path.join(await tempDir(), 'a-file')
          await import('node:fs/promises').then((fs) => fs.writeFile(file, ''))
          return { inputs: { workdir: file } }
        },
        /input 'workdir': '.*' is a file, not a directory/,
      ],
      [
        'a bake file name with cwd:// that does not exist',
        async () => ({ inputs: { files: 'cwd://missing.json' } }),
        /input 'files': file not found: 'missing.json'/,
      ],
    ]

    test.each(cases)('%s', async (_name, setup, message) => {
      const { tags = goodTags(), inputs, bake } = await setup()
      const workdir = await bakeDir({ web: { tags, platforms: ['linux/amd64'] } })
      if (bake) {
        const text = 'raw' in bake ? (bake as { raw: string }).raw : JSON.stringify(bake)
        await import('node:fs/promises').then((fs) => fs.writeFile(path.join(workdir, 'docker-bake.json'), text))
      }
      const mark = registry.output().length
      const saved = await readdir(records)
      const run = await runAction({
        mode: 'append',
        workdir,
        targets: 'web',
        metadata: amdMetadata,
        settle: '0',
        records,
        ...inputs,
      })
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(new RegExp('::error::' + message.source))
      expect(run.stdout).not.toMatch(/\n\s+at .*:\d+:\d+/)
      expect((await registry.methodsSince(mark)).filter((m) => !['GET', 'HEAD'].includes(m))).toEqual([])
      // Nor a record: what a job saves is a write too, and other jobs would build on it.
      expect(await readdir(records)).toEqual(saved)
    })
  })
})

describeWithRegistry('append mode, two registries and a repository not pushed to', () => {
  let a: RegistryServer
  let b: RegistryServer
  /** Serves HTTPS only, with a self-signed certificate. */
  let tls: RegistryServer
  beforeAll(async () => {
    const certificate = await selfSignedCertificate('127.0.0.1')
    ;[a, b, tls] = await Promise.all([startRegistry(), startRegistry(), startRegistry(undefined, certificate)])
  })
  let pool: RegistryPool
  beforeAll(() => (pool = testPool()))
  afterAll(async () => {
    await pool.close()
    await Promise.all([a.stop(), b.stop(), tls.stop()])
  })

  /** Appends `pushed` (pushed to `from`) to `tags` of a one-platform target, through dist. */
  async function appendApp(tags: string[], pushed: PushedImage, from: string) {
    const workdir = await bakeDir({ app: { tags, platforms: ['linux/amd64'] } })
    const metadata = metadataFor('app', pushed, [from])
    return runAction({ mode: 'append', workdir, targets: 'app', metadata, settle: '0', records: await tempDir() })
  }

  test('mounts within a registry, streams across, then writes every tag', async () => {
    const clientA = await pool.client(a.host)
    const clientB = await pool.client(b.host)
    const pushed = await pushImage(clientA, 'app', amd64, { attest: true })
    const tags = [
      `${a.host}/app:2`,
      `${a.host}/app:latest`,
      `${a.host}/mirror:2`,
      `${b.host}/app:2`,
      `${b.host}/app:latest`,
    ]
    const run = await appendApp(tags, pushed, `${a.host}/app`)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`${a.host}/mirror: copied 2 manifests from ${a.host}/app`)
    expect(run.stdout).toContain(`${b.host}/app: copied 2 manifests from ${a.host}/app`)
    for (const [client, repo, tag] of [
      [clientA, 'app', '2'],
      [clientA, 'app', 'latest'],
      [clientA, 'mirror', '2'],
      [clientB, 'app', '2'],
      [clientB, 'app', 'latest'],
    ] as const) {
      expect(withoutStamps((await tagIndex(client, repo, tag))?.manifests)).toEqual([pushed.image, pushed.attestation])
    }
    const manifest = JSON.parse((await clientB.getManifest('app', pushed.image.digest))!.bytes.toString())
    for (const blob of [manifest.config, ...manifest.layers])
      expect(await clientB.blobs.has('app', blob.digest)).toBe(true)
    expect(Object.keys(JSON.parse(run.outputs.result))).toEqual(tags)
  })

  test('a loopback registry serving TLS with a self-signed certificate is written over TLS', async () => {
    const pushed = await pushImage(await pool.client(a.host), 'secure', amd64, { attest: true })
    const run = await appendApp([`${tls.host}/secure:1`], pushed, `${a.host}/secure`)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`${tls.host}/secure: copied 2 manifests from ${a.host}/secure`)
    expect(withoutStamps((await tagIndex(await pool.client(tls.host), 'secure', '1'))?.manifests)).toEqual([
      pushed.image,
      pushed.attestation,
    ])
  })

  test('a blob lost in an upload race is copied again once (MANIFEST_BLOB_UNKNOWN)', async () => {
    let manifestPuts = 0
    const faults = await startFaultProxy(b.port, (_n, req) =>
      req.method === 'PUT' && req.url?.includes('/manifests/sha256:') && manifestPuts++ === 0 ? 'blob-unknown' : 'pass',
    )
    const pushed = await pushImage(await pool.client(a.host), 'raced', amd64, { attest: true })
    const run = await appendApp([`${faults.host}/raced:1`], pushed, `${a.host}/raced`)
    expect(run.code).toBe(0)
    expect(faults.injected['blob-unknown']).toBe(1)
    expect(withoutStamps((await tagIndex(await pool.client(faults.host), 'raced', '1'))?.manifests)).toEqual([
      pushed.image,
      pushed.attestation,
    ])
    await faults.stop()
  })
})
