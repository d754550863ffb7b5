/**
 * One release, one digest: 3 tags on 2 registries, 3 platform jobs started at the same
 * instant (settle 0), 10 times. Whatever order the jobs' writes land in, every tag on
 * every registry ends with the same index bytes, and verify's `digest` output is that
 * digest.
 */
import type { Platform } from '../../src/image-index/platform.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { startQuirkProxy } from '../helpers/proxies.js'
import { copyEntries } from '../../src/registry/copy.js'
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

  test("8 jobs at once, 4 tags on 2 registries: no job GETs another job's manifests (Docker Hub counts GETs)", async () => {
    const platforms: Platform[] = ['amd64', 'arm64', 's390x', 'ppc64le', 'riscv64', '386', 'mips64le', 'loong64'].map(
      (architecture) => ({ os: 'linux', architecture }),
    )
    // Pass-through proxies that note every request (a quirk that changes nothing).
    const proxies = await Promise.all(
      [first, second].map((r) => startQuirkProxy(r.port, () => ({ headers: (h) => h }))),
    )
    try {
      const [one, two] = proxies.map((p) => p.host)
      // Pushed to both repositories by digest, as bake pushes to every name in image.name.
      const client = await pool.client(first.host)
      const builds = await Promise.all(platforms.map((p) => pushImage(client, 'wide', p, { attest: true })))
      const mirror = await pool.client(second.host)
      mirror.willPush('wide')
      for (const build of builds) {
        await copyEntries({ client, repository: 'wide' }, { client: mirror, repository: 'wide' }, [
          build.image,
          build.attestation!,
        ])
        const index = (await client.getManifest('wide', build.descriptor.digest))!
        await mirror.putManifest('wide', build.descriptor.digest, { bytes: index.bytes, mediaType: index.mediaType })
      }
      const tags = [`${one}/wide:1`, `${one}/wide:latest`, `${two}/wide:1`, `${two}/wide:latest`]
      const workdir = await bakeDir({ wide: { tags, platforms: platforms.map((p) => `linux/${p.architecture}`) } })
      const records = await tempDir()
      const marks = proxies.map((p) => p.quirked.length)
      const runs = await Promise.all(
        builds.map((build) =>
          runAction({
            mode: 'append',
            workdir,
            targets: 'wide',
            metadata: metadataFor('wide', build, [`${one}/wide`, `${two}/wide`]),
            settle: '0',
            records,
          }),
        ),
      )
      for (const run of runs) expect({ code: run.code, out: run.code ? run.stdout : '' }).toEqual({ code: 0, out: '' })
      const gets = proxies.flatMap((p, i) => p.quirked.slice(marks[i]).filter((r) => r.startsWith('GET ')))
      // Every GET of a build's digest: its own job reads it once (on the first registry named); no other job does.
      const perBuild = builds.map((b) => gets.filter((r) => r.endsWith(`/manifests/${b.descriptor.digest}`)).length)
      const ofPlatformImages = builds.map((b) => gets.filter((r) => r.endsWith(`/manifests/${b.image.digest}`)).length)
      console.log(
        `manifest GETs, 8 jobs × 4 tags on 2 registries: ${gets.filter((r) => r.includes('/manifests/')).length} in all; ` +
          `of each build's digest: ${perBuild.join(', ')}; of platform images: ${ofPlatformImages.reduce((a, b) => a + b, 0)}`,
      )
      expect(perBuild).toEqual(Array(builds.length).fill(1))
      expect(ofPlatformImages).toEqual(Array(builds.length).fill(0))
      // A re-run of one job: its 4 tags, on 2 registries, hold one index digest; it is read by one GET at
      // most (none when the job computes it from the records it holds).
      const held = (await client.headManifest('wide', '1'))!.digest
      const before = proxies.map((p) => p.quirked.length)
      const rerun = await runAction({
        mode: 'append',
        workdir,
        targets: 'wide',
        metadata: metadataFor('wide', builds[0], [`${one}/wide`, `${two}/wide`]),
        settle: '0',
        records,
      })
      expect(rerun.code).toBe(0)
      const indexGets = proxies
        .flatMap((p, i) => p.quirked.slice(before[i]))
        .filter((r) => r === `GET /v2/wide/manifests/${held}`)
      expect(indexGets.length).toBeLessThanOrEqual(1)
    } finally {
      await Promise.all(proxies.map((p) => p.stop()))
    }
  }, 120_000)
})
