/**
 * Append's critical path, shown by order of events rather than by time: a read that
 * nothing orders after another goes out while that other one is still unanswered. The
 * proxy holds one answer back until the request that must not wait for it arrives (or
 * until a cap, which the test then reports as the request having waited).
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { execProgram } from '../../src/common/actions-exec.js'
import { readInputs } from '../../src/action/inputs.js'
import { run } from '../../src/action/run.js'
import type { Deps } from '../../src/mode/deps.js'
import type { Platform } from '../../src/image-index/platform.js'
import { copyEntries } from '../../src/registry/copy.js'
import { runAction } from '../helpers/action.js'
import { directoryArtifacts } from '../helpers/artifacts.js'
import { bakeDir, metadataFor, tagIndex, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { recordingLogger } from '../helpers/logger.js'
import { type QuirkProxy, type QuirkRequest, startQuirkProxy } from '../helpers/proxies.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

/** How long an answer is held at most: far beyond any run's own pace, so reaching it means "waited". */
const CAP_MS = 10_000

/**
 * Holds the answer to requests matching `held` until a request matching `awaited` has
 * arrived (before or while held), at most CAP_MS; `unanswered` says whether it came while
 * that answer was still owed (else the cap released it: the request waited for the answer).
 */
function holdUntilSeen(held: (req: QuirkRequest) => boolean, awaited: (req: QuirkRequest) => boolean) {
  const { arrived, seen } = sighting()
  const outcome = { heldAnswers: 0, unanswered: [] as boolean[] }
  const quirk = (req: QuirkRequest) => {
    if (awaited(req)) seen()
    if (!held(req)) return undefined
    outcome.heldAnswers++
    return { holdUntil: orCap(arrived).then((why) => outcome.unanswered.push(why === 'seen')) }
  }
  return { quirk, outcome }
}

/** An event to wait for: `arrived` settles 'seen' once `seen()` is called. */
function sighting() {
  let seen!: () => void
  const arrived = new Promise<'seen'>((resolve) => (seen = () => resolve('seen')))
  return { arrived, seen }
}

/** `arrived`, or 'cap' once CAP_MS have passed without it. */
function orCap(arrived: Promise<'seen'>): Promise<'seen' | 'cap'> {
  const cap = new Promise<'cap'>((resolve) => setTimeout(() => resolve('cap'), CAP_MS).unref())
  return Promise.race([arrived, cap])
}

const manifestRead = (method: string, repository: string, reference: string) => (req: QuirkRequest) =>
  req.method === method && req.url === `/v2/${repository}/manifests/${reference}`

