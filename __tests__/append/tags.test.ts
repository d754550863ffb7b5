/**
 * Append's tags, opened over stand-in clients (no registry): a HEAD answer asks for a
 * listing of the run's records begun after it before the lookup waits for the job's own
 * build, and a client that cannot be made is reported for the first registry in order.
 */
import { systemClock } from '../../src/common/clock.js'
import type { ImageIndex } from '../../src/oci/types.js'
import { OrphanHorizon } from '../../src/convergence/orphan-horizon.js'
import {
  type KnownIndexesByTarget,
  deferred,
  namedByRun,
  openTags,
  recordsNamer,
  startReads,
} from '../../src/append/tags.js'
import type { TargetPlan } from '../../src/append/plan.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import type { BuildRecord, WrittenIndex } from '../../src/records/record.js'
import type { PrefetchedTag } from '../../src/convergence/tag-access.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
const plan = (registries: string[]): TargetPlan => ({
  target: 'web',
  digest: `sha256:${'b'.repeat(64)}`,
  sources: [],
  repositories: registries.map((registry) => ({ registry, repository: 'o/web', tags: ['1'] })),
  tags: registries.map((r) => `${r}/o/web:1`),
  annotations: [],
})
const INDEX = 'application/vnd.oci.image.index.v1+json'
const index: ImageIndex = { schemaVersion: 2, mediaType: INDEX, manifests: [] }
/**
 * Clients that answer every HEAD with DIGEST, every GET with `index`, and acknowledge a PUT
 * as `putAs` (fixed digests: the stand-in checks no bytes); or that fail to be made.
 */
function pool(clients: Record<string, () => Promise<void>>, putAs = DIGEST, gets: string[] = []): RegistryPool {
  const client = async (registry: string) => {
    await clients[registry]()
    return {
      registry,
      willPush: () => {},
      headManifest: async () => ({ digest: DIGEST, mediaType: INDEX, size: 0 }),
      getManifest: async (_: string, reference: string) => {
        gets.push(reference)
        const bytes = Buffer.from(JSON.stringify(index))
        return { bytes, digest: DIGEST, mediaType: INDEX, size: bytes.length }
      },
      putManifest: async () => putAs,
    }
  }
  return { client } as unknown as RegistryPool
}
const horizon = new OrphanHorizon(0, systemClock)

test("a HEAD answer asks for a listing begun after it, before the lookup waits for the job's own build", async () => {
  const events: string[] = []
  const indexes = deferred<KnownIndexesByTarget>()
  const lookups = {
    indexes: indexes.promise,
    listAfter: (answeredAt: number) => events.push(`listAfter ${typeof answeredAt}`),
    recordsName: async (ref: string) => (events.push(`recordsName ${ref}`), true),
  }
  const tags = await openTags(
    pool({ 'r.example': async () => {} }),
    [plan(['r.example'])],
    horizon,
    systemClock,
    [],
    lookups,
  )
  const tag = tags.get('r.example/o/web:1')!
  const read = tag.read()
  await new Promise((resolve) => setImmediate(resolve))
  // asked while the build's read is still out
  expect(events).toEqual(['listAfter number', 'recordsName r.example/o/web:1'])
  const asked: unknown[][] = []
  const find = async (...args: unknown[]) => (asked.push(args), index)
  indexes.resolve(new Map([['web', { find } as never]]))
  expect(await read).toEqual({ index, digest: DIGEST })
  expect(asked).toEqual([
    [DIGEST, expect.objectContaining({ ref: 'r.example/o/web:1' }), expect.any(Array), tag.answeredAt],
  ])
})

test('a client that cannot be made is said for the first registry in order, whichever failed first', async () => {
  const later = () => new Promise<void>((_, reject) => setTimeout(() => reject(new Error('first registry')), 20))
  const sooner = () => Promise.reject(new Error('second registry'))
  const lookups = {
    indexes: new Promise<KnownIndexesByTarget>(() => {}),
    listAfter: () => {},
    recordsName: async () => true,
  }
  const registries = ['one.example', 'two.example']
  await expect(
    openTags(
      pool({ 'one.example': later, 'two.example': sooner }),
      [plan(registries)],
      horizon,
      systemClock,
      [],
      lookups,
    ),
  ).rejects.toThrow('first registry')
})

