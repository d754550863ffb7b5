/**
 * A target's index annotations (its author's `annotation-index.*`, then append's
 * `annotations` input) travel in its records, so the index verify writes carries them:
 * a `defer` run's tags too, which only verify writes. And a tag the appends wrote with
 * them is known to verify by its digest: no GET of it (Docker Hub counts GETs).
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Platform } from '../../src/image-index/platform.js'
import { runAction } from '../helpers/action.js'
import { metadataFor, tagIndex, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

const PLATFORMS = ['linux/amd64', 'linux/arm64']
const DESCRIPTION = 'org.opencontainers.image.description'

describeWithRegistry("verify writes each target's index annotations", () => {
  const fixture = useRegistry()
  let builds: PushedImage[]
  const host = () => fixture.registry.host

  beforeAll(async () => {
    builds = await Promise.all(
      PLATFORMS.map((p) => {
        const [os, architecture] = p.split('/')
        return pushImage(fixture.client, 'noted', { os, architecture } as Platform, { attest: true })
      }),
    )
  })

  /** A bake file whose target's output carries index annotations, and its records directory. */
  async function annotatedTarget(tag: string) {
    const workdir = await tempDir()
    const output = `type=image,annotation-index.${DESCRIPTION}=Made with care,annotation-index.org.example.both=author`
    const bake = { target: { app: { tags: [`${host()}/noted:${tag}`], platforms: PLATFORMS, output: [output] } } }
    await writeFile(path.join(workdir, 'docker-bake.json'), JSON.stringify(bake))
    return { workdir, records: await tempDir() }
  }

  async function appendAll(workdir: string, records: string, inputs: Record<string, string>) {
    for (const build of builds) {
      const metadata = metadataFor('app', build, [`${host()}/noted`])
      const run = await runAction({
        mode: 'append',
        workdir,
        targets: 'app',
        metadata,
        settle: '0',
        records,
        ...inputs,
      })
      expect({ code: run.code, out: run.code ? run.stdout : '' }).toEqual({ code: 0, out: '' })
    }
  }

  test("defer: verify's index carries the author's annotations, append's input over them, verify's over both", async () => {
    const { workdir, records } = await annotatedTarget('deferred')
    await appendAll(workdir, records, { defer: 'true', annotations: 'org.example.both=append\norg.example.append=a' })
    expect(await tagIndex(fixture.client, 'noted', 'deferred')).toBeUndefined()
    const verify = await runAction({ mode: 'verify', records, annotations: 'org.example.verify=v' })
    expect(verify.code).toBe(0)
    expect((await tagIndex(fixture.client, 'noted', 'deferred'))?.annotations).toEqual({
      [DESCRIPTION]: 'Made with care',
      'org.example.append': 'a',
      'org.example.both': 'append',
      'org.example.verify': 'v',
    })
    const again = await runAction({ mode: 'verify', records, annotations: 'org.example.both=verify' })
    expect(again.code).toBe(0)
    expect((await tagIndex(fixture.client, 'noted', 'deferred'))?.annotations?.['org.example.both']).toBe('verify')
  })

  test('appended with annotations, a tag is known to verify by its digest: the same index, never read by GET', async () => {
    const { workdir, records } = await annotatedTarget('appended')
    await appendAll(workdir, records, {})
    const held = (await fixture.client.headManifest('noted', 'appended'))!.digest
    expect((await tagIndex(fixture.client, 'noted', 'appended'))?.annotations).toEqual({
      [DESCRIPTION]: 'Made with care',
      'org.example.both': 'author',
    })
    const mark = fixture.registry.output().length
    const verify = await runAction({ mode: 'verify', records })
    expect(verify.code).toBe(0)
    expect((await fixture.client.headManifest('noted', 'appended'))!.digest).toBe(held)
    const requests = await fixture.registry.requestsSince(mark)
    expect(requests.filter((r) => r.startsWith(`GET /v2/noted/manifests/${held}`))).toEqual([])
  })
})
