/**
 * BuildSource, directly: the run's builds for a tag from its records. Version 2
 * records carry their entries, so append takes other jobs' builds from them without a
 * GET (the pool here refuses every connection: any registry call fails the test).
 */
import { BuildSource } from '../../src/convergence/builds.js'
import { OrphanHorizon } from '../../src/convergence/orphan-horizon.js'
import type { BuildRecord } from '../../src/records/record.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { type Descriptor, OCI_MANIFEST } from '../../src/oci/types.js'
import { recordingLogger } from '../helpers/logger.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const image = (n: number, architecture: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: digest(n),
  size: 1,
  platform: { os: 'linux', architecture },
})
const record = (n: number, architecture: string, extra: Partial<BuildRecord> = {}): BuildRecord => ({
  version: 2,
  target: 'web',
  platforms: [`linux/${architecture}`],
  targetPlatforms: ['linux/amd64', 'linux/arm64'],
  entries: [image(n, architecture)],
  digest: digest(100 + n),
  mediaType: 'application/vnd.oci.image.index.v1+json',
  size: 1,
  repositories: ['ghcr.io/o/web'],
  tags: ['ghcr.io/o/web:1'],
  createdAt: `2026-11-27T0${n}:00:00.000Z`,
  runId: '42',
  runAttempt: 1,
  ...extra,
})
const noRegistry = { client: () => Promise.reject(new Error('no registry call expected')) } as unknown as RegistryPool
const query = { registry: 'ghcr.io', repository: 'o/web', ref: 'ghcr.io/o/web:1' }

describe('BuildSource', () => {
  test("other jobs' builds come from their records' entries: no GET; the newest record per platform wins", async () => {
    const source = new BuildSource(noRegistry, recordingLogger(), { copy: true, recordedEntries: true })
    const records = [record(1, 'amd64'), record(2, 'arm64'), record(3, 'amd64', { runAttempt: 2 })]
    const { builds, runDigests } = await source.forTag(query, records)
    expect(builds.map((b) => [b.entries.map((e) => e.digest), b.run])).toEqual([
      [[digest(3)], { runId: '42', runAttempt: 2 }],
      [[digest(2)], { runId: '42', runAttempt: 1 }],
    ])
    // Every record of the run, superseded ones included, is "this run's" (never another run's newer build).
    expect([...runDigests].sort()).toEqual([digest(1), digest(2), digest(3)])
  })

  test("records of other tags are not this tag's builds", async () => {
    const source = new BuildSource(noRegistry, recordingLogger(), { copy: true, recordedEntries: true })
    const other = record(4, 'amd64', { tags: ['ghcr.io/o/web:2'] })
    expect((await source.forTag(query, [other])).builds).toEqual([])
  })

  test('a record whose entries hold another platform than it claims is left out, and said once', async () => {
    const log = recordingLogger()
    const source = new BuildSource(noRegistry, log, { copy: true, recordedEntries: true })
    const liar = record(5, 'amd64', { platforms: ['linux/s390x'] })
    const { builds } = await source.forTag(query, [liar])
    await source.forTag(query, [liar])
    expect(builds).toEqual([{ entries: [], createdAt: liar.createdAt }])
    expect(log.lines).toEqual([
      `the record of web (attempt 1) says linux/s390x, but ${liar.digest} holds linux/amd64: that record is ignored here, and verify fails its target`,
    ])
  })

  test('verify believes no record: it reads the digest from the registry', async () => {
    const source = new BuildSource(noRegistry, recordingLogger(), { copy: false, recordedEntries: false })
    await expect(source.forTag(query, [record(1, 'amd64')])).rejects.toThrow(/no registry call expected/)
  })
})

describe('OrphanHorizon', () => {
  test('the last horizon of the ambiguous attempts is waited out on the clock; none noted, no wait', async () => {
    const slept: number[] = []
    let now = 1_000_000
    const clock = {
      now: () => now,
      random: () => 0,
      sleep: async (ms: number) => {
        slept.push(ms)
        now += ms
      },
    }
    const horizon = new OrphanHorizon(30_000, clock)
    expect(horizon.until).toBeUndefined()
    expect(await horizon.waitOut()).toBe(0)
    expect(horizon.note(now - 10_000)).toBe(now + 20_000)
    expect(horizon.note(now - 20_000)).toBe(now + 10_000)
    expect(horizon.until).toBe(now + 20_000)
    expect(await horizon.waitOut()).toBe(20_000)
    expect(slept).toEqual([20_000])
    expect(await horizon.waitOut()).toBe(0)
  })
})
