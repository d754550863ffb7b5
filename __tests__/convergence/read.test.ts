/**
 * Reading builds and tags through the real RegistryClient, against an in-process
 * registry: a build's index or single image (its platform read from the config blob),
 * a tag's index as another tool may have written it, and the builds of a run read by
 * digest (verify believes no record) and copied where a tag needs them.
 */
import { BuildSource } from '../../src/convergence/builds.js'
import { BuildMissingError, readBuildEntries, readTagIndex } from '../../src/convergence/read.js'
import type { BuildRecord } from '../../src/records/record.js'
import { DOCKER_MANIFEST, type Descriptor, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { recordingLogger } from '../helpers/logger.js'
import { testPool } from '../helpers/pool.js'
import { type MemoryRegistry, memoryRegistry } from './memory-registry.js'

const hex = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const image = (digest: string, architecture: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest,
  size: 1,
  platform: { architecture, os: 'linux' },
})
const clock = { now: () => 0, random: () => 0, sleep: async () => {} }

let registry: MemoryRegistry
let pool: RegistryPool
let client: RegistryClient
beforeEach(async () => {
  registry = await memoryRegistry()
  pool = testPool({ clock, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1000 } })
  client = await pool.client(registry.host)
})
afterEach(async () => {
  await pool.close()
  await registry.close()
})

/** A single-platform image: its config blob and its manifest; returns the manifest's digest. */
function pushImage(repository: string, config: object, mediaType = OCI_MANIFEST): string {
  const configDigest = registry.putBlob(config)
  return registry.putManifest(repository, 'img', mediaType, {
    schemaVersion: 2,
    mediaType,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: 1 },
    layers: [],
  })
}
const indexOf = (manifests: unknown) => ({ schemaVersion: 2, mediaType: OCI_INDEX, manifests })

describe('readBuildEntries', () => {
  test("an index's entries as they are; its platforms in order", async () => {
    const entries = [image(hex(1), 'amd64'), image(hex(2), 'arm64')]
    const digest = registry.putManifest('o/web', 'b', OCI_INDEX, indexOf(entries))
    expect(await readBuildEntries(client, 'o/web', digest)).toMatchObject({
      entries,
      platforms: ['linux/amd64', 'linux/arm64'],
      mediaType: OCI_INDEX,
    })
  })

  test('a single image becomes one entry, its platform read from the config blob (OCI field order)', async () => {
    const digest = pushImage('o/web', { os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2113' })
    const build = await readBuildEntries(client, 'o/web', digest)
    // A platform's identity keeps major.minor.build of os.version; the entry keeps it whole.
    expect(build.platforms).toEqual(['windows(10.0.20348)/amd64'])
    expect(build.entries).toEqual([
      {
        mediaType: OCI_MANIFEST,
        digest,
        size: build.size,
        platform: { architecture: 'amd64', os: 'windows', 'os.version': '10.0.20348.2113' },
      },
    ])
    const arm = pushImage('o/web', { os: 'linux', architecture: 'arm', variant: 'v7' }, DOCKER_MANIFEST)
    expect((await readBuildEntries(client, 'o/web', arm)).entries[0].platform).toEqual({
      architecture: 'arm',
      os: 'linux',
      variant: 'v7',
    })
  })

  test('what cannot be a build is refused, naming the digest', async () => {
    await expect(readBuildEntries(client, 'o/web', hex(9))).rejects.toThrow(BuildMissingError)
    await expect(readBuildEntries(client, 'o/web', hex(9))).rejects.toThrow(
      `${registry.host}/o/web@${hex(9)} does not exist in the registry`,
    )
    const empty = registry.putManifest('o/web', 'e', OCI_INDEX, indexOf([]))
    await expect(readBuildEntries(client, 'o/web', empty)).rejects.toThrow(`@${empty} holds no platform image`)
    const twice = registry.putManifest(
      'o/web',
      't',
      OCI_INDEX,
      indexOf([image(hex(1), 'amd64'), image(hex(2), 'amd64')]),
    )
    await expect(readBuildEntries(client, 'o/web', twice)).rejects.toThrow(`@${twice} holds platform linux/amd64 twice`)
    const noPlatform = pushImage('o/web', { rootfs: {} })
    await expect(readBuildEntries(client, 'o/web', noPlatform)).rejects.toThrow('the image config names no platform')
    const odd = registry.putManifest('o/web', 'o', 'application/x.odd', { mediaType: 'application/x.odd' })
    await expect(readBuildEntries(client, 'o/web', odd)).rejects.toThrow(
      "unsupported manifest type 'application/x.odd'",
    )
    const notJson = registry.putManifest('o/web', 'n', OCI_MANIFEST, Buffer.from('{oops'))
    await expect(readBuildEntries(client, 'o/web', notJson)).rejects.toThrow(`manifest ${notJson} is not valid JSON`)
  })
})

describe('readTagIndex', () => {
  test('a missing tag is no index; a single image is an index of one; no manifests is an empty list', async () => {
    expect(await readTagIndex(client, 'o/web', 'none')).toEqual({})
    const digest = pushImage('o/web', { os: 'linux', architecture: 'amd64' })
    const single = await readTagIndex(client, 'o/web', 'img')
    expect(single.digest).toBe(digest)
    expect(single.index?.manifests.map((m) => [m.digest, m.platform])).toEqual([
      [digest, { architecture: 'amd64', os: 'linux' }],
    ])
    registry.putManifest('o/web', 'bare', OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX })
    expect((await readTagIndex(client, 'o/web', 'bare')).index?.manifests).toEqual([])
    registry.putManifest('o/web', 'odd', OCI_INDEX, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: {} })
    await expect(readTagIndex(client, 'o/web', 'odd')).rejects.toThrow("'manifests' is not a list")
  })
})

