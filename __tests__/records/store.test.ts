/** The record stores, directly: what they write, what they read back, what they skip. */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, symlink, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { mkdtemp } from 'node:fs/promises'
import type { BuildRecord } from '../../src/records/record.js'
import { recordName } from '../../src/records/record.js'
import { recordFileStem } from '../../src/records/names.js'
import {
  ArtifactRecordStore,
  type ArtifactService,
  DirectoryRecordStore,
  MAX_RECORD_BYTES,
  UnreadableRecordError,
  makeDirectory,
  openRecordStore,
  prepareRecordDirectory,
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
/** A clock whose sleeps return at once and are counted. */
const fakeClock = () => {
  const slept: number[] = []
  return { slept, now: () => 0, random: () => 0.5, sleep: async (ms: number) => void slept.push(ms) }
}
/** A store over `dir` that keeps what it skipped, as `file: reason`. */
const skipping = (dir: string) => {
  const skipped: string[] = []
  return { skipped, store: new DirectoryRecordStore(dir, { onSkipped: (f, why) => skipped.push(`${f}: ${why}`) }) }
}

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
    expect(loaded.map((r) => [r.runAttempt, r.completion])).toEqual([
      [1, { completedAt: '2026-11-27T01:05:00.000Z', horizonUntil: '2026-11-27T01:04:00.000Z' }],
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

  test('records in subdirectories (download-artifact, one folder per artifact) are read, and named by their path below the directory', async () => {
    const dir = await temp()
    await new DirectoryRecordStore(path.join(dir, 'job-a'), { onSkipped: () => {} }).save(record(1))
    await mkdir(path.join(dir, 'job-b', 'deeper'), { recursive: true })
    await writeFile(path.join(dir, 'job-b', 'deeper', 'broken.json'), '{oops')
    await writeFile(path.join(dir, 'top.json'), '{oops')
    const skipped: string[] = []
    const loaded = await new DirectoryRecordStore(dir, { onSkipped: (f) => skipped.push(f) }).loadAll()
    expect(loaded.map((r) => r.digest)).toEqual([record(1).digest])
    expect(skipped).toEqual([path.join('job-b', 'deeper', 'broken.json'), 'top.json'])
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
    // Other files are not records: neither read nor said; nor are a writer's hidden temporary files.
    await writeFile(path.join(dir, 'notes.txt'), '{oops')
    await writeFile(path.join(dir, '.r.json.123.tmp'), '{oops')
    await writeFile(path.join(dir, '.half-written.json'), '{oops')
    skipped.length = 0
    await new DirectoryRecordStore(dir, { onSkipped: (f, why) => skipped.push(`${f}: ${why}`) }).loadAll()
    expect(skipped).toEqual([
      'alien.json: record alien.json: not a version 1 or 2 bake-fanout record',
      'broken.json: not valid JSON',
    ])
    await expect(
      new DirectoryRecordStore(path.join(dir, 'notes.txt'), { onSkipped: () => {}, missingIsEmpty: true }).loadAll(),
    ).rejects.toThrow(`input 'records': '${path.join(dir, 'notes.txt')}' is not a directory`)
    const missing = path.join(dir, 'not-yet')
    expect(await new DirectoryRecordStore(missing, { onSkipped: () => {}, missingIsEmpty: true }).loadAll()).toEqual([])
    await expect(new DirectoryRecordStore(missing, { onSkipped: () => {} }).loadAll()).rejects.toThrow(
      `input 'records': directory '${missing}' does not exist`,
    )
    // Any other failure is the file system's own, not read as a missing or non-directory store.
    await symlink('loop', path.join(dir, 'loop'))
    await expect(
      new DirectoryRecordStore(path.join(dir, 'loop'), { onSkipped: () => {} }).loadAll(),
    ).rejects.toMatchObject({ code: 'ELOOP' })
  })

  test('warm reads ahead, saying nothing: the listing after it says what it skips, and shares the reads', async () => {
    const { skipped, store } = skipping(await temp())
    for (let n = 1; n <= 20; n++) await store.save({ ...record(n), tags: [`ghcr.io/o/web:${n}`] })
    await writeFile(path.join((store as unknown as { dir: string }).dir, 'broken.json'), '{oops')
    store.warm()
    const [listed, again] = await Promise.all([store.loadAll(), store.loadAll()])
    expect(listed.map((r) => r.digest).sort()).toEqual(Array.from({ length: 20 }, (_, i) => digest(i + 1)))
    // One read per file, for the warm-up and both listings alike: the very same parsed records.
    expect(again.every((r, i) => r.entries === listed[i].entries)).toBe(true)
    expect(skipped).toEqual(['broken.json: not valid JSON', 'broken.json: not valid JSON'])
    // A file that was skipped is read again by the next listing: it may have been half written.
    await writeFile(path.join((store as unknown as { dir: string }).dir, 'broken.json'), JSON.stringify(record(21)))
    expect((await store.loadAll()).map((r) => r.digest)).toContain(digest(21))
    // Warming a directory that does not exist fails nothing; the listing says what is wrong.
    const missing = new DirectoryRecordStore(path.join(await temp(), 'nope'), { onSkipped: () => {} })
    missing.warm()
    await expect(missing.loadAll()).rejects.toThrow(/input 'records': directory '.*nope' does not exist/)
  })

  test("given a run, a shared directory's files named as another run's are not read; others are judged as ever", async () => {
    const dir = await temp()
    const { skipped, store } = skipping(dir)
    await store.save(record(1))
    await store.save({ ...record(2), runId: '41' })
    await store.saveCompletion({ ...record(2), runId: '41' }, { completedAt: '2026-11-27T01:05:00.000Z' })
    // Damaged files: one named as run 40's (never opened), one named as run 42's, one of no record name.
    const stem = (runId: string) => recordFileStem({ ...record(3), tags: ['ghcr.io/o/web:broken'], runId })
    await writeFile(path.join(dir, `${stem('40')}.json`), '{oops')
    await writeFile(path.join(dir, `${stem('42')}.json`), '{oops')
    await writeFile(path.join(dir, 'notes.json'), '{oops')
    // A Windows record's name holds its os.version's dots: still this run's.
    await store.save({ ...record(4), platforms: ['windows(10.0.20348)/amd64'], tags: ['ghcr.io/o/web:win'] })
    expect((await store.loadAll('42')).map((r) => r.digest).sort()).toEqual([digest(1), digest(4)])
    expect(skipped.sort()).toEqual([`${stem('42')}.json: not valid JSON`, 'notes.json: not valid JSON'])
    skipped.length = 0
    expect((await store.loadAll()).map((r) => [r.runId, Boolean(r.completion)]).sort()).toEqual([
      ['41', true],
      ['42', false],
      ['42', false],
    ])
    expect(skipped).toHaveLength(3)
  })

  test('a record the store saves anew under its name (the CLI run twice, one attempt) is read anew', async () => {
    const { store } = skipping(await temp())
    await store.save(record(1))
    expect((await store.loadAll()).map((r) => r.createdAt)).toEqual([record(1).createdAt])
    await store.save({ ...record(1), createdAt: '2026-11-27T03:00:00.000Z' })
    expect((await store.loadAll()).map((r) => r.createdAt)).toEqual(['2026-11-27T03:00:00.000Z'])
  })

  test('a symbolic link is not followed, to a file or to a directory: said by name, never read', async () => {
    const elsewhere = await temp()
    await writeFile(path.join(elsewhere, 'other.json'), JSON.stringify(record(7)))
    const dir = await temp()
    await writeFile(path.join(dir, 'own.json'), JSON.stringify(record(1)))
    await symlink(path.join(elsewhere, 'other.json'), path.join(dir, 'linked.json'))
    await symlink(elsewhere, path.join(dir, 'linked-dir'))
    const { store, skipped } = skipping(dir)
    expect((await store.loadAll()).map((r) => r.digest)).toEqual([digest(1)])
    expect(skipped).toEqual(['linked.json: a symbolic link, not followed'])
  })

  test(`a file over ${MAX_RECORD_BYTES / 1024} KiB is refused by name, even one that holds a valid record; 300 MB is not read`, async () => {
    const dir = await temp()
    const padded = JSON.stringify(record(1)).padEnd(MAX_RECORD_BYTES + 1, ' ')
    await writeFile(path.join(dir, 'padded.json'), padded)
    await writeFile(path.join(dir, 'huge.json'), '')
    await truncate(path.join(dir, 'huge.json'), 300 * 1024 * 1024) // sparse: no disk used
    await writeFile(path.join(dir, 'exact.json'), JSON.stringify(record(2)).padEnd(MAX_RECORD_BYTES, ' '))
    const { store, skipped } = skipping(dir)
    expect((await store.loadAll()).map((r) => r.digest)).toEqual([digest(2)])
    expect(skipped).toEqual([
      'huge.json: larger than 256 KiB, which no record is: not read',
      'padded.json: larger than 256 KiB, which no record is: not read',
    ])
  })

  test('an invalid record is named and why, none of its values echoed (a value may be a workflow command)', async () => {
    const dir = await temp()
    const hostile = '::add-mask::s3cret'
    const fields: Record<string, unknown> = {
      target: hostile,
      platforms: [hostile],
      digest: hostile,
      repositories: [hostile],
      tags: [`ghcr.io/o/web:${hostile}`],
      targetPlatforms: [hostile],
      runId: hostile,
      entries: [{ ...record(1).entries![0], digest: hostile }],
    }
    for (const [field, value] of Object.entries(fields))
      await writeFile(path.join(dir, `${field}.json`), JSON.stringify({ ...record(1), [field]: value }))
    const { store, skipped } = skipping(dir)
    expect(await store.loadAll()).toEqual([])
    expect(skipped).toHaveLength(Object.keys(fields).length)
    expect(skipped.filter((line) => line.includes('add-mask') || line.includes('s3cret'))).toEqual([])
    expect(skipped.find((line) => line.startsWith('platforms.json'))).toBe(
      'platforms.json: record platforms.json: a platform is not valid',
    )
  })

  const asRoot = process.getuid?.() === 0
  ;(asRoot ? test.skip : test)('a record file that exists and cannot be read fails the step, naming it', async () => {
    const dir = await temp()
    const file = path.join(dir, 'locked.json')
    await writeFile(file, JSON.stringify(record(1)), { mode: 0o000 })
    const { store } = skipping(dir)
    await expect(store.loadAll()).rejects.toThrow(UnreadableRecordError)
    await expect(store.loadAll()).rejects.toThrow('record locked.json exists and cannot be read (EACCES)')
  })

  test('a pipe or a directory named like a record is no record: skipped, never opened to wait on', async () => {
    const dir = await temp()
    execFileSync('mkfifo', [path.join(dir, 'pipe.json')])
    await mkdir(path.join(dir, 'folder.json'))
    await writeFile(path.join(dir, 'folder.json', 'inner.json'), JSON.stringify(record(3)))
    const { store, skipped } = skipping(dir)
    expect((await store.loadAll()).map((r) => r.digest)).toEqual([digest(3)])
    expect(skipped).toEqual(['pipe.json: not a regular file'])
  })

  test('prepareRecordDirectory: made when missing; a file in the way is bad input naming the input', async () => {
    const dir = await temp()
    await prepareRecordDirectory(path.join(dir, 'new', 'records'))
    expect(await readdir(path.join(dir, 'new'))).toEqual(['records'])
    await writeFile(path.join(dir, 'file'), 'x')
    await expect(prepareRecordDirectory(path.join(dir, 'file'))).rejects.toThrow(
      `input 'records': '${path.join(dir, 'file')}' is a file, or lies under one: give a directory`,
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

test('openRecordStore: none without a spec, a directory for a path, and the artifact store without connecting it yet', async () => {
  const policy = { onSkipped: () => {} }
  let connects = 0
  const service: ArtifactService = { upload: async () => {}, list: async () => [], download: async () => {} }
  const connect = async () => (connects++, service)
  expect(openRecordStore(undefined, connect, policy)).toBeUndefined()
  expect(openRecordStore('/tmp/records', connect, policy)).toBeInstanceOf(DirectoryRecordStore)
  expect(openRecordStore('artifact', connect, policy)).toBeInstanceOf(ArtifactRecordStore)
  expect(connects).toBe(0)
})

describe('ArtifactRecordStore (a fake service at the boundary)', () => {
  /** The service as the runner has it: `failing(id, n)` says whether the n-th download of artifact `id` fails. */
  function fakeService(failing: (id: number, n: number) => boolean = () => false) {
    const uploads: Array<{ name: string; days?: number; content: string }> = []
    let downloads = 0
    const tries = new Map<number, number>()
    const service: ArtifactService = {
      upload: async (name, file, _root, days) =>
        void uploads.push({ name, days, content: await readFile(file, 'utf8') }),
      list: async () => uploads.map((u, id) => ({ id, name: u.name })),
      download: async (id, dir) => {
        downloads++
        const n = (tries.get(id) ?? 0) + 1
        tries.set(id, n)
        if (failing(id, n)) throw new Error(`workflow artifacts: download of artifact ${id} failed: 503`)
        await mkdir(dir, { recursive: true })
        await writeFile(path.join(dir, 'r.json'), uploads[id].content)
      },
    }
    return { service, uploads, downloads: () => downloads }
  }

  test('a download that fails once is tried again, after a wait on the injected clock, and its record is read', async () => {
    const fake = fakeService((id, n) => id === 1 && n === 1)
    const clock = fakeClock()
    const store = new ArtifactRecordStore(async () => fake.service, { onSkipped: () => {}, clock })
    await store.save(record(1))
    await store.save({ ...record(2), platforms: ['linux/arm64'] })
    expect((await store.loadAll()).map((r) => r.digest)).toEqual([digest(1), digest(2)])
    expect(clock.slept).toEqual([1000])
  })

  test('a record artifact that cannot be downloaded fails the step, naming it, after three tries; never a smaller union', async () => {
    const fake = fakeService((id) => id === 1)
    const clock = fakeClock()
    const store = new ArtifactRecordStore(async () => fake.service, { onSkipped: () => {}, clock })
    await store.save(record(1))
    await store.save({ ...record(2), platforms: ['linux/arm64'] })
    const name = `${recordName({ ...record(2), platforms: ['linux/arm64'] })}.1`
    const failure = store.loadAll()
    await expect(failure).rejects.toThrow(UnreadableRecordError)
    await expect(failure).rejects.toThrow(
      `record artifact ${name} (id 1) could not be read (3 tries): workflow artifacts: download of artifact 1 failed: 503`,
    )
    await expect(failure).rejects.toThrow('after "Re-run failed jobs" the artifact service may list')
    expect(clock.slept).toEqual([1000, 2000])
    // A later listing tries again (a failure is not kept), and fails again.
    await expect(store.loadAll()).rejects.toThrow(UnreadableRecordError)
    expect(fake.downloads()).toBe(1 + 3 + 3)
  })

  test("only the run's record artifacts are downloaded (never its other artifacts), into temporary directories removed after", async () => {
    const fake = fakeService()
    const dirs: string[] = []
    const service: ArtifactService = {
      ...fake.service,
      upload: async (name, file, root, days) => {
        dirs.push(root)
        await fake.service.upload(name, file, root, days)
      },
      list: async () => [...(await fake.service.list()), { id: 99, name: 'build-logs' }],
      download: async (id, dir) => {
        if (id === 99) throw new Error('not a record artifact: never downloaded')
        dirs.push(dir)
        await fake.service.download(id, dir)
      },
    }
    const store = new ArtifactRecordStore(async () => service, { onSkipped: () => {} })
    await store.save(record(1))
    await store.saveCompletion(record(1), { completedAt: '2026-11-27T01:05:00.000Z' })
    expect((await store.loadAll()).map((r) => [r.digest, r.completion])).toEqual([
      [digest(1), { completedAt: '2026-11-27T01:05:00.000Z' }],
    ])
    expect(dirs).toHaveLength(4)
    for (const dir of dirs) expect(existsSync(dir)).toBe(false)
  })

  test('warm downloads ahead: the listing after it downloads nothing again; a failing service fails only the listing', async () => {
    const fake = fakeService()
    const store = new ArtifactRecordStore(async () => fake.service, { onSkipped: () => {} })
    await store.save(record(1))
    await store.save({ ...record(2), platforms: ['linux/arm64'] })
    // Warmed twice (two fan-outs' appends in one process would): each artifact is still downloaded once.
    store.warm()
    store.warm()
    expect((await store.loadAll()).map((r) => r.digest)).toEqual([digest(1), digest(2)])
    expect(fake.downloads()).toBe(2)
    // The warm-up tries each download once and never waits; the listing that needs a failed one tries again.
    const flaky = fakeService((id, n) => id === 1 && n === 1)
    const clock = fakeClock()
    const warmed = new ArtifactRecordStore(async () => flaky.service, { onSkipped: () => {}, clock })
    await warmed.save(record(1))
    await warmed.save({ ...record(2), platforms: ['linux/arm64'] })
    warmed.warm()
    while (flaky.downloads() < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    expect(clock.slept).toEqual([])
    expect((await warmed.loadAll()).map((r) => r.digest)).toEqual([digest(1), digest(2)])
    expect([flaky.downloads(), clock.slept]).toEqual([3, []])
    const down = new ArtifactRecordStore(
      async () => ({
        ...fake.service,
        list: async () => Promise.reject(new Error('workflow artifacts: list failed: 503')),
      }),
      { onSkipped: () => {} },
    )
    down.warm()
    await expect(down.loadAll()).rejects.toThrow('list failed: 503')
  })

  test('the service is connected on first use, and once (append sends its first requests meanwhile)', async () => {
    const fake = fakeService()
    let connects = 0
    const store = new ArtifactRecordStore(async () => (connects++, fake.service), { onSkipped: () => {} })
    expect(connects).toBe(0)
    store.warm()
    await store.save(record(1))
    expect((await store.loadAll()).map((r) => r.digest)).toEqual([digest(1)])
    expect(connects).toBe(1)
    // A service that cannot be connected fails what needs it, with its own message.
    const broken = new ArtifactRecordStore(async () => Promise.reject(new Error('no runtime')), { onSkipped: () => {} })
    broken.warm()
    await expect(broken.loadAll()).rejects.toThrow('no runtime')
  })

  test('one artifact per attempt, kept the retention asked; each downloaded once however often listed', async () => {
    const fake = fakeService()
    const store = new ArtifactRecordStore(async () => fake.service, { onSkipped: () => {} }, 7)
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

test('a directory of thousands of files is read a few at a time, each record once per store', async () => {
  const { readRecordFiles, PARALLEL_READS } = await import('../../src/records/record-files.js')
  const { mkdtemp, writeFile } = await import('node:fs/promises')
  const { tmpdir } = await import('node:os')
  const pathModule = (await import('node:path')).default
  const dir = await mkdtemp(pathModule.join(tmpdir(), 'bake-fanout-many-'))
  await Promise.all(Array.from({ length: 600 }, (_, i) => writeFile(pathModule.join(dir, `x${i}.json`), '{}')))
  expect(PARALLEL_READS).toBeLessThanOrEqual(64)
  const skipped: string[] = []
  const cache = new Map()
  expect(await readRecordFiles(dir, { onSkipped: (f) => skipped.push(f) }, cache)).toEqual([])
  expect(skipped).toHaveLength(600)
  expect(skipped.slice(0, 3)).toEqual(['x0.json', 'x1.json', 'x10.json'])
})