test('a digest no target knows is read with GET; a write is noted only when it changed what the tag held', async () => {
  const gets: string[] = []
  const lookups = {
    indexes: Promise.resolve<KnownIndexesByTarget>(new Map()),
    listAfter: () => {},
    recordsName: async () => true,
  }
  const written: WrittenIndex[] = []
  const open = (putAs: string) =>
    openTags(
      pool({ 'r.example': async () => {} }, putAs, gets),
      [plan(['r.example'])],
      horizon,
      systemClock,
      written,
      lookups,
    )
  const same = (await open(DIGEST)).get('r.example/o/web:1')!
  expect(await same.read()).toEqual({ index, digest: DIGEST })
  expect(gets).toEqual([DIGEST])
  await same.write(index, Buffer.from('{}'))
  expect(written).toEqual([]) // the digest it held: no new version
  const other = `sha256:${'c'.repeat(64)}`
  const changed = (await open(other)).get('r.example/o/web:1')!
  await changed.read()
  await changed.write(index, Buffer.from('{}'))
  expect(written).toEqual([{ ref: 'r.example/o/web:1', digest: other }])
})

test("a tag no record of the run names is read with GET at once, not after the job's own build is read", async () => {
  const gets: string[] = []
  const lookups = {
    indexes: new Promise<KnownIndexesByTarget>(() => {}), // the build's read never ends
    listAfter: () => {},
    recordsName: async () => false,
  }
  const tags = await openTags(
    pool({ 'r.example': async () => {} }, DIGEST, gets),
    [plan(['r.example'])],
    horizon,
    systemClock,
    [],
    lookups,
  )
  // Far beyond the stand-ins' pace: reaching it means the read waited for the build.
  const cap = new Promise((resolve) => setTimeout(() => resolve('waited for the build'), 5000).unref())
  expect(await Promise.race([tags.get('r.example/o/web:1')!.read(), cap])).toEqual({ index, digest: DIGEST })
  expect(gets).toEqual([DIGEST])
})

describe('namedByRun: whether a record of the run names the tag', () => {
  const ref = 'r.example/o/web:1'
  const record = (extra: Partial<BuildRecord> = {}) =>
    ({ digest: DIGEST, tags: [ref], runId: '42', runAttempt: 1, ...extra }) as BuildRecord

  test.each([
    ['no record', [], false],
    ['a record of the run naming it (any job, any attempt)', [record({ runAttempt: 2 })], true],
    ["another run's", [record({ runId: '41' })], false],
    ['one naming another tag', [record({ tags: ['r.example/o/web:2'] })], false],
    ["another run's and one of the run", [record({ runId: '41' }), record({ tags: ['x', ref] })], true],
  ])('%s', (_, records, named) => {
    expect(namedByRun(records as BuildRecord[], ref, '42')).toBe(named)
  })
})

describe('recordsNamer: whether the run names a tag, from a listing begun when asked', () => {
  const ref = 'r.example/o/web:1'
  const named = [{ digest: DIGEST, tags: [ref], runId: '42', runAttempt: 1 } as BuildRecord]

  test('asks a listing each time, and reads what it holds', async () => {
    let listings = 0
    const name = recordsNamer(async () => (listings++, named), '42')
    expect(await name(ref)).toBe(true)
    expect(await name('r.example/o/web:2')).toBe(false)
    expect(listings).toBe(2)
  })

  test('without a store no record names anything: the tag is read at once', async () => {
    expect(await recordsNamer(undefined, '42')(ref)).toBe(false)
  })

  test('a failed listing says nothing: the tag goes to the lookup, which lists again', async () => {
    const name = recordsNamer(() => Promise.reject(new Error('workflow artifacts: listing failed: 503')), '42')
    expect(await name(ref)).toBe(true)
  })
})

test("startReads sends every tag's first read, and none in a deferred job (it writes no tag)", () => {
  const sent: string[] = []
  const tag = (name: string) => ({ prefetch: () => sent.push(name) }) as unknown as PrefetchedTag
  const tags = new Map([
    ['a', tag('a')],
    ['b', tag('b')],
  ])
  startReads(tags, true)
  expect(sent).toEqual([])
  startReads(tags, false)
  expect(sent).toEqual(['a', 'b'])
})
