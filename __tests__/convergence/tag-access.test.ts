/**
 * A tag as the convergence loop reads and writes it, through the real RegistryClient,
 * against an in-process registry (memory-registry.ts): HEAD first and GET by digest
 * once, a HEAD whose digest GET cannot find never read as an absent tag, a PUT refused
 * for a child the registry lost for a moment tried again, an artifact's index refused.
 * Every wait is on a fake clock: nothing here sleeps.
 */
import { OrphanHorizon } from '../../src/convergence/orphan-horizon.js'
import { ArtifactIndexError, VanishedVersionError, registryTag } from '../../src/convergence/tag-access.js'
import { serializeIndex } from '../../src/image-index/canonical.js'
import { type ImageIndex, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { RegistryError } from '../../src/registry/client.js'
import { testPool } from '../helpers/pool.js'
import { type MemoryRegistry, memoryRegistry } from './memory-registry.js'

const hex = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const indexOf = (...digests: string[]): ImageIndex => ({
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: digests.map((digest, i) => ({
    mediaType: OCI_MANIFEST,
    digest,
    size: 1,
    platform: { os: 'linux', architecture: ['amd64', 'arm64', 's390x'][i] },
  })),
})

function fakeClock() {
  const slept: number[] = []
  let now = Date.parse('2026-11-27T03:00:00Z')
  return {
    slept,
    now: () => now,
    random: () => 0,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    },
  }
}

let registry: MemoryRegistry
let pool: RegistryPool
let clock: ReturnType<typeof fakeClock>
beforeEach(async () => {
  registry = await memoryRegistry()
  clock = fakeClock()
  pool = testPool({ clock, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 60_000 } })
})
afterEach(async () => {
  await pool.close()
  await registry.close()
})

async function tagAt(tag: string, seen?: Map<string, Promise<ImageIndex | undefined>>) {
  const client = await pool.client(registry.host)
  const horizon = new OrphanHorizon(30_000, clock)
  return { horizon, access: registryTag({ client, repository: 'o/web', tag, horizon, clock, seen }) }
}
const requests = (method: string) => registry.seen.filter((s) => s.method === method).map((s) => s.path)

