/** The record stores, directly: what they write, what they read back, what they skip. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { mkdtemp } from 'node:fs/promises'
import type { BuildRecord } from '../../src/records/record.js'
import { recordName } from '../../src/records/record.js'
import {
  ArtifactRecordStore,
  type ArtifactService,
  DirectoryRecordStore,
  makeDirectory,
} from '../../src/records/store.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const record = (n: number, attempt = 1): BuildRecord => ({
  version: 2,
  target: 'web',
  platforms: ['linux/amd64'],
  targetPlatforms: ['linux/amd64', 'linux/arm64'],
  entries: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: digest(n),
      size: 1,
      platform: { os: 'linux', architecture: 'amd64' },
    },
  ],
  digest: digest(n),
  mediaType: 'application/vnd.oci.image.index.v1+json',
  size: 10,
  repositories: ['ghcr.io/o/web'],
  tags: ['ghcr.io/o/web:1'],
  createdAt: '2026-11-27T01:00:00.000Z',
  runId: '42',
  runAttempt: attempt,
})
const temp = () => mkdtemp(path.join(tmpdir(), 'bake-fanout-store-'))

describe('DirectoryRecordStore', () => {
  test('a record and its completion mark, read back merged; attempts side by side, none replaced', async () => {
    const dir = path.join(await temp(), 'records')
    const skipped: string[] = []
    const store = new DirectoryRecordStore(dir, { onSkipped: (f) => skipped.push(f) })
    await store.save(record(1))
    await store.save(record(2, 2))
    await store.saveCompletion(record(1), {
      completedAt: '2026-11-27T01:05:00.000Z',
      horizonUntil: '2026-11-27T01:04:00.000Z',
    })
    const name = recordName(record(1))
    expect((await readdir(dir)).sort()).toEqual([`${name}.42.1.done.json`, `${name}.42.1.json`, `${name}.42.2.json`])
    const loaded = await store.loadAll()
    expect(loaded.map((r) => [r.runAttempt, r.completion?.completedAt])).toEqual([
      [1, '2026-11-27T01:05:00.000Z'],
      [2, undefined],
    ])
    expect(loaded[0].entries).toEqual(record(1).entries)
    expect(skipped).toEqual([])
  })

  test("one fan-out's completion mark never completes another's record of the same digest", async () => {
    const dir = await temp()
    const store = new DirectoryRecordStore(dir, { onSkipped: () => {} })
    const stable = record(1)
    const nightly = { ...record(1), tags: ['ghcr.io/o/web:nightly'] }
    await store.save(stable)
    await store.save(nightly)
    await store.saveCompletion(stable, { completedAt: '2026-11-27T01:05:00.000Z' })
    const loaded = await store.loadAll()
    expect(loaded.map((r) => [r.tags[0], Boolean(r.completion)]).sort()).toEqual([
      ['ghcr.io/o/web:1', true],
      ['ghcr.io/o/web:nightly', false],
    ])
  })

  test('files that are no records are skipped and said, not fatal; a missing directory is empty only when told', async () => {
    const dir = await temp()
    await writeFile(path.join(dir, 'broken.json'), '{oops')
    await writeFile(path.join(dir, 'alien.json'), '{"version": 9}')
    const skipped: string[] = []
    expect(
      await new DirectoryRecordStore(dir, { onSkipped: (f, why) => skipped.push(`${f}: ${why}`) }).loadAll(),
    ).toEqual([])
    expect(skipped).toEqual([
      'alien.json: record alien.json: not a version 1 or 2 bake-fanout record',
      'broken.json: not valid JSON',
    ])
    const missing = path.join(dir, 'not-yet')
    expect(await new DirectoryRecordStore(missing, { onSkipped: () => {}, missingIsEmpty: true }).loadAll()).toEqual([])
    await expect(new DirectoryRecordStore(missing, { onSkipped: () => {} }).loadAll()).rejects.toThrow(
      `input 'records': directory '${missing}' does not exist`,
    )
  })

  test('makeDirectory: levels made one by one; under a file or under /proc it fails at once', async () => {
    const dir = await temp()
    await makeDirectory(path.join(dir, 'a', 'b', 'c'))
    expect(await readdir(path.join(dir, 'a', 'b'))).toEqual(['c'])
    await writeFile(path.join(dir, 'file'), 'x')
    await expect(makeDirectory(path.join(dir, 'file', 'below'))).rejects.toMatchObject({ code: 'ENOTDIR' })
    await expect(makeDirectory('/proc/self/nope/records')).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('ArtifactRecordStore (a fake service at the boundary)', () => {
  function fakeService() {
    const uploads: Array<{ name: string; days?: number; content: string }> = []
    let downloads = 0
    const service: ArtifactService = {
      upload: async (name, file, _root, days) =>
        void uploads.push({ name, days, content: await readFile(file, 'utf8') }),
      list: async () => uploads.map((u, id) => ({ id, name: u.name })),
      download: async (id, dir) => {
        downloads++
        await mkdir(dir, { recursive: true })
        await writeFile(path.join(dir, 'r.json'), uploads[id].content)
      },
    }
    return { service, uploads, downloads: () => downloads }
  }

  test('one artifact per attempt, kept the retention asked; each downloaded once however often listed', async () => {
    const fake = fakeService()
    const store = new ArtifactRecordStore(fake.service, { onSkipped: () => {} }, 7)
    await store.save(record(1))
    await store.save(record(2, 2))
    await store.saveCompletion(record(2, 2), { completedAt: '2026-11-27T01:05:00.000Z' })
    const name = recordName(record(1))
    expect(fake.uploads.map((u) => [u.name, u.days])).toEqual([
      [`${name}.1`, 7],
      [`${name}.2`, 7],
      [`${name}.2.done`, 7],
    ])
    expect((await store.loadAll()).map((r) => [r.runAttempt, Boolean(r.completion)])).toEqual([
      [1, false],
      [2, true],
    ])
    await store.loadAll()
    expect(fake.downloads()).toBe(3)
  })
})
