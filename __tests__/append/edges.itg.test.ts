/**
 * The edges of convergence, each made to happen against the real registry behind a
 * proxy: a PUT answered 504 by a gateway while the registry applies it later, a killed
 * job's late PUT with verify reading stale, two runs whose older build finishes last, a
 * registry that acknowledges writes it does not keep, an entry dated in 2031. Each
 * scenario is ordered by events (a request seen, a process ended), never by sleeps.
 */
import { createHash } from 'node:crypto'
import type { Platform } from '../../src/image-index/platform.js'
import { CREATED } from '../../src/image-index/entries.js'
import { OCI_INDEX } from '../../src/oci/types.js'
import { type ActionRun, runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { type Quirk, type QuirkProxy, type QuirkRequest, startQuirkProxy } from '../helpers/proxies.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

/** A promise and its opener: the test's way of saying "not yet". */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

const isTagPut = (req: QuirkRequest, tag: string) => req.method === 'PUT' && req.url === `/v2/edge/manifests/${tag}`
const isTagRead = (req: QuirkRequest, tag: string) =>
  (req.method === 'GET' || req.method === 'HEAD') && req.url === `/v2/edge/manifests/${tag}`
const sha256 = (bytes: Buffer) => 'sha256:' + createHash('sha256').update(bytes).digest('hex')

describeWithRegistry('edges of convergence', () => {
  const fixture = useRegistry()
  const proxies: QuirkProxy[] = []
  let quirk: (req: QuirkRequest) => Quirk = () => undefined
  let host: string
  let amd64: PushedImage
  let amd64Rebuilt: PushedImage
  let arm64: PushedImage
  const platform = (architecture: string): Platform => ({ os: 'linux', architecture })

  beforeAll(async () => {
    const proxy = await startQuirkProxy(fixture.registry.port, (req) => quirk(req))
    proxies.push(proxy)
    host = proxy.host
    ;[amd64, amd64Rebuilt, arm64] = await Promise.all([
      pushImage(fixture.client, 'edge', platform('amd64'), { attest: true }),
      pushImage(fixture.client, 'edge', platform('amd64'), { attest: true }),
      pushImage(fixture.client, 'edge', platform('arm64'), { attest: true }),
    ])
  })
  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop()
  })
  afterEach(() => {
    quirk = () => undefined
  })

  /** One append job of the `edge` target, through the proxy. */
  async function append(
    tags: string[],
    image: PushedImage,
    inputs: Record<string, string>,
    env: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<ActionRun> {
    const workdir = await bakeDir({ edge: { tags, platforms: ['linux/amd64', 'linux/arm64'] } })
    const metadata = metadataFor('edge', image, [`${host}/edge`])
    return runAction({ mode: 'append', workdir, targets: 'edge', metadata, settle: '0', ...inputs }, env, signal)
  }

  const lateCount = () => proxies[0].late.length

  /**
   * A's first tag PUT is answered 504 by the "gateway" while the registry applies it once
   * B has finished; A's retry lands at once. Returns the platforms the tag ends with.
   */
  async function orphanRound(name: string, horizon: string) {
    const retried = gate()
    const released = gate()
    let puts = 0
    quirk = (req) => {
      if (!isTagPut(req, name)) return undefined
      if (++puts === 1) return { answerNowApplyLater: { status: 504, until: released.opened } }
      if (puts === 2) retried.open()
      return undefined
    }
    const records = await tempDir()
    const orphan = lateCount()
    const started = Date.now()
    const a = append([`${host}/edge:${name}`], amd64, { records, 'orphan-horizon': horizon })
    await retried.opened // A's retry reached the registry
    const b = await append([`${host}/edge:${name}`], arm64, { records })
    released.open()
    expect(await proxies[0].late[orphan]).toBe(201) // the abandoned attempt is applied, after B finished
    const first = await a
    return {
      a: first,
      b,
      seconds: (Date.now() - started) / 1000,
      platforms: await tagPlatforms(fixture.client, 'edge', name),
    }
  }

  test('a tag PUT answered 504 and applied later: lost without the horizon, kept with it', async () => {
    const without = await orphanRound('orphan0', '0')
    expect([without.a.code, without.b.code]).toEqual([0, 0])
    expect(without.platforms).toEqual(['linux/amd64']) // every job green, arm64 lost: the defect
    const withHorizon = await orphanRound('orphan10', '10')
    expect([withHorizon.a.code, withHorizon.b.code]).toEqual([0, 0])
    expect(withHorizon.platforms).toEqual(['linux/amd64', 'linux/arm64'])
    expect(withHorizon.a.stdout).toMatch(/\(2 writes, 1 repair, \d+\.\d s orphan horizon\)/)
    console.log(
      `504 applied late: horizon 0 → ${without.platforms.length}/2 platforms (${without.seconds.toFixed(1)} s); ` +
        `horizon 10 → ${withHorizon.platforms.length}/2 (${withHorizon.seconds.toFixed(1)} s)`,
    )
  }, 60_000)

  test("a killed job's late PUT, then verify reading stale: verify waits one horizon and writes anyway", async () => {
    const name = 'killed'
    const held = gate()
    const release = gate()
    let puts = 0
    let staleVersion: { bytes: Buffer; mediaType: string } | undefined
    quirk = (req) => {
      if (isTagRead(req, name) && staleVersion) {
        const { bytes, mediaType } = staleVersion
        return { answer: { status: 200, headers: staleHeaders(bytes, mediaType), body: bytes.toString() } }
      }
      if (!isTagPut(req, name) || ++puts > 1) return undefined
      held.open()
      return { holdUntil: release.opened }
    }
    const records = await tempDir()
    const killer = new AbortController()
    const orphan = lateCount()
    const a = append([`${host}/edge:${name}`], amd64, { records, 'orphan-horizon': '2' }, {}, killer.signal)
    await held.opened // A's PUT ({amd64}) is in flight
    const b = await append([`${host}/edge:${name}`], arm64, { records })
    expect(b.code).toBe(0)
    killer.abort() // A dies with its PUT in flight, leaving no completion mark
    await a
    // What the tag held when B finished: verify's reads are served this version from now on.
    staleVersion = (await fixture.client.getManifest('edge', name))!
    release.open()
    await proxies[0].late[orphan] // the dead job's PUT lands: the tag lacks arm64
    expect(await tagPlatforms(fixture.client, 'edge', name)).toEqual(['linux/amd64'])
    const verify = await runAction({ mode: 'verify', records })
    expect(verify.code).toBe(0)
    expect(verify.stdout).toMatch(
      /1 record\(s\) of this run have no completion mark \(edge linux\/amd64\).*waiting 2\.0 s/,
    )
    staleVersion = undefined
    expect(await tagPlatforms(fixture.client, 'edge', name)).toEqual(['linux/amd64', 'linux/arm64'])
  }, 60_000)

  test("two runs build one platform, the older run's build made and landing last: the newer run's build stays", async () => {
    // Run 1002 records its build first and writes; its PUT is held until run 1001 (older run, later build)
    // has read the empty tag and written too. 1002's PUT lands, then 1001's over it. 1002's guard read
    // (current: held until 1001's PUT landed) finds the older run's build and writes again.
    const name = 'runs'
    const newerSeen = gate()
    const olderSeen = gate()
    let newerLanded: Promise<number> | undefined
    let olderLanded: Promise<number> | undefined
    const ofRun = (req: QuirkRequest, id: string) =>
      isTagPut(req, name) && req.body.toString().includes(`"io.github.bake-fanout.run-id":"${id}"`)
    quirk = (req) => {
      if (ofRun(req, '1002') && !newerLanded) {
        newerSeen.open()
        newerLanded = Promise.resolve(lateCount()).then((i) => proxies[0].late[i])
        return { holdUntil: olderSeen.opened }
      }
      if (ofRun(req, '1001') && !olderLanded) {
        olderSeen.open()
        olderLanded = Promise.resolve(lateCount()).then((i) => proxies[0].late[i])
        return { holdUntil: newerLanded! }
      }
      if (isTagRead(req, name) && olderLanded) return { holdUntil: olderLanded }
      return undefined
    }
    const records = await tempDir()
    const tags = [`${host}/edge:${name}`]
    const newerRun = append(tags, amd64Rebuilt, { records, settle: '1' }, { GITHUB_RUN_ID: '1002' })
    await newerSeen.opened
    const older = await append(tags, amd64, { records }, { GITHUB_RUN_ID: '1001' })
    const newer = await newerRun
    expect([older.code, newer.code]).toEqual([0, 0])
    expect(newer.stdout).toMatch(/\(2 writes, 1 repair\)/) // the guard saw the older run's build and wrote again
    const index = await tagIndex(fixture.client, 'edge', name)
    expect(index?.manifests.filter((m) => m.platform?.architecture === 'amd64').map((m) => m.digest)).toEqual([
      amd64Rebuilt.image.digest,
    ])
    // Later, the older run's job appends again (a retried job): it keeps the newer run's build and says so.
    const retried = await append(tags, amd64, { records }, { GITHUB_RUN_ID: '1001', GITHUB_RUN_ATTEMPT: '2' })
    expect(retried.code).toBe(0)
    expect(retried.stdout).toContain(
      `::warning::${host}/edge:${name}: linux/amd64 kept as the newer build of run 1002 (attempt 1); this run's build of it was not written (newest run wins)`,
    )
  }, 60_000)

  test('a registry that acknowledges writes and keeps none: the tag fails, the others are written, no digest output', async () => {
    quirk = (req) =>
      isTagPut(req, 'dropped')
        ? { answer: { status: 201, headers: { 'docker-content-digest': sha256(req.body) } } }
        : undefined
    const tags = [`${host}/edge:dropped`, `${host}/edge:kept`]
    const run = await append(tags, amd64, { records: await tempDir(), settle: '1' })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `${host}/edge:dropped: the registry acknowledged 4 writes and serves none of them (still missing after the final guard's reads: linux/amd64)`,
    )
    expect(run.outputs.digest).toBe('')
    expect(run.summary).toContain("**No single index after this job's write**: 1 of 2 tags failed.")
    expect(run.summary).toContain('| — | failed <sup>1</sup> |')
    expect(run.summary).toContain('1. the registry acknowledged 4 writes and serves none of them')
    expect(JSON.parse(run.outputs.result)[`${host}/edge:kept`].platforms).toEqual(['linux/amd64'])
    expect(await tagIndex(fixture.client, 'edge', 'dropped')).toBeUndefined()
  }, 60_000)

  test('a registry that loses one acknowledged write: the guard repairs it, exit 0', async () => {
    let puts = 0
    quirk = (req) =>
      isTagPut(req, 'lost-once') && ++puts === 1
        ? { answer: { status: 201, headers: { 'docker-content-digest': sha256(req.body) } } }
        : undefined
    const run = await append([`${host}/edge:lost-once`], amd64, { records: await tempDir(), settle: '1' })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/\(2 writes, 1 repair\)/)
    expect(await tagPlatforms(fixture.client, 'edge', 'lost-once')).toEqual(['linux/amd64'])
  }, 60_000)

  test("another tool's entry dated in 2031 does not block the platform: replaced, with a warning", async () => {
    const future = '2031-01-01T00:00:00.000Z'
    const stamped = { ...amd64.image, annotations: { [CREATED]: future } }
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [stamped] }))
    await fixture.client.putManifest('edge', 'future', { bytes, mediaType: OCI_INDEX })
    const run = await append([`${host}/edge:future`], amd64Rebuilt, { records: await tempDir() })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      `::warning::${host}/edge:future: linux/amd64 replaced an entry dated ${future}, more than 5 minutes ahead of this runner's clock: that date was not believed`,
    )
    const index = await tagIndex(fixture.client, 'edge', 'future')
    expect(index?.manifests.map((m) => m.digest)).toContain(amd64Rebuilt.image.digest)
    expect(index?.manifests.map((m) => m.digest)).not.toContain(amd64.image.digest)
  })
})

function staleHeaders(bytes: Buffer, mediaType: string): Record<string, string> {
  return {
    'content-type': mediaType,
    'content-length': String(bytes.length),
    'docker-content-digest': sha256(bytes),
  }
}
