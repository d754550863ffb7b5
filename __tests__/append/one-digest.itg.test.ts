/**
 * One release, one digest: 3 tags on 2 registries, 3 platform jobs started at the same
 * instant (settle 0), 10 times. Whatever order the jobs' writes land in, every tag on
 * every registry ends with the same index bytes, and verify's `digest` output is that
 * digest.
 */
import type { Platform } from '../../src/index-model/platform.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

const REPETITIONS = 10
const PLATFORMS: Platform[] = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64' },
  { os: 'linux', architecture: 's390x' },
]

describeWithRegistry('one release, one digest', () => {
  let first: RegistryServer
  let second: RegistryServer
  let pool: RegistryPool
  let images: PushedImage[]

  beforeAll(async () => {
    ;[first, second] = await Promise.all([startRegistry(), startRegistry()])
    pool = testPool()
    const client = await pool.client(first.host)
    images = await Promise.all(PLATFORMS.map((p) => pushImage(client, 'app', p, { attest: true })))
  })
  afterAll(async () => {
    await pool.close()
    await Promise.all([first.stop(), second.stop()])
  })

  test(`3 tags on 2 registries, 3 jobs at once, ${REPETITIONS} times: one digest per release, verify's output`, async () => {
    const digestsPerRepetition: number[] = []
    for (let r = 0; r < REPETITIONS; r++) {
      const tags = [`${first.host}/app:1.${r}`, `${first.host}/app:latest-${r}`, `${second.host}/mirror/app:1.${r}`]
      const workdir = await bakeDir({ app: { tags, platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x'] } })
      const records = await tempDir()
      const runs = await Promise.all(
        images.map((image) =>
          runAction({
            mode: 'append',
            workdir,
            targets: 'app',
            metadata: metadataFor('app', image, [`${first.host}/app`]),
            settle: '0',
            records,
          }),
        ),
      )
      for (const run of runs) expect({ code: run.code, out: run.code ? run.stdout : '' }).toEqual({ code: 0, out: '' })
      const held = await Promise.all(
        tags.map(async (ref) => {
          const [host, rest] = [ref.slice(0, ref.indexOf('/')), ref.slice(ref.indexOf('/') + 1)]
          const [repository, tag] = rest.split(':')
          return (await (await pool.client(host)).headManifest(repository, tag))!.digest
        }),
      )
      digestsPerRepetition.push(new Set(held).size)
      const verify = await runAction({ mode: 'verify', records })
      expect(verify.code).toBe(0)
      expect(verify.outputs.digest).toBe(held[0])
    }
    console.log(
      `one digest: ${REPETITIONS} repetitions of 3 jobs × 3 tags on 2 registries, distinct digests per repetition: ${digestsPerRepetition.join(', ')}`,
    )
    expect(digestsPerRepetition).toEqual(Array(REPETITIONS).fill(1))
  }, 120_000)
})
