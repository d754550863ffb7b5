/**
 * Convergence that does not rest on timing, against the real registry with a proxy
 * that makes the bad case happen: a tag PUT that lands 3 × settle late, tag reads
 * served seconds stale, and 8 jobs on a machine loaded by CPU burners. Then the rules
 * that keep a platform from going backwards or being replaced: Windows os.version,
 * a build that does not belong to the target, an older run's late verify.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import path from 'node:path'
import { platformKey } from '../../src/image-index/platform.js'
import type { Platform } from '../../src/image-index/platform.js'
import { type ActionRun, runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { type TagProxy, startTagProxy } from '../helpers/proxies.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x']
const LOADED_PLATFORMS = [...PLATFORMS, 'linux/arm/v6', 'linux/ppc64le', 'linux/riscv64', 'linux/386']

const platformOf = (p: string): Platform => {
  const [os, architecture, variant] = p.split('/')
  return { os, architecture, ...(variant && { variant }) }
}

describeWithRegistry('convergence without timing', () => {
  const fixture = useRegistry()
  let images: PushedImage[]
  beforeAll(async () => {
    images = await Promise.all(
      LOADED_PLATFORMS.map((p) => pushImage(fixture.client, 'conv', platformOf(p), { attest: true })),
    )
  })

  /** Every job of one round started together on two tags through `host`; returns what was lost. */
  async function round(host: string, name: string, jobs: PushedImage[], settle: string) {
    const tags = [`${host}/conv:${name}`, `${host}/conv:${name}-latest`]
    const platforms = jobs.map((j) => platformKey(j.platform))
    const workdir = await bakeDir({ conv: { tags, platforms } })
    const records = await tempDir('bake-fanout-conv-records-')
    const runs: ActionRun[] = await Promise.all(
      jobs.map((image) =>
        runAction({
          mode: 'append',
          workdir,
          targets: 'conv',
          metadata: metadataFor('conv', image, [`${host}/conv`]),
          settle,
          records,
        }),
      ),
    )
    for (const run of runs)
      expect({ code: run.code, stdout: run.code === 0 ? '' : run.stdout }).toEqual({ code: 0, stdout: '' })
    let lost = 0
    for (const tag of [name, `${name}-latest`]) {
      const index = await tagIndex(fixture.client, 'conv', tag)
      for (const image of jobs) if (!index?.manifests.some((m) => m.digest === image.image.digest)) lost++
      expect(index?.manifests).toHaveLength(2 * jobs.length)
    }
    const writes = runs.reduce(
      (n, r) => n + [...r.stdout.matchAll(/\((\d+) writes?, \d+ repairs?\)/g)].reduce((a, m) => a + Number(m[1]), 0),
      0,
    )
    return { lost, writes }
  }

  async function rounds(label: string, count: number, run: (r: number) => ReturnType<typeof round>) {
    const figures = []
    for (let r = 0; r < count; r++) figures.push(await run(r))
    const lost = figures.reduce((a, f) => a + f.lost, 0)
    console.log(
      `${label}: ${count} rounds, ${lost} platform-tags lost, writes per round ${figures.map((f) => f.writes).join(', ')}`,
    )
    expect(lost).toBe(0)
  }

  test('one tag PUT held 3 s (3 × settle 1) before it lands: nothing lost', async () => {
    const proxy = await startTagProxy(fixture.registry.port, { delayPut: (n) => (n === 0 ? 3000 : 0) })
    try {
      await rounds('PUT held 3 s, settle 1', 3, async (r) => {
        const before = proxy.figures.delayed
        const result = await round(proxy.host, `late${r}`, images.slice(0, 4), '1')
        expect(proxy.figures.delayed).toBe(before + (r === 0 ? 1 : 0))
        return result
      })
    } finally {
      await proxy.stop()
    }
  }, 120_000)

  test('every PUT of the first writer held 3 s, settle 0 (no timing guard at all): nothing lost', async () => {
    let proxy: TagProxy | undefined
    try {
      await rounds('first two tag PUTs of each round held 3 s, settle 0', 2, async (r) => {
        proxy = await startTagProxy(fixture.registry.port, { delayPut: (n) => (n < 2 ? 3000 : 0) })
        const result = await round(proxy.host, `held${r}`, images.slice(0, 4), '0')
        expect(proxy.figures.delayed).toBe(2)
        await proxy.stop()
        proxy = undefined
        return result
      })
    } finally {
      await proxy?.stop()
    }
  }, 120_000)

  test('tag reads served 2.5 s stale, settle 0: nothing lost', async () => {
    const proxy = await startTagProxy(fixture.registry.port, { staleMs: 2500 })
    try {
      await rounds('tag reads 2.5 s stale, settle 0', 3, (r) => round(proxy.host, `stale${r}`, images.slice(0, 4), '0'))
      expect(proxy.figures.staleReads).toBeGreaterThan(0)
    } finally {
      await proxy.stop()
    }
  }, 120_000)

  test('8 jobs while CPU burners load every core, settle 0: nothing lost', async () => {
    const burners: ChildProcess[] = []
    for (let i = 0; i < 2 * cpus().length; i++) {
      burners.push(spawn(process.execPath, ['-e', 'const end = Date.now() + 60000; while (Date.now() < end) {}']))
    }
    try {
      await rounds(`8 jobs, ${burners.length} CPU burners, settle 0`, 2, (r) =>
        round(fixture.registry.host, `loaded${r}`, images, '0'),
      )
    } finally {
      for (const b of burners) b.kill()
    }
  }, 150_000)
})

