/**
 * One release, all or nothing: in a `defer` run verify publishes a target only when every
 * platform it builds has a record of this run (else it names the missing ones and writes
 * none of its tags), unless `partial`. And two fan-outs of one target in one run (a
 * reusable workflow called twice) keep their records apart: each verify touches only
 * its own tags.
 */
import type { Platform } from '../../src/image-index/platform.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagIndex, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/s390x']

describeWithRegistry('verify: all or nothing, fan-outs apart', () => {
  const fixture = useRegistry()
  let builds: PushedImage[]
  const host = () => fixture.registry.host

  beforeAll(async () => {
    builds = await Promise.all(
      PLATFORMS.map((p) => {
        const [os, architecture] = p.split('/')
        return pushImage(fixture.client, 'release', { os, architecture } as Platform, { attest: true })
      }),
    )
  })

  async function deferred(tags: string[], images: PushedImage[], records: string) {
    const workdir = await bakeDir({ app: { tags, platforms: PLATFORMS } })
    for (const image of images) {
      const metadata = metadataFor('app', image, [`${host()}/release`])
      const run = await runAction({
        mode: 'append',
        workdir,
        targets: 'app',
        metadata,
        defer: 'true',
        records,
        tags: tags.join('\n'),
      })
      expect(run.code).toBe(0)
    }
  }

  const tagWrites = async (mark: number) =>
    (await fixture.registry.requestsSince(mark)).filter((r) => /^PUT \/v2\/release\/manifests\/(?!sha256:)/.test(r))

  test('defer, 3 platforms, 2 records: verify names the third and writes no tag; partial publishes the two', async () => {
    const records = await tempDir()
    const tags = [`${host()}/release:1.0`, `${host()}/release:latest`]
    await deferred(tags, builds.slice(0, 2), records) // the s390x job failed
    const mark = fixture.registry.output().length
    const verify = await runAction({ mode: 'verify', records })
    expect(verify.code).toBe(1)
    expect(verify.stdout).toContain(
      "target app: no record of this run for linux/s390x (its platform job failed, was cancelled or skipped): none of app's tags is written; 'partial: true' publishes what was built",
    )
    expect(verify.outputs.digest).toBe('')
    const writes = await tagWrites(mark)
    expect(writes).toEqual([])
    expect(await tagIndex(fixture.client, 'release', '1.0')).toBeUndefined()
    const partial = await runAction({ mode: 'verify', records, partial: 'true' })
    expect(partial.code).toBe(0)
    expect(partial.stdout).toContain('::warning::target app: no record of this run for linux/s390x')
    expect(await tagPlatforms(fixture.client, 'release', '1.0')).toEqual(['linux/amd64', 'linux/arm64'])
    console.log(
      `all or nothing: verify exit ${verify.code}, ${writes.length} tag writes; partial: exit ${partial.code}, 2 platforms`,
    )
  })

  test('two fan-outs of one target in one run and one records store: each verify touches only its own tags', async () => {
    const records = await tempDir()
    const stable = [`${host()}/release:stable`]
    const nightly = [`${host()}/release:nightly`]
    await deferred(stable, builds, records)
    await deferred(nightly, builds, records)
    const mark = fixture.registry.output().length
    const first = await runAction({ mode: 'verify', records, tags: stable.join('\n') })
    expect(first.code).toBe(0)
    expect(Object.keys(JSON.parse(first.outputs.result))).toEqual(stable)
    expect(await tagWrites(mark)).toEqual(['PUT /v2/release/manifests/stable'])
    expect(await tagIndex(fixture.client, 'release', 'nightly')).toBeUndefined()
    const second = await runAction({ mode: 'verify', records, tags: nightly.join('\n') })
    expect(second.code).toBe(0)
    expect(Object.keys(JSON.parse(second.outputs.result))).toEqual(nightly)
    expect(await tagPlatforms(fixture.client, 'release', 'nightly')).toEqual(PLATFORMS)
    // The same builds in both (each fan-out's index carries its own records' times, so the digests differ).
    const images = async (tag: string) =>
      (await tagIndex(fixture.client, 'release', tag))?.manifests.map((m) => m.digest)
    expect(await images('nightly')).toEqual(await images('stable'))
  })

  test("one fan-out's missing platform never holds back another fan-out of the same target", async () => {
    const records = await tempDir()
    const complete = [`${host()}/release:stable-a`]
    const short = [`${host()}/release:nightly-a`]
    await deferred(complete, builds, records)
    await deferred(short, builds.slice(0, 2), records)
    const verify = await runAction({ mode: 'verify', records, tags: complete.join('\n') })
    expect({ code: verify.code, out: verify.code ? verify.stdout : '' }).toEqual({ code: 0, out: '' })
    expect(await tagPlatforms(fixture.client, 'release', 'stable-a')).toEqual(PLATFORMS)
    const held = await runAction({ mode: 'verify', records, tags: short.join('\n') })
    expect(held.code).toBe(1)
    expect(held.stdout).toContain('target app: no record of this run for linux/s390x')
  })

  test("appended without a bake file, a defer run cannot know the target's platforms: verify says so", async () => {
    const records = await tempDir()
    const tags = [`${host()}/release:bare`]
    const metadata = metadataFor('app', builds[0], [`${host()}/release`])
    const empty = await tempDir()
    const appended = await runAction({
      mode: 'append',
      workdir: empty,
      targets: 'app',
      metadata,
      defer: 'true',
      records,
      tags: tags[0],
    })
    expect(appended.code).toBe(0)
    const verify = await runAction({ mode: 'verify', records })
    expect(verify.stdout).toContain(
      '::warning::target app: its records state no target platforms (appended without a bake file), so a missing platform cannot be told',
    )
  })
})
