import {
  type BuildRecord,
  InvalidRecordError,
  completionKey,
  completionOf,
  fanoutKey,
  isNewerRecord,
  newestByPlatform,
  parseRecord,
  parseStored,
  recordMismatch,
  recordName,
} from '../../src/records/record.js'
import { withOwn } from '../../src/records/own-records.js'
import { namedForAnotherRun, recordFileStem } from '../../src/records/names.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')

describe('records', () => {
  const valid = {
    version: 1,
    target: 'web',
    platforms: ['linux/arm64/v8'],
    digest: digest(1),
    mediaType: 'x',
    size: 1,
    repositories: ['o/web'],
    tags: ['o/web'],
    createdAt: '2026-11-27T01:00:00Z',
    runAttempt: 2,
  }

  test('parseRecord normalises and validates', () => {
    expect(parseRecord(valid, 'r.json')).toMatchObject({
      platforms: ['linux/arm64'],
      repositories: ['docker.io/o/web'],
      tags: ['docker.io/o/web:latest'],
    })
    expect(() => parseRecord({ ...valid, version: 3 }, 'r.json')).toThrow(
      'record r.json: not a version 1 or 2 bake-fanout record',
    )
    expect(() => parseRecord({ ...valid, digest: 'sha256:x' }, 'r.json')).toThrow('record r.json: digest is not valid')
    expect(() => parseRecord({ ...valid, tags: [] }, 'r.json')).toThrow('record r.json: tags must be a non-empty list')
  })

  test('record names are the matrix slugs and the fan-out key: two fan-outs of one target never share one', () => {
    const tags = ['docker.io/o/web:1', 'ghcr.io/o/web:1']
    const key = fanoutKey(tags)
    expect(key).toMatch(/^[0-9a-f]{10}$/)
    expect(recordName({ target: 'web', platforms: ['linux/arm/v7'], tags })).toBe(`bake-fanout-web-linux-arm-v7-${key}`)
    expect(recordName({ target: 'web', platforms: ['linux/amd64', 'linux/arm64'], tags })).toBe(
      `bake-fanout-web-linux-amd64_web-linux-arm64-${key}`,
    )
    // The same tag set in any order (or named twice) is one fan-out; another tag set is another.
    expect(fanoutKey([...tags].reverse().concat(tags[0]))).toBe(key)
    expect(fanoutKey(['docker.io/o/web:2'])).not.toBe(key)
  })

  test("a directory's record files name their run and attempt; a name of another run is told apart by it", () => {
    const job = { target: 'web', platforms: ['linux/amd64'], tags: ['o/web:1'], runId: '12.3_a-b', runAttempt: 2 }
    const stem = recordFileStem(job)
    expect(stem).toBe(`${recordName(job)}.12.3_a-b.2`)
    // Slugs hold dots too: a Windows os.version, a variant like v8.2.
    const windows = { ...job, platforms: ['windows(10.0.20348)/amd64', 'linux/arm64/v8.2'], runAttempt: 11 }
    expect(recordFileStem(windows)).toMatch(/10\.0\.20348.*\.12\.3_a-b\.11$/)
    for (const file of [
      `${stem}.json`,
      `${stem}.done.json`,
      `sub/dir/${stem}.json`,
      `${recordFileStem(windows)}.json`,
    ]) {
      expect(namedForAnotherRun(file, '12.3_a-b')).toBe(false)
      expect(namedForAnotherRun(file, '7')).toBe(true)
      expect(namedForAnotherRun(file, '12')).toBe(true)
    }
    // Run 5's suffix on run 1.5's file: read, and kept out by its content.
    expect(namedForAnotherRun(`${recordFileStem({ ...job, runId: '1.5' })}.json`, '5')).toBe(false)
    // Names of no record file are never another run's: the file is read, to be judged.
    for (const file of [
      `${recordName(job)}.json`,
      `${stem}.json.tmp`,
      `${stem}.done.txt`,
      'notes.json',
      `other-${stem}.json`,
      `${stem.replace('.2', '.x')}.json`,
      'bake-fanout-notes.2.json',
    ])
      expect(namedForAnotherRun(file, 'elsewhere')).toBe(false)
  })

  test('the fan-out key is FNV-1a 64 of the sorted tag set: names stay the same across versions of the action', () => {
    const reference = (tags: string[]) => {
      let hash = 0xcbf29ce484222325n
      for (const byte of Buffer.from([...new Set(tags)].sort().join('\n'), 'utf8'))
        hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
      return hash.toString(16).padStart(16, '0').slice(0, 10)
    }
    expect(fanoutKey(['a'])).toBe('af63dc4c86')
    for (let i = 0; i < 500; i++) {
      const tags = Array.from({ length: 1 + (i % 4) }, (_, j) => `r${(i * 7919) % 997}.io/ö/w${j}:${i.toString(36)}`)
      expect(fanoutKey(tags)).toBe(reference(tags))
    }
  })

  test('version 2 records carry entries and target platforms, validated like anything read', () => {
    const entries = [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest(2),
        size: 10,
        platform: { os: 'linux', architecture: 'arm64' },
      },
    ]
    const v2 = { ...valid, version: 2, targetPlatforms: ['linux/amd64', 'linux/arm64'], entries }
    expect(parseRecord(v2, 'r.json')).toMatchObject({
      version: 2,
      targetPlatforms: ['linux/amd64', 'linux/arm64'],
      entries,
    })
    const bad = [{ ...entries[0], platform: { os: 'linux', architecture: 'arm64', variant: 'v8\n::x' } }]
    expect(() => parseRecord({ ...v2, entries: bad }, 'r.json')).toThrow(
      'record r.json: entries[0] names a platform that cannot be read',
    )
    expect(() => parseRecord({ ...v2, target: 'web\n::add-mask::x' }, 'r.json')).toThrow('not a bake target name')
    expect(() => parseRecord({ ...valid, runId: '1\n::stop-commands::x' }, 'r.json')).toThrow('runId is not a run id')
  })

  const entry = {
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: digest(2),
    size: 10,
    platform: { os: 'linux', architecture: 'arm64' },
  }
  const v2 = { ...valid, version: 2, entries: [entry] }

  test.each<[string, Record<string, unknown>, string]>([
    ['no target', { target: undefined }, 'no target, or not a bake target name'],
    ['no platforms', { platforms: [] }, 'platforms must be a non-empty list'],
    ['platforms not strings', { platforms: [1] }, 'platforms must be a non-empty list'],
    ['an unreadable platform', { platforms: ['linux'] }, 'a platform is not valid'],
    ['a bad repository', { repositories: ['o//web'] }, 'a repository is not valid'],
    ['a bad tag', { tags: ['o/web:bad tag'] }, 'a tag is not valid'],
    ['no media type', { mediaType: 1 }, 'no mediaType or size'],
    ['no size', { size: '1' }, 'no mediaType or size'],
    ['no time', { createdAt: 'yesterday' }, 'no createdAt'],
    ['attempt 0', { runAttempt: 0 }, 'runAttempt is not a positive whole number'],
    ['attempt 1.5', { runAttempt: 1.5 }, 'runAttempt is not a positive whole number'],
    ['v2 without entries', { version: 2, entries: [] }, 'entries must be a non-empty list'],
    ['an entry not an object', { version: 2, entries: ['x'] }, 'entries[0] is not a descriptor'],
    [
      'an entry without a media type',
      { version: 2, entries: [{ ...entry, mediaType: 'x y' }] },
      'entries[0] has no media type',
    ],
    [
      'an entry with a bad digest',
      { version: 2, entries: [{ ...entry, digest: 'md5:1' }] },
      'entries[0] digest is not valid',
    ],
    ['an entry with a negative size', { version: 2, entries: [{ ...entry, size: -1 }] }, 'entries[0] has no size'],
    [
      'an entry with annotations not strings',
      { version: 2, entries: [{ ...entry, annotations: { a: 1 } }] },
      'entries[0] has annotations that are not strings',
    ],
    [
      'bad target platforms',
      { version: 2, entries: [entry], targetPlatforms: ['x'] },
      'a target platform is not valid',
    ],
  ])('an invalid record is refused by field, never quoting a value: %s', (_name, fields, why) => {
    const parse = () => parseRecord({ ...valid, ...fields }, 'r.json')
    expect(parse).toThrow(InvalidRecordError)
    expect(parse).toThrow(`record r.json: ${why}`)
  })

  test("a record's index annotations: an object of strings, kept as read; anything else refuses the record", () => {
    const annotated = { ...v2, indexAnnotations: { 'org.opencontainers.image.description': 'x', __proto__: 'y' } }
    const parsed = parseRecord(JSON.parse(JSON.stringify(annotated)), 'r.json')
    expect(parsed.indexAnnotations).toEqual({ 'org.opencontainers.image.description': 'x' })
    const withProto = parseRecord(
      JSON.parse(`{"indexAnnotations": {"__proto__": "y"}, ${JSON.stringify(v2).slice(1)}`),
      'r.json',
    )
    expect(Object.getPrototypeOf(withProto.indexAnnotations)).toBe(Object.prototype)
    expect(Object.entries(withProto.indexAnnotations!)).toEqual([['__proto__', 'y']])
    expect(parseRecord(v2, 'r.json')).not.toHaveProperty('indexAnnotations')
    for (const [value, why] of [
      [['a=b'], 'indexAnnotations is not an object'],
      ['a=b', 'indexAnnotations is not an object'],
      [{ a: 1 }, 'indexAnnotations must map keys to strings'],
      [{ '': 'x' }, 'indexAnnotations must map keys to strings'],
      [{ ok: 'x', bad: 1 }, 'indexAnnotations must map keys to strings'],
    ] as const)
      expect(() => parseRecord({ ...v2, indexAnnotations: value }, 'r.json')).toThrow(`record r.json: ${why}`)
  })

  test('optional fields: a run id absent is local, a horizon and the defer mark kept only when well formed', () => {
    expect(parseRecord({ ...valid, runId: '' }, 'r.json').runId).toBe('local')
    expect(parseRecord(valid, 'r.json')).not.toHaveProperty('deferred')
    expect(parseRecord({ ...valid, deferred: 'yes', orphanHorizon: -1 }, 'r.json')).not.toHaveProperty('orphanHorizon')
    expect(parseRecord({ ...valid, deferred: true, orphanHorizon: 0 }, 'r.json')).toMatchObject({
      deferred: true,
      orphanHorizon: 0,
    })
    expect(parseRecord(v2, 'r.json')).not.toHaveProperty('targetPlatforms')
    expect(parseRecord(valid, 'r.json')).not.toHaveProperty('entries')
  })

  test('a completion mark is read as one, tied to its record by run, attempt, target, digest and fan-out', () => {
    const record = parseRecord({ ...v2, runId: '42' }, 'r.json')
    const mark = completionOf(record, { completedAt: '2026-11-27T02:00:00Z', horizonUntil: '2026-11-27T01:59:00Z' })
    const stored = parseStored(JSON.parse(JSON.stringify(mark)), 'r.done.json')
    expect(stored).toEqual({ completion: mark })
    expect(completionKey(mark)).toBe(completionKey(record))
    expect(completionKey({ ...mark, fanout: fanoutKey(['o/other']) })).not.toBe(completionKey(record))
    expect(parseStored(JSON.parse(JSON.stringify(record)), 'r.json')).toMatchObject({ record: { digest: digest(1) } })
    for (const [fields, why] of [
      [{ completedAt: 'soon' }, 'a completion mark needs ISO times'],
      [{ horizonUntil: 'later' }, 'a completion mark needs ISO times'],
      [{ fanout: 'ABC' }, 'no fan-out key'],
    ] as const)
      expect(() => parseStored({ ...mark, ...fields }, 'r.done.json')).toThrow(`record r.done.json: ${why}`)
  })

  test('between two records of a platform: the higher attempt, then the later time', () => {
    const at = (runAttempt: number, createdAt: string) =>
      ({ ...parseRecord(valid, 'r.json'), runAttempt, createdAt }) as BuildRecord
    expect(isNewerRecord(at(2, '2026-11-27T00:00:00Z'), at(1, '2026-11-27T05:00:00Z'))).toBe(true)
    expect(isNewerRecord(at(1, '2026-11-27T05:00:00Z'), at(2, '2026-11-27T00:00:00Z'))).toBe(false)
    expect(isNewerRecord(at(1, '2026-11-27T05:00:00Z'), at(1, '2026-11-27T04:00:00Z'))).toBe(true)
    expect(isNewerRecord(at(1, '2026-11-27T04:00:00Z'), at(1, '2026-11-27T04:00:00Z'))).toBe(false)
    const older = at(1, '2026-11-27T01:00:00Z')
    const newer = at(1, '2026-11-27T02:00:00Z')
    const byPlatform = newestByPlatform([newer, older])
    expect(byPlatform.get('linux/arm64')).toEqual({ newest: newer, all: [newer, older] })
  })

  test("withOwn: the job's records join a listing that lacks them, once; another fan-out's or attempt's stay apart", () => {
    const listedOwn = parseRecord({ ...v2, runId: '42' }, 'r.json')
    // The job's own copy, as prepared: no fan-out key computed, no completion.
    const { fanout: _, ...own } = listedOwn
    const other = parseRecord({ ...v2, runId: '42', digest: digest(2) }, 'o.json')
    expect(withOwn([other], [own])).toEqual([other, own])
    // Listed already (saved before the listing began): the listed copy is the one kept.
    const completed = { ...listedOwn, completion: { completedAt: '2026-11-27T02:00:00Z' } }
    expect(withOwn([completed, other], [own])).toEqual([completed, other])
    const otherFanout = { ...listedOwn, tags: ['o/nightly'], fanout: fanoutKey(['o/nightly']) }
    expect(withOwn([otherFanout], [own])).toEqual([otherFanout, own])
    const otherAttempt = { ...listedOwn, runAttempt: 3 }
    expect(withOwn([otherAttempt], [own])).toEqual([otherAttempt, own])
    expect(withOwn([], [])).toEqual([])
  })

  test('recordMismatch: a record is believed only when its digest holds exactly the platforms it claims', () => {
    const record = parseRecord(valid, 'r.json')
    expect(recordMismatch(record, ['linux/arm64/v8'])).toBeUndefined()
    expect(recordMismatch(record, ['linux/amd64'])).toBe(
      `the record of web (attempt 2) says linux/arm64, but ${digest(1)} holds linux/amd64`,
    )
    expect(recordMismatch(record, [])).toContain('holds no platform image')
  })
})