describeWithRegistry('newest build wins, platform identity, builds that belong', () => {
  const fixture = useRegistry()

  const append = async (tag: string, platforms: string[], image: PushedImage, env: Record<string, string> = {}) => {
    const workdir = await bakeDir({ app: { tags: [tag], platforms } })
    const { RECORDS: shared, ...runEnv } = env
    const records = shared ?? (await tempDir())
    return runAction(
      {
        mode: 'append',
        workdir,
        targets: 'app',
        metadata: metadataFor('app', image, [`${fixture.registry.host}/app`]),
        settle: '0',
        records,
      },
      runEnv,
    )
  }

  test('Windows ltsc2019 and ltsc2022 live side by side in one tag', async () => {
    const tag = `${fixture.registry.host}/app:win`
    const ltsc2019 = await pushImage(fixture.client, 'app', {
      os: 'windows',
      architecture: 'amd64',
      'os.version': '10.0.17763.5458',
    })
    const ltsc2022 = await pushImage(fixture.client, 'app', {
      os: 'windows',
      architecture: 'amd64',
      'os.version': '10.0.20348.2322',
    })
    expect((await append(tag, ['windows/amd64'], ltsc2019)).code).toBe(0)
    const second = await append(tag, ['windows/amd64'], ltsc2022)
    expect(second.code).toBe(0)
    // Platforms are told apart by major.minor.build, as containerd matches Windows images.
    expect(await tagPlatforms(fixture.client, 'app', 'win')).toEqual([
      'windows(10.0.17763)/amd64',
      'windows(10.0.20348)/amd64',
    ])
  })

  test('an s390x digest for an amd64 target is refused before any write', async () => {
    const s390x = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 's390x' }, { attest: true })
    const mark = fixture.registry.output().length
    const run = await append(`${fixture.registry.host}/app:wrong`, ['linux/amd64'], s390x)
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `::error::input 'metadata': target 'app': ${s390x.descriptor.digest} holds linux/s390x, but the target builds linux/amd64`,
    )
    const writes = (await fixture.registry.methodsSince(mark)).filter((m) => !['GET', 'HEAD'].includes(m))
    console.log(`s390x digest for an amd64 target: exit ${run.code}, ${writes.length} registry writes`)
    expect(writes).toEqual([])
  })

  test("an older run's late verify leaves the newer run's build in place", async () => {
    const records = await tempDir('bake-fanout-runs-')
    const tag = `${fixture.registry.host}/app:moving`
    const old = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 'amd64' }, { attest: true })
    const oldRun = { GITHUB_RUN_ID: '100', RECORDS: records }
    expect((await append(tag, ['linux/amd64'], old, oldRun)).code).toBe(0)
    const newer = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 'amd64' }, { attest: true })
    expect((await append(tag, ['linux/amd64'], newer, { GITHUB_RUN_ID: '101', RECORDS: records })).code).toBe(0)
    // The old run's verify comes late (a queued job): its own record is older than the tag's build.
    const lateVerify = await runAction({ mode: 'verify', records }, { GITHUB_RUN_ID: '100' })
    expect(lateVerify.code).toBe(0)
    expect(lateVerify.stdout).toContain('ignored: record of run 101')
    expect(lateVerify.stdout).toMatch(/linux\/amd64: kept newer build/)
    const index = await tagIndex(fixture.client, 'app', 'moving')
    expect(index?.manifests.filter((m) => m.platform?.architecture === 'amd64').map((m) => m.digest)).toEqual([
      newer.image.digest,
    ])
    expect(JSON.parse(lateVerify.outputs.result)[tag].changed).toBe(false)
  })

  test('defer: appends save records and write no tag; verify writes each tag once', async () => {
    const records = await tempDir('bake-fanout-defer-')
    const tags = [`${fixture.registry.host}/app:deferred`, `${fixture.registry.host}/app:deferred-latest`]
    const workdir = await bakeDir({ app: { tags, platforms: ['linux/amd64', 'linux/arm64'] } })
    const builds = await Promise.all(
      ['amd64', 'arm64'].map((architecture) =>
        pushImage(fixture.client, 'app', { os: 'linux', architecture }, { attest: true }),
      ),
    )
    const mark = fixture.registry.output().length
    const runs = await Promise.all(
      builds.map((image) =>
        runAction({
          mode: 'append',
          workdir,
          targets: 'app',
          metadata: metadataFor('app', image, [`${fixture.registry.host}/app`]),
          defer: 'true',
          records,
        }),
      ),
    )
    for (const run of runs) {
      expect(run.code).toBe(0)
      expect(JSON.parse(run.outputs.result)[tags[0]]).toMatchObject({ deferred: true })
      expect(run.summary).toContain('deferred to verify')
    }
    const tagRequests = (await fixture.registry.requestsSince(mark)).filter((r) =>
      /\/v2\/app\/manifests\/deferred/.test(r),
    )
    const tagWrites = tagRequests.filter((r) => r.startsWith('PUT '))
    // Nor read: verify writes the tags, and a GET of what a tag holds is a Docker Hub pull.
    expect(tagRequests).toEqual([])
    const verifyMark = fixture.registry.output().length
    const verify = await runAction({ mode: 'verify', records })
    expect(verify.code).toBe(0)
    const written = (await fixture.registry.requestsSince(verifyMark)).filter((r) => r.startsWith('PUT '))
    expect(written.sort()).toEqual(['PUT /v2/app/manifests/deferred', 'PUT /v2/app/manifests/deferred-latest'])
    expect(await tagPlatforms(fixture.client, 'app', 'deferred')).toEqual(['linux/amd64', 'linux/arm64'])
    expect(verify.outputs.digest).toMatch(/^sha256:/)
    console.log(`defer: 2 appends, ${tagWrites.length} tag writes; verify: ${written.length} writes for 2 tags`)
  })

  test('a records path that cannot be written: error naming records, no registry write', async () => {
    const file = path.join(await tempDir(), 'not-a-directory')
    await writeFile(file, 'x')
    const image = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 'amd64' }, { attest: true })
    for (const records of [file, path.join(file, 'below')]) {
      const mark = fixture.registry.output().length
      const workdir = await bakeDir({
        app: { tags: [`${fixture.registry.host}/app:norecord`], platforms: ['linux/amd64'] },
      })
      const run = await runAction({
        mode: 'append',
        workdir,
        targets: 'app',
        metadata: metadataFor('app', image, [`${fixture.registry.host}/app`]),
        records,
      })
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(`::error::input 'records': '${records}' is a file, or lies under one`)
      expect((await fixture.registry.methodsSince(mark)).filter((m) => !['GET', 'HEAD'].includes(m))).toEqual([])
    }
  })

  test("tags fixed once in the matrix job replace the bake file's: the bake file is then needed only for platforms", async () => {
    const image = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 'amd64' }, { attest: true })
    const fixed = [`${fixture.registry.host}/app:fixed-20261128`, `${fixture.registry.host}/app:fixed`]
    // This job's own copy of the bake file resolves another (time-dependent) tag.
    const workdir = await bakeDir({
      app: { tags: [`${fixture.registry.host}/app:fixed-20261129`], platforms: ['linux/amd64'] },
    })
    const metadata = metadataFor('app', image, [`${fixture.registry.host}/app`])
    const common = { mode: 'append', targets: 'app', metadata, settle: '0', records: await tempDir() }
    const run = await runAction({ ...common, workdir, tags: fixed.join('\n') })
    expect(run.code).toBe(0)
    expect(Object.keys(JSON.parse(run.outputs.result))).toEqual(fixed)
    expect(await tagIndex(fixture.client, 'app', 'fixed-20261129')).toBeUndefined()
    // No bake file at all: the tags and the metadata suffice (the platform check is skipped, with a warning).
    const bare = await runAction({ ...common, workdir: await tempDir(), tags: `${fixture.registry.host}/app:bare` })
    expect(bare.code).toBe(0)
    expect(bare.stdout).toContain("::warning::no bake file: the build's platforms are not checked")
    expect(await tagPlatforms(fixture.client, 'app', 'bare')).toEqual(['linux/amd64'])
    // verify given tags acts only on the records of those tags (another fan-out's records are left alone).
    const records = await tempDir()
    await runAction({ ...common, records, workdir, tags: `${fixture.registry.host}/app:v1` })
    await runAction({ ...common, records, workdir, tags: `${fixture.registry.host}/app:other-fanout` })
    const verify = await runAction({ mode: 'verify', records, tags: `${fixture.registry.host}/app:v1` })
    expect(verify.code).toBe(0)
    expect(Object.keys(JSON.parse(verify.outputs.result))).toEqual([`${fixture.registry.host}/app:v1`])
    const none = await runAction({ mode: 'verify', records, tags: `${fixture.registry.host}/app:v1-copy` })
    expect(none.stdout).toContain(
      `::error::input 'tags': no record of this run names ${fixture.registry.host}/app:v1-copy`,
    )
  })

  test('a tag whose index another tool wrote without a manifests list is appended to, not crashed on', async () => {
    const bare = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json' }))
    await fixture.client.putManifest('app', 'bare-index', {
      bytes: bare,
      mediaType: 'application/vnd.oci.image.index.v1+json',
    })
    const image = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 'amd64' }, { attest: true })
    const run = await append(`${fixture.registry.host}/app:bare-index`, ['linux/amd64'], image)
    expect({ code: run.code, stdout: run.code === 0 ? '' : run.stdout }).toEqual({ code: 0, stdout: '' })
    expect(await tagPlatforms(fixture.client, 'app', 'bare-index')).toEqual(['linux/amd64'])
  })

  test('GitHub Enterprise Server (no v4 artifact service): append falls back to the settle-only guard and says so', async () => {
    const ghes = { GITHUB_SERVER_URL: 'https://github.example.com' }
    const image = await pushImage(fixture.client, 'app', { os: 'linux', architecture: 'amd64' }, { attest: true })
    const workdir = await bakeDir({ app: { tags: [`${fixture.registry.host}/app:ghes`], platforms: ['linux/amd64'] } })
    const metadata = metadataFor('app', image, [`${fixture.registry.host}/app`])
    const run = await runAction({ mode: 'append', workdir, targets: 'app', metadata, settle: '0' }, ghes)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::warning::GitHub Enterprise Server has no v4 artifact service')
    expect(await tagPlatforms(fixture.client, 'app', 'ghes')).toEqual(['linux/amd64'])
    const deferred = await runAction({ mode: 'append', workdir, targets: 'app', metadata, defer: 'true' }, ghes)
    expect(deferred.stdout).toContain("::error::input 'defer': GitHub Enterprise Server has no v4 artifact service")
    const verify = await runAction({ mode: 'verify' }, ghes)
    expect(verify.stdout).toContain("::error::input 'records': GitHub Enterprise Server has no v4 artifact service")
  })
})
