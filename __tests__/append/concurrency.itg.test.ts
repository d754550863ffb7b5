/**
 * N appenders started at the same instant on the same tags, each adding its own
 * platform, over several rounds: nothing may be lost or duplicated. Then the same
 * through a proxy that answers 503/429 or drops the connection on 20% of requests.
 */
import { platformKey } from '../../src/image-index/platform.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { platformsOf } from '../../src/image-index/entries.js'
import { type ActionRun, runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type FaultProxy, seededFaults, startFaultProxy } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

/**
 * Several rounds of 8 processes on 2 cores: ~16 s here. A request that meets a long run
 * of injected faults backs off for up to ~40 s (the retry policy), so allow for it.
 */
const ROUNDS_TIMEOUT_MS = 180_000

const PLATFORMS = [
  'linux/amd64',
  'linux/arm64',
  'linux/arm/v7',
  'linux/arm/v6',
  'linux/s390x',
  'linux/ppc64le',
  'linux/riscv64',
  'linux/386',
]

describeWithRegistry('concurrent appends', () => {
  let registry: RegistryServer
  let pool: RegistryPool
  let client: RegistryClient
  let images: PushedImage[]
  let records: string

  beforeAll(async () => {
    registry = await startRegistry()
    pool = testPool()
    client = await pool.client(registry.host)
    images = await Promise.all(
      PLATFORMS.map((p) => {
        const [os, architecture, variant] = p.split('/')
        return pushImage(client, 'race', { os, architecture, ...(variant && { variant }) }, { attest: true })
      }),
    )
    records = await tempDir('bake-fanout-race-records-')
  })
  afterAll(async () => {
    await pool.close()
    await registry.stop()
  })

  /** One round: every platform's append started together on the same two tags. */
  async function round(
    host: string,
    name: string,
  ): Promise<{ runs: ActionRun[]; lost: number; duplicated: number; writes: number }> {
    const tags = [`${host}/race:${name}`, `${host}/race:${name}-latest`]
    const workdir = await bakeDir({ race: { tags, platforms: PLATFORMS } })
    const runs = await Promise.all(
      images.map((image) =>
        runAction({
          mode: 'append',
          workdir,
          targets: 'race',
          metadata: metadataFor('race', image, [`${host}/race`]),
          settle: '1',
          // The fault proxy fails a request before passing it on, so no attempt is applied later: a short
          // horizon keeps the ambiguous writes' waits (503s and resets on tag PUTs) from dominating the run.
          'orphan-horizon': '2',
          records,
        }),
      ),
    )
    // Every job succeeds; a failure shows that job's own output.
    for (const run of runs)
      expect({ code: run.code, stdout: run.code === 0 ? '' : run.stdout }).toEqual({ code: 0, stdout: '' })
    let lost = 0
    let duplicated = 0
    for (const tag of [name, `${name}-latest`]) {
      const index = await tagIndex(client, 'race', tag)
      const platforms = platformsOf(index?.manifests ?? [])
      duplicated += platforms.length - new Set(platforms).size
      for (const image of images) {
        const present = index?.manifests.some(
          (m) => m.digest === image.image.digest && platformKey(m.platform!) === platformKey(image.platform),
        )
        if (!present) lost++
      }
      expect(index?.manifests).toHaveLength(2 * PLATFORMS.length) // each image with its attestation
    }
    const writes = runs.reduce(
      (n, r) => n + [...r.stdout.matchAll(/\((\d+) writes?, \d+ repairs?\)/g)].reduce((a, m) => a + Number(m[1]), 0),
      0,
    )
    return { runs, lost, duplicated, writes }
  }

  test(
    '8 platforms × 2 tags × 4 rounds: every job succeeds, nothing lost or duplicated; verify then finds nothing to repair',
    async () => {
      const figures = []
      for (let r = 0; r < 4; r++) {
        const { lost, duplicated, writes } = await round(registry.host, `r${r}`)
        expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 })
        figures.push(writes)
      }
      console.log(
        `concurrency: 4 rounds × 8 jobs × 2 tags, 0 platforms lost, writes per round ${figures.join(', ')} (${(figures.reduce((a, b) => a + b) / (4 * 16)).toFixed(2)} per tag per job)`,
      )
      await verifyFindsNothingToRepair()
    },
    ROUNDS_TIMEOUT_MS,
  )

  async function verifyFindsNothingToRepair() {
    const run = await runAction({ mode: 'verify', records })
    expect(run.code).toBe(0)
    const result = JSON.parse(run.outputs.result)
    // Each round is a fan-out of its own (its own tag set): verify acts on every round's records.
    const rounds = ['r0', 'r1', 'r2', 'r3'].flatMap((r) => [
      `${registry.host}/race:${r}`,
      `${registry.host}/race:${r}-latest`,
    ])
    expect(Object.keys(result).sort()).toEqual(rounds.sort())
    for (const tag of Object.values(result) as Array<{ changed: boolean; platforms: string[] }>) {
      expect(tag.changed).toBe(false)
      expect(tag.platforms).toHaveLength(8)
    }
    console.log(
      `verify after 8-way append: ${Object.keys(result).length} tags, ${Object.values(result).filter((t) => (t as { changed: boolean }).changed).length} changed`,
    )
  }

  describe('through a proxy injecting 20% 503/429/resets', () => {
    let faults: FaultProxy
    beforeAll(async () => (faults = await startFaultProxy(registry.port, seededFaults(0.2, 42))))
    afterAll(() => faults.stop())

    test(
      '8 platforms × 2 tags × 3 rounds: still nothing lost',
      async () => {
        for (let r = 0; r < 3; r++) {
          const { lost, duplicated } = await round(faults.host, `f${r}`)
          expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 })
        }
        const injected = faults.injected['503'] + faults.injected['429'] + faults.injected.reset
        expect(injected).toBeGreaterThan(20)
        console.log(
          `faults: 3 rounds × 8 jobs, ${faults.methods.length} requests, ${injected} faults injected (${JSON.stringify(faults.injected)}), 0 platforms lost`,
        )
      },
      ROUNDS_TIMEOUT_MS,
    )
  })
})
