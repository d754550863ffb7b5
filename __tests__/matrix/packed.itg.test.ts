/**
 * A file too big for one matrix: 800 targets × 4 platforms packed into at most 256
 * entries, and `append` on packed entries against the real registry — each target's tags
 * get that target's own platform images and nothing of its pack-mates'. 1,000 × 4 packs
 * as well, but its matrix is over GitHub's 1 MB of job outputs: refused with its size.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MatrixEntry } from '../../src/matrix/plan.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { tagIndex, tempDir, withoutStamps } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x']

describeWithRegistry('packed matrix entries', () => {
  let registry: RegistryServer
  let pool: RegistryPool
  let client: RegistryClient
  beforeAll(async () => {
    registry = await startRegistry()
    pool = testPool()
    client = await pool.client(registry.host)
  })
  afterAll(async () => {
    await pool.close()
    await registry.stop()
  })

  async function bakeFile(count: number): Promise<string> {
    const workdir = await tempDir('bake-fanout-packed-')
    const target = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`t${i}`, { tags: [`${registry.host}/t${i}:1`], platforms: PLATFORMS }]),
    )
    const group = { default: { targets: Object.keys(target) } }
    await writeFile(path.join(workdir, 'docker-bake.json'), JSON.stringify({ group, target }))
    return workdir
  }

  /** What docker/bake-action's metadata holds after building a packed entry: one result per target. */
  function metadata(built: Map<string, PushedImage>): string {
    const results = [...built].map(([target, pushed]) => [
      target,
      {
        'containerimage.descriptor': pushed.descriptor,
        'containerimage.digest': pushed.descriptor.digest,
        'image.name': `${registry.host}/${target}`,
      },
    ])
    return JSON.stringify(Object.fromEntries(results))
  }

  test('800 targets × 4 platforms fan out into at most 256 entries; append on two packed entries gives each target only its own builds', async () => {
    const workdir = await bakeFile(800)
    const matrix = await runAction({ mode: 'matrix', workdir })
    expect(matrix.code).toBe(0)
    const entries = JSON.parse(matrix.outputs.matrix) as MatrixEntry[]
    expect(entries.length).toBeLessThanOrEqual(256)
    expect(entries.reduce((n, e) => n + e.target.split('\n').length, 0)).toBe(3200)
    expect(matrix.outputs.matrix.length * 2).toBeLessThanOrEqual(1_000_000)

    // The amd64 and arm64 entries holding t0: the same targets on two platforms, two jobs each.
    const jobs = ['linux/amd64', 'linux/arm64'].map((platform) =>
      entries.find((e) => e.platform === platform && e.target.split('\n').includes('t0'))!,
    )
    const targets = jobs[0].target.split('\n')
    expect(targets.length).toBeGreaterThan(1)
    expect(jobs[1].target).toBe(jobs[0].target)
    const records = await tempDir('bake-fanout-records-')
    const builds = new Map<string, Map<string, PushedImage>>()
    for (const job of jobs) {
      const [os, architecture] = job.platform.split('/')
      const built = new Map<string, PushedImage>()
      for (const target of targets)
        built.set(target, await pushImage(client, target, { os, architecture }, { attest: true }))
      builds.set(job.platform, built)
      const append = await runAction({
        mode: 'append',
        workdir,
        targets: job.target,
        tags: job.tags,
        metadata: metadata(built),
        settle: '0',
        records,
      })
      expect(append.code).toBe(0)
      expect(Object.keys(JSON.parse(append.outputs.result)).sort()).toEqual(
        targets.map((t) => `${registry.host}/${t}:1`).sort(),
      )
    }
    for (const target of targets) {
      const index = await tagIndex(client, target, '1')
      const [amd, arm] = jobs.map((job) => builds.get(job.platform)!.get(target)!)
      expect(withoutStamps(index?.manifests)).toEqual([amd.image, arm.image, amd.attestation, arm.attestation])
    }
  })

  test("1,000 targets × 4 platforms: a matrix over GitHub's 1 MB of job outputs is refused with its size, not cut off", async () => {
    const matrix = await runAction({ mode: 'matrix', workdir: await bakeFile(1000) })
    expect(matrix.code).toBe(1)
    expect(matrix.stdout).toMatch(/::error::input 'targets': the matrix of 4000 jobs is \d+ kB as GitHub counts/)
    expect(matrix.outputs.matrix).toBeUndefined()
  })

  test("a packed entry's tags name their targets: a line for a target not appended is refused before any write", async () => {
    const workdir = await bakeFile(2)
    const pushed = await pushImage(client, 't0', { os: 'linux', architecture: 'amd64' })
    const run = await runAction({
      mode: 'append',
      workdir,
      targets: 't0',
      tags: `t0=${registry.host}/t0:2\nt1=${registry.host}/t1:2`,
      metadata: metadata(new Map([['t0', pushed]])),
      settle: '0',
      records: await tempDir('bake-fanout-records-'),
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::input 'tags': names 't1', not among the targets appended \(t0\)/)
    expect(await tagIndex(client, 't0', '2')).toBeUndefined()
  })

  test("a tag named for two targets of one append is refused before any write: a tag holds one target's images", async () => {
    const workdir = await bakeFile(2)
    const built = new Map([
      ['t0', await pushImage(client, 't0', { os: 'linux', architecture: 'amd64' })],
      ['t1', await pushImage(client, 't1', { os: 'linux', architecture: 'amd64' })],
    ])
    const shared = `${registry.host}/shared:1`
    const run = await runAction({
      mode: 'append',
      workdir,
      targets: 't0\nt1',
      tags: `t0=${shared}\nt1=${shared}`,
      metadata: metadata(built),
      settle: '0',
      records: await tempDir('bake-fanout-records-'),
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`::error::input 'tags': ${shared} is a tag of both 't0' and 't1'`)
    expect(await tagIndex(client, 'shared', '1')).toBeUndefined()
  })
})
