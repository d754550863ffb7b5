import { planTarget } from '../src/append-plan.js'
import { parseArgs } from '../src/cli.js'
import { readInputs } from '../src/inputs.js'
import {
  ATTESTATION_MANIFEST,
  type Descriptor,
  OCI_MANIFEST,
  REFERENCE_DIGEST,
  REFERENCE_TYPE,
} from '../src/oci/types.js'
import { type BuildRecord, parseRecord, recordName } from '../src/records.js'
import { escapeCell, markdownTable } from '../src/summary.js'
import { describeRepair, entriesFor, planVerify } from '../src/verify-plan.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')

describe('planTarget (append)', () => {
  test('groups tags by repository; a repository not pushed to copies from the same registry first', () => {
    const plan = planTarget(
      {
        name: 'web',
        platforms: ['linux/amd64'],
        definition: {},
        tags: ['ghcr.io/o/web:1', 'ghcr.io/o/web:latest', 'ghcr.io/o/mirror:1', 'docker.io/o/web:1'],
      },
      { target: 'web', digest: digest(1), repositories: ['docker.io/o/web', 'ghcr.io/o/web'] },
    )
    expect(plan.repositories).toEqual([
      { registry: 'ghcr.io', repository: 'o/web', tags: ['1', 'latest'] },
      {
        registry: 'ghcr.io',
        repository: 'o/mirror',
        tags: ['1'],
        copyFrom: { registry: 'ghcr.io', repository: 'o/web' },
      },
      { registry: 'docker.io', repository: 'o/web', tags: ['1'] },
    ])
  })

  test('another registry streams from the first source; no tags is an error', () => {
    const plan = planTarget(
      { name: 'web', platforms: [], definition: {}, tags: ['quay.io/o/web:1'] },
      { target: 'web', digest: digest(1), repositories: ['ghcr.io/o/web'] },
    )
    expect(plan.repositories[0].copyFrom).toEqual({ registry: 'ghcr.io', repository: 'o/web' })
    expect(() =>
      planTarget(
        { name: 'web', platforms: [], definition: {}, tags: [] },
        { target: 'web', digest: digest(1), repositories: ['a'] },
      ),
    ).toThrow("input 'targets': target 'web' has no tags")
  })
})

describe('planVerify', () => {
  const record = (platform: string, n: number, extra: Partial<BuildRecord> = {}): BuildRecord => ({
    version: 1,
    target: 'web',
    platforms: [platform],
    digest: digest(n),
    mediaType: 'application/vnd.oci.image.index.v1+json',
    size: 10,
    repositories: ['ghcr.io/o/web'],
    tags: ['ghcr.io/o/web:1', 'ghcr.io/o/web:latest'],
    createdAt: '2026-11-27T01:00:00.000Z',
    runAttempt: 1,
    ...extra,
  })

  test('one plan per tag with the records per platform', () => {
    const plans = planVerify([record('linux/amd64', 1), record('linux/arm64', 2)])
    expect(plans.map((p) => [p.ref, p.choices.map((c) => [c.platform, c.record.digest])])).toEqual([
      [
        'ghcr.io/o/web:1',
        [
          ['linux/amd64', digest(1)],
          ['linux/arm64', digest(2)],
        ],
      ],
      [
        'ghcr.io/o/web:latest',
        [
          ['linux/amd64', digest(1)],
          ['linux/arm64', digest(2)],
        ],
      ],
    ])
  })

  test.each([
    ['a later attempt wins', { runAttempt: 2, createdAt: '2026-11-27T00:00:00.000Z' }, digest(9)],
    ['within an attempt, the later record wins', { createdAt: '2026-11-27T02:00:00.000Z' }, digest(9)],
    ['an older record loses', { createdAt: '2026-11-27T00:30:00.000Z' }, digest(1)],
  ])('%s', (_name, extra, winner) => {
    const [plan] = planVerify([record('linux/amd64', 1), record('linux/amd64', 9, extra)])
    expect(plan.choices[0].record.digest).toBe(winner)
    expect(plan.choices[0].conflict).toMatch(/linux\/amd64: 2 records disagree/)
  })

  test('identical records are no conflict', () => {
    expect(planVerify([record('linux/amd64', 1), record('linux/amd64', 1)])[0].choices[0].conflict).toBeUndefined()
  })
})