describe('BuildSource against a registry', () => {
  const record = (digest: string, architecture: string, extra: Partial<BuildRecord> = {}): BuildRecord => ({
    version: 1,
    target: 'web',
    platforms: [`linux/${architecture}`],
    digest,
    mediaType: OCI_INDEX,
    size: 1,
    repositories: [`${registry.host}/o/build`],
    tags: [`${registry.host}/o/web:1`],
    createdAt: '2026-11-27T01:00:00.000Z',
    runId: '42',
    runAttempt: 1,
    ...extra,
  })
  const query = () => ({ registry: registry.host, repository: 'o/web', ref: `${registry.host}/o/web:1` })

  test('each digest read once, from the repository its record names; a record that lies about its platform is left out, said once', async () => {
    const amd = registry.putManifest('o/build', 'a', OCI_INDEX, indexOf([image(hex(1), 'amd64')]))
    const liar = registry.putManifest('o/build', 'l', OCI_INDEX, indexOf([image(hex(2), 's390x')]))
    const log = recordingLogger()
    const source = new BuildSource(pool, log, { copy: false, recordedEntries: false })
    const records = [record(amd, 'amd64'), record(liar, 'arm64')]
    registry.seen.length = 0
    const run = await source.forTag(query(), records)
    await source.forTag(query(), records)
    expect(run.builds.map((b) => b.entries.map((e) => e.digest))).toEqual([[hex(1)], []])
    expect([...run.runDigests]).toEqual([hex(1), hex(2)])
    expect(registry.seen.filter((s) => s.method === 'GET').map((s) => s.path)).toEqual([
      `/v2/o/build/manifests/${amd}`,
      `/v2/o/build/manifests/${liar}`,
    ])
    expect(log.lines.filter((l) => l.includes('that record is ignored here'))).toHaveLength(1)
  })

  test("a build the tag's repository lacks is copied there first (once), never in a dry run", async () => {
    const amd = pushImage('o/build', { os: 'linux', architecture: 'amd64' })
    const build = registry.putManifest('o/build', 'b', OCI_INDEX, indexOf([{ ...image(amd, 'amd64') }]))
    const records = [record(build, 'amd64')]
    const planOnly = new BuildSource(pool, recordingLogger(), { copy: false, recordedEntries: false })
    await planOnly.forTag(query(), records)
    expect(registry.seen.filter((s) => s.method === 'PUT')).toEqual([])
    const log = recordingLogger()
    const source = new BuildSource(pool, log, { copy: true, recordedEntries: false })
    await source.forTag(query(), records)
    await source.forTag(query(), records)
    expect(registry.seen.filter((s) => s.method === 'PUT').map((s) => s.path)).toEqual([`/v2/o/web/manifests/${amd}`])
    expect(log.lines).toContain(`${registry.host}/o/web: copied 1 manifests from ${registry.host}/o/build`)
  })

  test('a recorded digest the registry lacks fails naming the record; a superseded one only drops out of the run digests', async () => {
    const source = new BuildSource(pool, recordingLogger(), { copy: false, recordedEntries: false })
    await expect(source.forTag(query(), [record(hex(7), 'amd64')])).rejects.toThrow(
      `recorded digest of web linux/amd64: ${registry.host}/o/build@${hex(7)} does not exist in the registry`,
    )
    const kept = registry.putManifest('o/build', 'k', OCI_INDEX, indexOf([image(hex(1), 'amd64')]))
    const gone = record(hex(8), 'amd64', { createdAt: '2026-11-27T00:00:00.000Z' })
    const run = await source.forTag(query(), [record(kept, 'amd64'), gone])
    expect([...run.runDigests]).toEqual([hex(1)])
  })
})
