/**
 * Docker Hub's pull budget: a manifest GET counts as a pull, a HEAD does not. Each job
 * runs behind its own counting proxy (HTTP_PROXY) in front of the real registries, so
 * every manifest GET is charged to the job that made it. A job reads its own build once;
 * every index another job of the run wrote is one it can compute from the records it
 * holds, so it is known by its HEAD digest, never read.
 */
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import type { Platform } from '../../src/image-index/platform.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { copyEntries } from '../../src/registry/copy.js'
import { platformsOf } from '../../src/image-index/entries.js'
import { type ActionRun, runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type CountingProxy, startCountingProxy } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

const ARCHITECTURES = ['amd64', 'arm64', 's390x', 'ppc64le', 'riscv64', '386', 'mips64le', 'loong64']

/** What one job's manifest GETs were of. */
interface Breakdown {
  total: number
  ownBuild: number
  /** Another job's build index, image or attestation manifest: never needed (records carry entries). */
  otherBuilds: number
  /** Indexes the tags held (written by this run's jobs). */
  tagIndexes: number
  /** Manifest PUTs (tag writes and copies). */
  puts: number
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

describeWithRegistry('pull budget: manifest GETs per append job', () => {
  let first: RegistryServer
  let second: RegistryServer
  let pool: RegistryPool
  let builds: PushedImage[]

  beforeAll(async () => {
    ;[first, second] = await Promise.all([startRegistry(), startRegistry()])
    pool = testPool()
    const client = await pool.client(first.host)
    const platforms: Platform[] = ARCHITECTURES.map((architecture) => ({ os: 'linux', architecture }))
    builds = await Promise.all(platforms.map((p) => pushImage(client, 'app', p, { attest: true })))
    // Pushed to both repositories by digest, as bake pushes to every name in image.name.
    const mirror = await pool.client(second.host)
    mirror.willPush('app')
    for (const build of builds) {
      await copyEntries({ client, repository: 'app' }, { client: mirror, repository: 'app' }, [
        build.image,
        build.attestation!,
      ])
      const index = (await client.getManifest('app', build.descriptor.digest))!
      await mirror.putManifest('app', build.descriptor.digest, { bytes: index.bytes, mediaType: index.mediaType })
    }
  })
  afterAll(async () => {
    await pool.close()
    await Promise.all([first.stop(), second.stop()])
  })

  /** All 8 jobs started together, each behind its own counting proxy: their runs and GET breakdowns. */
  async function fanOut(
    workdir: string,
    records: string,
    attempt: number,
  ): Promise<{ runs: ActionRun[]; gets: Breakdown[] }> {
    const proxies: CountingProxy[] = await Promise.all(builds.map(() => startCountingProxy()))
    try {
      const runs = await Promise.all(
        builds.map((build, i) =>
          runAction(
            {
              mode: 'append',
              workdir,
              targets: 'app',
              metadata: metadataFor('app', build, [`${first.host}/app`, `${second.host}/app`]),
              settle: '0',
              records,
            },
            { HTTP_PROXY: proxies[i].url, GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: String(attempt) },
          ),
        ),
      )
      const gets = proxies.map((proxy, i) => breakdown(proxy.requests, builds[i]))
      return { runs, gets }
    } finally {
      await Promise.all(proxies.map((p) => p.stop()))
    }
  }

  function breakdown(requests: readonly string[], own: PushedImage): Breakdown {
    const gets = requests.filter((r) => r.startsWith('GET ') && r.includes('/manifests/'))
    const digestsOf = (b: PushedImage) => [b.descriptor.digest, b.image.digest, b.attestation!.digest]
    const others = new Set(builds.filter((b) => b !== own).flatMap(digestsOf))
    const ownBuild = gets.filter((r) => r.endsWith(`/manifests/${own.descriptor.digest}`)).length
    const otherBuilds = gets.filter((r) => others.has(r.slice(r.lastIndexOf('/') + 1))).length
    const puts = requests.filter((r) => r.startsWith('PUT ') && r.includes('/manifests/')).length
    return { total: gets.length, ownBuild, otherBuilds, tagIndexes: gets.length - ownBuild - otherBuilds, puts }
  }

  test('8 jobs × 4 tags on 2 registries, settle 0, started together: median ≤ 2 GETs per job, ≤ 1 on a re-run', async () => {
    const tags = [
      `${first.host}/app:1`,
      `${first.host}/app:latest`,
      `${second.host}/app:1`,
      `${second.host}/app:latest`,
    ]
    const workdir = await bakeDir({ app: { tags, platforms: ARCHITECTURES.map((a) => `linux/${a}`) } })
    const records = await tempDir()

    const together = await fanOut(workdir, records, 1)
    for (const run of together.runs)
      expect({ code: run.code, out: run.code ? run.stdout : '' }).toEqual({ code: 0, out: '' })
    for (const [host, tag] of tags.map((t) => [t.slice(0, t.indexOf('/')), t.slice(t.lastIndexOf(':') + 1)])) {
      const index = await tagIndex(await pool.client(host), 'app', tag)
      expect(platformsOf(index?.manifests ?? []).sort()).toEqual(ARCHITECTURES.map((a) => `linux/${a}`).sort())
    }
    const totals = together.gets.map((g) => g.total)
    console.log(
      `pull budget: manifest GETs per job, 8 jobs × 4 tags on 2 registries: ${totals.join(', ')} ` +
        `(median ${median(totals)}, ${totals.reduce((a, b) => a + b, 0)} in all; ` +
        `own build ${together.gets.map((g) => g.ownBuild).join('/')}, ` +
        `tag indexes ${together.gets.map((g) => g.tagIndexes).join('/')}, ` +
        `other jobs' builds ${together.gets.map((g) => g.otherBuilds).join('/')})`,
    )
    expect(together.gets.map((g) => g.ownBuild)).toEqual(Array(builds.length).fill(1))
    expect(together.gets.map((g) => g.otherBuilds)).toEqual(Array(builds.length).fill(0))
    expect(median(totals)).toBeLessThanOrEqual(2)

    // The run re-run (attempt 2, the same builds): every tag already holds every build, under attempt 1's
    // stamps, which prove nothing about attempt 2's writes: each job writes its tags once, the same
    // bytes, and reads its own build and nothing else.
    const heldBefore = new Map<string, string | undefined>()
    for (const [host, tag] of tags.map((t) => [t.slice(0, t.indexOf('/')), t.slice(t.lastIndexOf(':') + 1)]))
      heldBefore.set(`${host}:${tag}`, (await (await pool.client(host)).headManifest('app', tag))?.digest)
    const rerun = await fanOut(workdir, records, 2)
    for (const run of rerun.runs)
      expect({ code: run.code, out: run.code ? run.stdout : '' }).toEqual({ code: 0, out: '' })
    const again = rerun.gets.map((g) => g.total)
    console.log(`pull budget: manifest GETs per job on a re-run: ${again.join(', ')}`)
    expect(rerun.gets.map((g) => g.puts)).toEqual(Array(builds.length).fill(tags.length))
    // Writing back what a tag held creates no version: no completion mark lists one (GHCR cleanup's candidates).
    const marks = (await readdir(records)).filter((f) => f.endsWith('.4242.2.done.json'))
    expect(marks).toHaveLength(builds.length)
    for (const mark of marks)
      expect(JSON.parse(await readFile(path.join(records, mark), 'utf8')).written).toBeUndefined()
    for (const [host, tag] of tags.map((t) => [t.slice(0, t.indexOf('/')), t.slice(t.lastIndexOf(':') + 1)]))
      expect((await (await pool.client(host)).headManifest('app', tag))?.digest).toBe(heldBefore.get(`${host}:${tag}`))

    // verify reads each record's digest (it believes no record), and no tag: each holds the records' union.
    const proxy = await startCountingProxy()
    try {
      const env = { HTTP_PROXY: proxy.url, GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' }
      const verify = await runAction({ mode: 'verify', records }, env)
      expect({ code: verify.code, out: verify.code ? verify.stdout : '' }).toEqual({ code: 0, out: '' })
      const gets = proxy.requests.filter((r) => r.startsWith('GET ') && r.includes('/manifests/'))
      const ofBuilds = new Set(builds.map((b) => b.descriptor.digest))
      const ofTags = gets.filter((r) => !ofBuilds.has(r.slice(r.lastIndexOf('/') + 1)))
      console.log(`pull budget: verify's manifest GETs: ${gets.length} (${ofTags.length} of tags)`)
      expect(ofTags).toEqual([])
    } finally {
      await proxy.stop()
    }
    expect(Math.max(...again)).toBeLessThanOrEqual(1)
  }, 120_000)
})
