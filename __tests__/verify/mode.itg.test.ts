import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { execProgram } from '../../src/common/actions-exec.js'
import { recordName } from '../../src/records/record.js'
import { readInputs } from '../../src/action/inputs.js'
import { OCI_INDEX } from '../../src/oci/types.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { run } from '../../src/action/run.js'
import { runAction } from '../helpers/action.js'
import { directoryArtifacts } from '../helpers/artifacts.js'
import {
  bakeDir,
  metadataFor,
  tagIndex,
  tagPlatforms,
  tempDir,
  withoutStamps,
  writeRecord,
} from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { recordingLogger } from '../helpers/logger.js'
import { testPool } from '../helpers/pool.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

const amd64 = { os: 'linux', architecture: 'amd64' }
const arm64 = { os: 'linux', architecture: 'arm64' }
const s390x = { os: 'linux', architecture: 's390x' }

describeWithRegistry('verify mode', () => {
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

  /** Appends amd64 and arm64 to `tag` through dist, recording into a fresh directory. */
  async function appended(repository: string, tag: string) {
    const records = await tempDir('bake-fanout-verify-records-')
    const workdir = await bakeDir({
      web: { tags: [`${registry.host}/${repository}:${tag}`], platforms: ['linux/amd64', 'linux/arm64'] },
    })
    const images: PushedImage[] = []
    for (const platform of [amd64, arm64]) {
      const image = await pushImage(client, repository, platform, { attest: true })
      images.push(image)
      const metadata = metadataFor('web', image, [`${registry.host}/${repository}`])
      const r = await runAction({ mode: 'append', workdir, targets: 'web', metadata, settle: '0', records })
      expect(r.code).toBe(0)
    }
    return { records, images, ref: `${registry.host}/${repository}:${tag}` }
  }

  async function putIndex(repository: string, tag: string, manifests: object[]) {
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }))
    await client.putManifest(repository, tag, { bytes, mediaType: OCI_INDEX })
  }

  test('a tag that was already right is left alone', async () => {
    const { records, ref } = await appended('fine', '1')
    const run = await runAction({ mode: 'verify', records })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.result)[ref]).toMatchObject({
      platforms: ['linux/amd64', 'linux/arm64'],
      changed: false,
    })
    expect(run.summary).toContain('| unchanged |')
  })

  test('a platform lost behind the action’s back is repaired', async () => {
    const { records, images, ref } = await appended('lost', '1')
    await putIndex('lost', '1', [images[1].image, images[1].attestation!]) // someone overwrote the tag with arm64 only
    const run = await runAction({ mode: 'verify', records })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.result)[ref]).toMatchObject({
      platforms: ['linux/amd64', 'linux/arm64'],
      changed: true,
    })
    expect(run.stdout).toContain(`${ref}: repaired (linux/amd64 repaired (was missing))`)
    expect(withoutStamps((await tagIndex(client, 'lost', '1'))?.manifests)).toEqual([
      images[0].image,
      images[1].image,
      images[0].attestation,
      images[1].attestation,
    ])
  })

  test('a stale platform no record names is kept, and removed only with prune', async () => {
    const { records, images } = await appended('stale', '1')
    const extra = await pushImage(client, 'stale', s390x)
    await putIndex('stale', '1', [
      images[0].image,
      images[0].attestation!,
      { ...extra.image, platform: s390x },
      images[1].image,
      images[1].attestation!,
    ])
    const keep = await runAction({ mode: 'verify', records })
    expect(keep.code).toBe(0)
    expect(await tagPlatforms(client, 'stale', '1')).toEqual(['linux/amd64', 'linux/arm64', 'linux/s390x'])
    const prune = await runAction({ mode: 'verify', records, prune: 'true' })
    expect(prune.code).toBe(0)
    expect(prune.stdout).toContain('linux/s390x pruned')
    expect(await tagPlatforms(client, 'stale', '1')).toEqual(['linux/amd64', 'linux/arm64'])
    expect(prune.summary).toContain('linux/s390x pruned')
  })

  test('dry-run reports the same plan and writes nothing', async () => {
    const { records, images, ref } = await appended('dry', '1')
    await putIndex('dry', '1', [images[1].image])
    const mark = registry.output().length
    const dry = await runAction({ mode: 'verify', records, 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect((await registry.methodsSince(mark)).filter((m) => !['GET', 'HEAD'].includes(m))).toEqual([])
    expect(await tagPlatforms(client, 'dry', '1')).toEqual(['linux/arm64'])
    const real = await runAction({ mode: 'verify', records })
    expect(JSON.parse(dry.outputs.result)[ref]).toEqual(JSON.parse(real.outputs.result)[ref])
    expect(dry.summary).toContain('would change')
  })

  test('conflicting records resolve to the newest attempt, and the summary says so', async () => {
    const { records, ref } = await appended('conflict', '1')
    const rerun = await pushImage(client, 'conflict', amd64, { attest: true })
    const name = recordName({ target: 'web', platforms: ['linux/amd64'], tags: [ref] })
    const file = path.join(records, `${name}.local.1.json`)
    const old = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(
      path.join(records, 'attempt2.json'),
      JSON.stringify({ ...old, digest: rerun.descriptor.digest, size: rerun.descriptor.size, runAttempt: 2 }),
    )
    const run = await runAction({ mode: 'verify', records })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::linux\/amd64: 2 records disagree; using attempt 2/)
    expect(run.summary).toContain('newest record used for linux/amd64')
    const index = await tagIndex(client, 'conflict', '1')
    expect(withoutStamps(index?.manifests.filter((m) => m.platform?.architecture === 'amd64'))).toEqual([rerun.image])
    expect(JSON.parse(run.outputs.result)[ref].changed).toBe(true)
  })

  test('a recorded digest missing from the registry fails clearly; other tags are still handled', async () => {
    const { records, images } = await appended('partly', '1')
    await putIndex('partly', '1', [images[1].image, images[1].attestation!])
    const ghost = 'sha256:' + 'e'.repeat(64)
    // Its job ended (writeRecord marks it complete, else verify would first wait one orphan horizon).
    await writeRecord(records, 'ghost', {
      target: 'ghost',
      platforms: ['linux/amd64'],
      digest: ghost,
      repositories: [`${registry.host}/ghost`],
      tags: [`${registry.host}/ghost:1`],
    })
    const run = await runAction({ mode: 'verify', records })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `::error::1 of 2 tags failed:%0A  ${registry.host}/ghost:1: recorded digest of ghost linux/amd64: ${registry.host}/ghost@${ghost} does not exist in the registry`,
    )
    expect(await tagPlatforms(client, 'partly', '1')).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test("records 'artifact' outside Actions is refused before any registry write", async () => {
    const image = await pushImage(client, 'noart', amd64)
    const workdir = await bakeDir({ web: { tags: [`${registry.host}/noart:1`], platforms: ['linux/amd64'] } })
    const metadata = metadataFor('web', image, [`${registry.host}/noart`])
    const mark = registry.output().length
    const append = await runAction({
      mode: 'append',
      workdir,
      targets: 'web',
      metadata,
      settle: '0',
      records: 'artifact',
    })
    const verify = await runAction({ mode: 'verify', records: 'artifact' })
    for (const run of [append, verify]) {
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        "::error::input 'records': 'artifact' needs the GitHub Actions runtime (ACTIONS_RUNTIME_TOKEN)",
      )
    }
    expect(await registry.methodsSince(mark)).toEqual([])
  })

  test('a records path that is a file is a clear error', async () => {
    const file = path.join(await tempDir(), 'records.json')
    await writeFile(file, '{}')
    const run = await runAction({ mode: 'verify', records: file })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`::error::input 'records': '${file}' is not a directory`)
  })

  test('no records is a clear error', async () => {
    const run = await runAction({ mode: 'verify', records: await tempDir() })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::input 'records': no bake-fanout records of run local in directory/)
  })

  test('the artifact path: append uploads, verify lists and downloads (fake service at the boundary)', async () => {
    const store = await tempDir('bake-fanout-artifacts-')
    const calls: string[] = []
    const artifacts = directoryArtifacts(store, {
      upload: (name, retentionDays) => void calls.push(`upload ${name} (${retentionDays} days)`),
    })
    const image = await pushImage(client, 'art', amd64, { attest: true })
    const workdir = await bakeDir({ web: { tags: [`${registry.host}/art:1`], platforms: ['linux/amd64'] } })
    const deps = {
      exec: execProgram,
      env: { GITHUB_RUN_ID: '7' },
      log: recordingLogger(),
      artifacts: async () => artifacts,
    }
    const values: Record<string, string> = {
      mode: 'append',
      workdir,
      targets: 'web',
      metadata: metadataFor('web', image, [`${registry.host}/art`]),
      settle: '0',
    }
    const appendInputs = readInputs((name) => values[name] ?? '', true)
    expect((await run(appendInputs, deps)).failure).toBeUndefined()
    const rerun = { ...deps, env: { GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2' } }
    expect((await run(appendInputs, rerun)).failure).toBeUndefined()
    // One artifact per attempt, never deleted or replaced (the newest attempt wins when read); each job
    // marks its record complete when it ends, in an artifact of its own; kept 7 days, not the default 90.
    const name = recordName({ target: 'web', platforms: ['linux/amd64'], tags: [`${registry.host}/art:1`] })
    expect(calls).toEqual([
      `upload ${name}.1 (7 days)`,
      `upload ${name}.1.done (7 days)`,
      `upload ${name}.2 (7 days)`,
      `upload ${name}.2.done (7 days)`,
    ])
    await putIndex('art', '1', []) // lost behind our back
    const verified = await run(
      readInputs((name) => ({ mode: 'verify' })[name as 'mode'] ?? '', true),
      deps,
    )
    expect(verified.failure).toBeUndefined()
    expect(JSON.parse(verified.outputs.result)[`${registry.host}/art:1`]).toMatchObject({
      platforms: ['linux/amd64'],
      changed: true,
    })
  })
})

test('the bundled @actions/artifact chunk loads on this Node and its errors name the operation', async () => {
  // A runtime token without ACTIONS_RESULTS_URL: the real client fails locally, before any network use.
  const run = await runAction({ mode: 'verify', records: 'artifact' }, { ACTIONS_RUNTIME_TOKEN: 'not-a-real-token' })
  expect(run.code).toBe(1)
  // Our words name the operation; the rest is @actions/artifact's own (not ours to pin), on one line, no stack.
  expect(run.stdout).toMatch(/^::error::workflow artifacts: listing failed: \S.*$/m)
  expect(run.stdout).not.toMatch(/\n\s+at .*:\d+:\d+/)
})