describe('registryTag', () => {
  test('a missing tag reads as empty; a written one is read by HEAD, then GET by digest once for every tag', async () => {
    const { access } = await tagAt('1')
    expect(await access.read()).toEqual({})
    const index = indexOf(hex(1))
    const { digest } = await access.write(index, serializeIndex(index))
    expect(registry.tagged('o/web', '1')).toEqual(index)
    registry.putManifest('o/web', '2', OCI_INDEX, serializeIndex(index))
    // A fresh job's two tags that hold one digest: two HEADs, one GET between them.
    const seen = new Map<string, Promise<ImageIndex | undefined>>()
    const [one, two] = [await tagAt('1', seen), await tagAt('2', seen)]
    registry.seen.length = 0
    expect(await one.access.read()).toEqual({ index, digest })
    expect(await two.access.read()).toEqual({ index, digest })
    expect(requests('HEAD')).toEqual(['/v2/o/web/manifests/1', '/v2/o/web/manifests/2'])
    expect(requests('GET')).toEqual([`/v2/o/web/manifests/${digest}`])
  })

  test('what the job wrote is known by its digest: reading it back needs no GET', async () => {
    const { access } = await tagAt('1')
    const index = indexOf(hex(1), hex(2))
    await access.write(index, serializeIndex(index))
    registry.seen.length = 0
    expect((await access.read()).index).toEqual(index)
    expect(requests('GET')).toEqual([])
  })

  test('a prefetched read is the loop’s first read; later reads go to the registry again', async () => {
    registry.putManifest('o/web', '1', OCI_INDEX, indexOf(hex(1)))
    let headSeen!: () => void
    const head = new Promise<void>((resolve) => (headSeen = resolve))
    registry.hook = ({ method }) => void (method === 'HEAD' && headSeen())
    const { access } = await tagAt('1')
    access.prefetch()
    access.prefetch()
    // The HEAD goes out before the loop reads (bounded, so a prefetch that starts nothing fails, not hangs).
    await Promise.race([head, new Promise((resolve) => setTimeout(resolve, 5000).unref())])
    expect(requests('HEAD')).toHaveLength(1)
    await access.read()
    expect(requests('HEAD')).toHaveLength(1)
    await access.read()
    expect(requests('HEAD')).toHaveLength(2)
  })

  test('a HEAD naming a digest GET does not find is read again, never taken as an absent tag', async () => {
    const index = indexOf(hex(1))
    const digest = registry.putManifest('o/web', '1', OCI_INDEX, index)
    let misses = 2
    registry.hook = ({ method, path }) =>
      method === 'GET' && path.endsWith(digest) && misses-- > 0 ? { status: 404, body: '' } : undefined
    const { access } = await tagAt('1')
    expect(await access.read()).toEqual({ index, digest })
    expect(clock.slept).toEqual([250, 500])
  })

  test('a HEAD that keeps naming a version GET cannot find fails the tag: nothing is written from it', async () => {
    const digest = registry.putManifest('o/web', '1', OCI_INDEX, indexOf(hex(1)))
    registry.hook = ({ method, path }) => (method === 'GET' && path.endsWith(digest) ? { status: 404 } : undefined)
    const { access } = await tagAt('1')
    const failure = access.read()
    await expect(failure).rejects.toThrow(VanishedVersionError)
    await expect(failure).rejects.toThrow(
      `${registry.host}/o/web:1: HEAD names ${digest}, which GET by digest does not find (3 reads): not read as an absent tag, nothing written`,
    )
    expect(requests('PUT')).toEqual([])
  })

  test('an index PUT refused for an unknown child is tried again after a wait; the fourth refusal fails the write', async () => {
    const refuse = (times: number) => {
      let left = times
      registry.hook = ({ method }) =>
        method === 'PUT' && left-- > 0
          ? {
              status: 400,
              body: JSON.stringify({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown' }] }),
            }
          : undefined
    }
    const index = indexOf(hex(1))
    refuse(3)
    const { access } = await tagAt('1')
    await access.write(index, serializeIndex(index))
    expect(clock.slept).toEqual([200, 400, 600])
    expect(registry.tagged('o/web', '1')).toEqual(index)
    refuse(4)
    const failure = (await tagAt('2')).access.write(index, serializeIndex(index))
    await expect(failure).rejects.toThrow(RegistryError)
    expect(registry.tagged('o/web', '2')).toBeUndefined()
  })

  test('an index is PUT with its own media type; one that names none is sent as an OCI index', async () => {
    const { access } = await tagAt('1')
    const list = { ...indexOf(hex(1)), mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json' }
    await access.write(list, serializeIndex(list))
    const { mediaType: _, ...bare } = indexOf(hex(2))
    await access.write(bare as ImageIndex, serializeIndex(bare as ImageIndex))
    expect(registry.seen.filter((s) => s.method === 'PUT').map((s) => s.contentType)).toEqual([
      'application/vnd.docker.distribution.manifest.list.v2+json',
      OCI_INDEX,
    ])
  })

  test('a PUT refused for another reason fails at once, without waiting', async () => {
    registry.hook = ({ method }) =>
      method === 'PUT'
        ? { status: 400, body: JSON.stringify({ errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid' }] }) }
        : undefined
    const index = indexOf(hex(1))
    await expect((await tagAt('1')).access.write(index, serializeIndex(index))).rejects.toThrow('MANIFEST_INVALID')
    expect(clock.slept).toEqual([])
    expect(requests('PUT')).toHaveLength(1)
  })

  test('a GET that failed is not remembered: the next read asks again', async () => {
    const index = indexOf(hex(1))
    const digest = registry.putManifest('o/web', '1', OCI_INDEX, serializeIndex(index))
    let failing = true
    registry.hook = ({ method }) => (method === 'GET' && failing ? { status: 500 } : undefined)
    const { access } = await tagAt('1')
    await expect(access.read()).rejects.toThrow()
    failing = false
    expect(await access.read()).toEqual({ index, digest })
  })

  test('a write whose first attempt was ambiguous (504, retried) counts as landed only at the horizon', async () => {
    let gatewayTimeouts = 1
    registry.hook = ({ method }) => (method === 'PUT' && gatewayTimeouts-- > 0 ? { status: 504 } : undefined)
    const { access, horizon } = await tagAt('1')
    const index = indexOf(hex(1))
    const ack = await access.write(index, serializeIndex(index))
    expect(ack.inFlightUntil).toBeDefined()
    expect(ack.inFlightUntil).toBe(horizon.until)
    expect(ack.inFlightUntil! - clock.now()).toBeGreaterThan(29_000)
    // An answered write leaves nothing in flight.
    const plain = await (await tagAt('2')).access.write(index, serializeIndex(index))
    expect(plain.inFlightUntil).toBeUndefined()
  })

  test("a tag that holds an artifact's index (a subject, an artifactType) is no image tag: refused, nothing written", async () => {
    registry.putManifest('o/web', 'sig', OCI_INDEX, { ...indexOf(hex(1)), artifactType: 'application/x.sig' })
    registry.putManifest('o/web', 'ref', OCI_INDEX, {
      ...indexOf(hex(1)),
      subject: { mediaType: OCI_INDEX, digest: hex(2), size: 1 },
    })
    await expect((await tagAt('sig')).access.read()).rejects.toThrow(ArtifactIndexError)
    await expect((await tagAt('sig')).access.read()).rejects.toThrow('artifactType "application/x.sig"')
    await expect((await tagAt('ref')).access.read()).rejects.toThrow('(a subject)')
    expect(requests('PUT')).toEqual([])
  })
})
