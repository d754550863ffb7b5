/**
 * KnownIndexes: the indexes a job can compute from the run's records, so a tag's HEAD
 * digest needs no GET (Docker Hub's pull budget). Known means exactly the canonical
 * bytes: found only by digest, never by a near miss. No registry is reachable here.
 */
import { BuildSource } from '../../src/convergence/builds.js'
import { type HeldRecords, KnownIndexes, candidateSets } from '../../src/convergence/known-indexes.js'
import { serializeIndex } from '../../src/image-index/canonical.js'
import { upsertIndex } from '../../src/image-index/upsert.js'
import { sha256Digest } from '../../src/oci/digest.js'
import { type Descriptor, type ImageIndex, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { BuildRecord } from '../../src/records/record.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { recordingLogger } from '../helpers/logger.js'

const ARCHITECTURES = ['amd64', 'arm64', 's390x', 'ppc64le', 'riscv64', '386', 'mips64le', 'loong64']
const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const image = (n: number, architecture: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: digest(n),
  size: 1,
  platform: { os: 'linux', architecture },
})
const record = (n: number): BuildRecord => ({
  version: 2,
  target: 'web',
  platforms: [`linux/${ARCHITECTURES[n]}`],
  entries: [image(n + 1, ARCHITECTURES[n])],
  digest: digest(100 + n),
  mediaType: 'application/vnd.oci.image.index.v1+json',
  size: 1,
  repositories: ['ghcr.io/o/web'],
  tags: ['ghcr.io/o/web:1'],
  createdAt: `2026-11-27T00:0${n}:00.000Z`,
  runId: '42',
  runAttempt: 1,
})
const noRegistry = { client: () => Promise.reject(new Error('no registry call expected')) } as unknown as RegistryPool
const query = { registry: 'ghcr.io', repository: 'o/web', ref: 'ghcr.io/o/web:1' }
const annotations: Array<[string, string]> = [['org.opencontainers.image.source', 'https://example.com/web']]

/** What a job holding `records` writes on `base`, as append's convergence writes it: bytes and digest. */
async function written(records: BuildRecord[], base?: ImageIndex): Promise<{ bytes: Buffer; digest: string }> {
  const source = new BuildSource(noRegistry, recordingLogger(), { copy: false, recordedEntries: true })
  const run = await source.forTag(query, records)
  const index = upsertIndex(base, run.builds, { annotations, runDigests: run.runDigests, now: 0 }).index
  const bytes = serializeIndex(index)
  return { bytes, digest: sha256Digest(bytes) }
}

function known(
  records: BuildRecord[],
  later: BuildRecord[] = records,
): { known: KnownIndexes; listings: number[]; unions: () => number } {
  const listings: number[] = []
  const held: HeldRecords = {
    latest: async () => ({ records, startedAt: 0 }),
    fresh: async () => (listings.push(later.length), { records: later, startedAt: 1 }),
  }
  const source = new BuildSource(noRegistry, recordingLogger(), { copy: false, recordedEntries: true })
  let unions = 0
  const unionOf = source.unionOf.bind(source)
  source.unionOf = (q, r) => (unions++, unionOf(q, r))
  return { known: new KnownIndexes(source, held, { annotations, now: () => 0 }), listings, unions: () => unions }
}

const foreignBase: ImageIndex = {
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests: [{ ...image(99, 'arm'), platform: { os: 'linux', architecture: 'arm', variant: 'v5' } }],
}

describe('KnownIndexes', () => {
  const all = ARCHITECTURES.map((_, n) => record(n))

  test('a union of any of the held records, on no base, is known with exactly its canonical bytes', async () => {
    const { known: k } = known(all)
    for (const set of [all, all.slice(0, 3), [all[1], all[4], all[7]], [all[6]]]) {
      const { bytes, digest } = await written(set)
      const found = await k.find(digest, query, [])
      expect(found && serializeIndex(found)).toEqual(bytes)
    }
  })

  test('an index with an entry the job has not read is not known; on a base it has read, it is', async () => {
    const { known: k } = known(all)
    const union = await written(all.slice(0, 2), foreignBase)
    expect(await k.find(union.digest, query, [])).toBeUndefined()
    const base = { digest: sha256Digest(serializeIndex(foreignBase)), index: foreignBase }
    const found = await k.find(union.digest, query, [base])
    expect(found && serializeIndex(found)).toEqual(union.bytes)
    expect(found?.manifests.map((m) => m.digest)).toEqual([digest(1), digest(99), digest(2)])
  })

  test('other annotations, another order or another stamp: not known (a GET reads it)', async () => {
    const { known: k } = known(all)
    const { bytes } = await written(all.slice(0, 2))
    const reordered = JSON.parse(bytes.toString()) as ImageIndex
    reordered.manifests.reverse()
    const notCanonical = Buffer.from(JSON.stringify(reordered))
    expect(await k.find(sha256Digest(notCanonical), query, [])).toBeUndefined()
    const restamped = await written([{ ...all[0], createdAt: '2026-11-27T09:00:00.000Z' }])
    expect(await k.find(restamped.digest, query, [])).toBeUndefined()
  })

  test('a record saved after the last listing: one fresh listing, then known', async () => {
    const { known: k, listings } = known(all.slice(0, 3), all.slice(0, 5))
    const { digest } = await written(all.slice(0, 5))
    expect(await k.find(digest, query, [], 0.5)).toBeDefined()
    expect(listings).toEqual([5])
  })

  test('a listing asked for after the registry named the digest holds every record its writer listed: none more', async () => {
    const { known: k, listings } = known(all.slice(0, 3), all.slice(0, 5))
    const { digest } = await written(all.slice(0, 5))
    expect(await k.find(digest, query, [], 0)).toBeUndefined()
    expect(listings).toEqual([])
  })

  test('every set of 8 records, the whole one and the first ones by time first', () => {
    const sets = [...candidateSets(['a', 'b', 'c'])]
    expect(sets).toEqual([['a', 'b', 'c'], ['a', 'b'], ['a'], ['b'], ['c'], ['a', 'c'], ['b', 'c']])
    expect([...candidateSets(ARCHITECTURES)]).toHaveLength(2 ** 8 - 1)
    expect([...candidateSets([...ARCHITECTURES, 'x'])]).toHaveLength(9)
  })

  test('no union matches (8 records): each of the 255 sets is computed once, a later miss computes none', async () => {
    const { known: k, unions } = known(all)
    expect(await k.find(digest(12345), query, [])).toBeUndefined()
    expect(unions()).toBe(255)
    expect(await k.find(digest(54321), query, [])).toBeUndefined()
    expect(unions()).toBe(255)
  })
})