describe('entriesFor and describeRepair', () => {
  const img = (n: number, architecture: string): Descriptor => ({
    mediaType: OCI_MANIFEST,
    digest: digest(n),
    size: 1,
    platform: { os: 'linux', architecture },
  })
  const att = (n: number, of: Descriptor): Descriptor => ({
    mediaType: OCI_MANIFEST,
    digest: digest(n),
    size: 1,
    platform: { os: 'unknown', architecture: 'unknown' },
    annotations: { [REFERENCE_DIGEST]: of.digest, [REFERENCE_TYPE]: ATTESTATION_MANIFEST },
  })
  const amd = img(1, 'amd64')
  const arm = img(2, 'arm64')

  test('entriesFor keeps the chosen platforms with their attestations', () => {
    expect(entriesFor([amd, arm, att(3, amd), att(4, arm)], new Set(['linux/arm64']))).toEqual([arm, att(4, arm)])
  })

  test('describeRepair names missing, stale and pruned platforms', () => {
    const s390x = img(5, 's390x')
    const newArm = img(6, 'arm64')
    expect(describeRepair([arm, s390x], [amd, newArm], new Set(['linux/amd64', 'linux/arm64']))).toEqual([
      'linux/amd64 repaired (was missing)',
      'linux/arm64 repaired (was stale)',
      'linux/s390x pruned',
    ])
  })
})

describe('summary', () => {
  test('cells are escaped: a tag cannot break the table or inject HTML', () => {
    expect(escapeCell('a|b<script>\nc')).toBe('a\\|b&lt;script&gt;<br>c')
    expect(markdownTable(['x', 'y'], [['1|2', { html: '<b>ok</b>' }]])).toBe(
      '| x | y |\n| --- | --- |\n| 1\\|2 | <b>ok</b> |\n',
    )
  })
})

describe('readInputs', () => {
  const read = (values: Record<string, string>, insideActions = false) =>
    readInputs((name) => values[name] ?? '', insideActions)

  test('defaults, lists and lines', () => {
    const inputs = read({
      mode: 'append',
      files: 'a.json, b.json\nc.json',
      set: '*.platform=linux/amd64,linux/arm64\n\n web.tags=x ',
    })
    expect(inputs).toMatchObject({
      files: ['a.json', 'b.json', 'c.json'],
      set: ['*.platform=linux/amd64,linux/arm64', 'web.tags=x'],
      workdir: '.',
      cache: 'none',
      settleSeconds: 3,
      dryRun: false,
      prune: false,
      maxEntries: 256,
    })
    expect(inputs.records).toBeUndefined()
    expect(read({ mode: 'verify' }, true).records).toBe('artifact')
  })

  test.each([
    [{ mode: '' }, "input 'mode': required"],
    [{ mode: 'matrix', cache: 's3' }, "input 'cache': 's3' is not one of none, gha"],
    [{ mode: 'matrix', 'dry-run': 'yes' }, "input 'dry-run': 'yes' is not true or false"],
    [{ mode: 'append', settle: '1e3' }, "input 'settle': '1e3' is not a number"],
    [{ mode: 'append', settle: '601' }, "input 'settle': '601' is not a number of seconds from 0 to 600"],
    [{ mode: 'matrix', files: 'x'.repeat(1024 * 1024 + 1) }, "input 'files': longer than 1048576 bytes"],
  ])('%j is refused', (values, message) => {
    expect(() => read(values)).toThrow(message)
  })
})

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
    expect(() => parseRecord({ ...valid, version: 2 }, 'r.json')).toThrow(
      'record r.json: not a version 1 bake-fanout record',
    )
    expect(() => parseRecord({ ...valid, digest: 'sha256:x' }, 'r.json')).toThrow(/not a valid digest/)
    expect(() => parseRecord({ ...valid, tags: [] }, 'r.json')).toThrow('record r.json: tags must be a non-empty list')
  })

  test('record names are the matrix slugs', () => {
    expect(recordName('web', ['linux/arm/v7'])).toBe('bake-fanout-web-linux-arm-v7')
    expect(recordName('web', ['linux/amd64', 'linux/arm64'])).toBe('bake-fanout-web-linux-amd64_web-linux-arm64')
  })
})

describe('CLI arguments', () => {
  test('flags named like the inputs; repeated flags add lines; booleans need no value', () => {
    const values = parseArgs([
      'verify',
      '--records',
      'dir',
      '--prune',
      '--annotations',
      'a=1',
      '--annotations=b=2',
      '--dry-run',
    ])
    expect(Object.fromEntries(values)).toEqual({
      mode: 'verify',
      records: 'dir',
      prune: 'true',
      annotations: 'a=1\nb=2',
      'dry-run': 'true',
    })
  })

  test.each([
    [['--files', 'x'], /usage: bake-fanout/],
    [['matrix', 'extra'], /unexpected argument 'extra'/],
    [['matrix', '--mode', 'x'], /unknown flag '--mode'/],
    [['matrix', '--files'], /flag '--files' needs a value/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