describeWithRegistry("append's reads go out together", () => {
  const fixture = useRegistry()
  let proxy: QuirkProxy
  let quirk: (req: QuirkRequest) => ReturnType<ReturnType<typeof holdUntilSeen>['quirk']> = () => undefined
  let build: PushedImage
  const amd64: Platform = { os: 'linux', architecture: 'amd64' }

  beforeAll(async () => {
    proxy = await startQuirkProxy(fixture.registry.port, (req) => quirk(req))
    // Pushed by digest to two repositories, as bake pushes to every name of image.name.
    build = await pushImage(fixture.client, 'web', amd64, { attest: true })
    fixture.client.willPush('mirror')
    await copyEntries({ client: fixture.client, repository: 'web' }, { client: fixture.client, repository: 'mirror' }, [
      build.image,
      build.attestation!,
    ])
    const index = (await fixture.client.getManifest('web', build.descriptor.digest))!
    await fixture.client.putManifest('mirror', build.descriptor.digest, index)
  })
  afterAll(() => proxy.stop())
  afterEach(() => (quirk = () => undefined))

  async function append(tag: string) {
    const repositories = [`${proxy.host}/web`, `${proxy.host}/mirror`]
    const workdir = await bakeDir({ web: { tags: [`${proxy.host}/web:${tag}`], platforms: ['linux/amd64'] } })
    const metadata = metadataFor('web', build, repositories)
    return runAction({ mode: 'append', workdir, targets: 'web', metadata, settle: '0', records: await tempDir() })
  }

  /** Another build's index (arm64), put on web:`tag` directly: an index the job must GET. */
  async function foreignIndexOn(tag: string): Promise<PushedImage> {
    const other = await pushImage(fixture.client, 'web', { os: 'linux', architecture: 'arm64' })
    await fixture.client.putManifest('web', tag, (await fixture.client.getManifest('web', other.descriptor.digest))!)
    return other
  }

  /** The build appended to web:`tag` through the proxy, in-process: a job of run `runId`, records kept by `artifacts`. */
  async function appendInProcess(tag: string, runId: string, artifacts: Deps['artifacts'], attempt = '1') {
    const workdir = await bakeDir({ web: { tags: [`${proxy.host}/web:${tag}`], platforms: ['linux/amd64'] } })
    const values: Record<string, string> = {
      mode: 'append',
      workdir,
      targets: 'web',
      metadata: metadataFor('web', build, [`${proxy.host}/web`]),
      settle: '0',
    }
    const env = { GITHUB_RUN_ID: runId, GITHUB_RUN_ATTEMPT: attempt }
    const deps = { exec: execProgram, env, log: recordingLogger(), artifacts }
    return run(
      readInputs((name) => values[name] ?? '', true),
      deps,
    )
  }

  test("every repository image.name names is asked for the build while the first one's read is unanswered", async () => {
    const digest = build.descriptor.digest
    const hold = holdUntilSeen(manifestRead('GET', 'web', digest), manifestRead('HEAD', 'mirror', digest))
    quirk = hold.quirk
    const run = await append('presence')
    expect(run.code).toBe(0)
    expect(hold.outcome).toEqual({ heldAnswers: 1, unanswered: [true] })
    expect((await tagIndex(fixture.client, 'web', 'presence'))?.manifests).toHaveLength(2)
  })

  test("round 0's records are listed after the job's own record is saved, however long the save takes", async () => {
    // An artifact service at the boundary whose uploads of the second attempt are held: the tag's
    // lookup lists the records meanwhile, and that listing must not decide the first round.
    const store = await tempDir('bake-fanout-artifacts-')
    const events: string[] = []
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    // The save is let go once the job listed twice (its warm-up, then the tag's lookup) and the save began.
    const releaseOnceListed = () => {
      if (events.includes('save begins') && events.filter((e) => e === 'list').length >= 2) setTimeout(release, 100)
    }
    const artifacts = directoryArtifacts(store, {
      upload: async (name) => {
        if (!name.endsWith('.2')) return
        events.push('save begins')
        releaseOnceListed()
        await held
      },
      uploaded: (name) => void (name.endsWith('.2') && events.push('saved')),
      listed: () => {
        events.push('list')
        releaseOnceListed()
      },
    })
    quirk = (req) => {
      if (req.method === 'PUT' && req.url === '/v2/web/manifests/saved-first') events.push('tag write')
      return undefined
    }
    expect((await appendInProcess('saved-first', '70', async () => artifacts, '1')).failure).toBeUndefined()
    events.length = 0
    // Attempt 2: the tag holds attempt 1's index, a union of the run's records (looked up, no GET).
    expect((await appendInProcess('saved-first', '70', async () => artifacts, '2')).failure).toBeUndefined()
    const saved = events.indexOf('saved')
    expect(saved).toBeGreaterThan(0)
    expect(events.indexOf('list')).toBeLessThan(events.indexOf('saved')) // the lookup listed during the save
    // Round 0 decides on a listing begun after the save (the tag holds this image under attempt 1's
    // stamp: the job writes the same bytes, then checks).
    expect(events.slice(saved)).toEqual(['saved', 'list', 'tag write', 'list'])
  })

  test("round 0's listing goes out as the save ends, while the tag's read of a foreign index is unanswered", async () => {
    // The tag holds another build's index: the job must GET it. Its save is held until the
    // tag's lookup has listed, so that listing cannot serve round 0; the one that can must
    // not wait for the GET's answer, which is held until a listing follows the save.
    const other = await foreignIndexOn('foreign')
    const store = await tempDir('bake-fanout-artifacts-')
    const events: string[] = []
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const { arrived: listedAfterSave, seen } = sighting()
    const artifacts = directoryArtifacts(store, {
      upload: async (name) => {
        if (events.includes('save begins') || name.includes('.done')) return
        events.push('save begins')
        await held
      },
      uploaded: (name) => void (!name.includes('.done') && events.push('saved')),
      listed: () => {
        events.push('list')
        if (events.includes('saved')) seen()
        else if (events.filter((e) => e === 'list').length >= 2) setTimeout(release, 100)
      },
    })
    const outcome: string[] = []
    quirk = (req) => {
      if (!manifestRead('GET', 'web', other.descriptor.digest)(req)) return undefined
      return { holdUntil: orCap(listedAfterSave).then((why) => outcome.push(why)) }
    }
    const result = await appendInProcess('foreign', '71', async () => artifacts)
    expect(result.failure).toBeUndefined()
    expect(outcome).toEqual(['seen'])
    // The arm64 entry kept, the build and its attestation added.
    expect((await tagIndex(fixture.client, 'web', 'foreign'))?.manifests).toHaveLength(3)
  })

  test("a tag's read of a foreign index goes out while the other repository's answer on the build is owed", async () => {
    // That answer must come before anything is saved or written, not before the tags are read.
    const other = await foreignIndexOn('held')
    const digest = build.descriptor.digest
    const hold = holdUntilSeen(
      manifestRead('HEAD', 'mirror', digest),
      manifestRead('GET', 'web', other.descriptor.digest),
    )
    quirk = hold.quirk
    expect((await append('held')).code).toBe(0)
    expect(hold.outcome).toEqual({ heldAnswers: 1, unanswered: [true] })
    expect((await tagIndex(fixture.client, 'web', 'held'))?.manifests).toHaveLength(3)
  })

  test('the first registry requests go out before the artifact service is connected (its client takes ~135 ms to load)', async () => {
    const { arrived: headSeen, seen } = sighting()
    quirk = (req) => void (manifestRead('HEAD', 'web', 'before-artifacts')(req) && seen())
    const outcome: string[] = []
    const artifacts = directoryArtifacts(await tempDir('bake-fanout-artifacts-'))
    // Connected only once the tag's first read has arrived, or at the cap.
    const result = await appendInProcess(
      'before-artifacts',
      '72',
      async () => (outcome.push(await orCap(headSeen)), artifacts),
    )
    expect(result.failure).toBeUndefined()
    expect(outcome).toEqual(['seen'])
  })

  test("every registry's credential helper runs at once, not one after another", async () => {
    // The first registry's helper waits for the second's to have run (or for the cap).
    const bin = await tempDir('bake-fanout-helpers-')
    const marker = path.join(bin, 'second-ran')
    const outcome = path.join(bin, 'outcome')
    const helper = (body: string) =>
      `#!${process.execPath}\nconst fs = require('node:fs')\n${body}\nconsole.log('credentials not found in native keychain'); process.exit(1)\n`
    await writeFile(
      path.join(bin, 'docker-credential-second'),
      helper(`fs.writeFileSync(${JSON.stringify(marker)}, '')`),
      { mode: 0o755 },
    )
    await writeFile(
      path.join(bin, 'docker-credential-first'),
      helper(
        `const start = Date.now()\nwhile (!fs.existsSync(${JSON.stringify(marker)}) && Date.now() - start < ${CAP_MS / 2}) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20)\n` +
          `fs.writeFileSync(${JSON.stringify(outcome)}, fs.existsSync(${JSON.stringify(marker)}) ? 'seen' : 'cap')`,
      ),
      { mode: 0o755 },
    )
    const [first, second] = [proxy.host, fixture.registry.host]
    const config = await tempDir('bake-fanout-docker-')
    await writeFile(
      path.join(config, 'config.json'),
      JSON.stringify({ credHelpers: { [first]: 'first', [second]: 'second' } }),
    )
    const tags = [`${first}/web:helpers`, `${second}/web:helpers`]
    const workdir = await bakeDir({ web: { tags, platforms: ['linux/amd64'] } })
    const metadata = metadataFor('web', build, [`${first}/web`, `${second}/web`])
    const run = await runAction(
      { mode: 'append', workdir, targets: 'web', metadata, settle: '0', records: await tempDir() },
      { PATH: `${bin}:${process.env.PATH}`, DOCKER_CONFIG: config },
    )
    expect(run.code).toBe(0)
    expect(await readFile(outcome, 'utf8')).toBe('seen')
  })

  test("a failed listing nobody waited on is listed again by the tag's lookup, not passed on as its failure", async () => {
    // The tag holds a foreign index, so its read needs a lookup; its answer is held until the
    // listing begun as the save ended has failed, which the lookup would otherwise take.
    await foreignIndexOn('relisted')
    const { arrived: listingFailed, seen: failed } = sighting()
    const events: string[] = []
    const artifacts = directoryArtifacts(await tempDir('bake-fanout-artifacts-'), {
      uploaded: () => void events.push('saved'),
      listed: () => {
        if (!events.includes('saved') || events.includes('failed')) return
        events.push('failed')
        failed()
        throw new Error('workflow artifacts: listing failed: 503')
      },
    })
    const outcome: string[] = []
    quirk = (req) => {
      if (!manifestRead('HEAD', 'web', 'relisted')(req)) return undefined
      return { holdUntil: orCap(listingFailed).then((why) => outcome.push(why)) }
    }
    const result = await appendInProcess('relisted', '73', async () => artifacts)
    expect(outcome).toEqual(['seen'])
    expect(result.failure).toBeUndefined()
    expect((await tagIndex(fixture.client, 'web', 'relisted'))?.manifests).toHaveLength(3)
  })

  test("a tag's read of a foreign index goes out while the build's read is unanswered, when no record of the run names the tag", async () => {
    // No union of the run's records can be what the tag holds, so its lookup need not wait for the build.
    const other = await foreignIndexOn('unnamed')
    const hold = holdUntilSeen(
      manifestRead('GET', 'web', build.descriptor.digest),
      manifestRead('GET', 'web', other.descriptor.digest),
    )
    quirk = hold.quirk
    expect((await append('unnamed')).code).toBe(0)
    expect(hold.outcome).toEqual({ heldAnswers: 1, unanswered: [true] })
    expect((await tagIndex(fixture.client, 'web', 'unnamed'))?.manifests).toHaveLength(3)
  })

  test('a listing that fails as a tag is answered leaves its digest to the lookup, which lists again', async () => {
    // The first two listings fail (the warm-up's and the one begun at the tag's answer); the
    // build's read is held until both have, so the lookup meets the failure before anything is saved.
    const other = await foreignIndexOn('unlisted')
    const { arrived: twoFailed, seen } = sighting()
    let failures = 0
    const artifacts = directoryArtifacts(await tempDir('bake-fanout-artifacts-'), {
      listed: () => {
        if (failures >= 2) return
        if (++failures === 2) seen()
        throw new Error('workflow artifacts: listing failed: 503')
      },
    })
    const outcome: string[] = []
    quirk = (req) => {
      if (!manifestRead('GET', 'web', build.descriptor.digest)(req)) return undefined
      return { holdUntil: orCap(twoFailed).then((why) => outcome.push(why)) }
    }
    const result = await appendInProcess('unlisted', '74', async () => artifacts)
    expect(outcome).toEqual(['seen'])
    expect(result.failure).toBeUndefined()
    const platforms = (await tagIndex(fixture.client, 'web', 'unlisted'))?.manifests.map((m) => m.digest)
    expect(platforms).toEqual(expect.arrayContaining([build.image.digest, other.image.digest]))
  })

  test("the tags' first reads go out while the build's read is unanswered", async () => {
    const digest = build.descriptor.digest
    const hold = holdUntilSeen(manifestRead('GET', 'web', digest), manifestRead('HEAD', 'web', 'early'))
    quirk = hold.quirk
    expect((await append('early')).code).toBe(0)
    expect(hold.outcome).toEqual({ heldAnswers: 1, unanswered: [true] })
  })
})
