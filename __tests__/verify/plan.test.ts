import {
  ATTESTATION_MANIFEST,
  type Descriptor,
  OCI_MANIFEST,
  REFERENCE_DIGEST,
  REFERENCE_TYPE,
} from '../../src/oci/types.js'
import { entriesForPlatforms } from '../../src/image-index/entries.js'
import type { BuildRecord } from '../../src/records/record.js'
import {
  allOrNothing,
  describeRepair,
  missingPlatforms,
  orphanWait,
  planVerify,
  recordsForTags,
  refusalOf,
  uncheckedReleases,
} from '../../src/verify/plan.js'
import { fanoutKey, releaseOf } from '../../src/records/record.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')

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
    runId: '7',
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

  test("a tag's index annotations: its records' (the newer record wins a key), then the input's (which win)", () => {
    const older = record('linux/amd64', 1, { indexAnnotations: { a: 'old', b: 'old' } })
    const newer = record('linux/arm64', 2, {
      createdAt: '2026-11-27T02:00:00.000Z',
      indexAnnotations: { b: 'new', c: 'new' },
    })
    const other = record('linux/s390x', 3, { target: 'api', tags: ['ghcr.io/o/api:1'], indexAnnotations: { x: '1' } })
    // The order the records are listed in does not matter: only their times do.
    for (const records of [
      [older, newer, other],
      [other, newer, older],
    ]) {
      const plans = planVerify(records, [
        ['c', 'input'],
        ['d', 'input'],
      ])
      expect(Object.fromEntries(plans.map((p) => [p.ref, Object.fromEntries(p.annotations)]))).toEqual({
        'ghcr.io/o/web:1': { a: 'old', b: 'new', c: 'input', d: 'input' },
        'ghcr.io/o/web:latest': { a: 'old', b: 'new', c: 'input', d: 'input' },
        'ghcr.io/o/api:1': { x: '1', c: 'input', d: 'input' },
      })
    }
    expect(planVerify([record('linux/amd64', 1)])[0].annotations).toEqual([])
    // A superseded record (an earlier attempt of the platform) gives the tag nothing.
    const superseded = record('linux/amd64', 5, { indexAnnotations: { z: 'gone' } })
    const rerun = record('linux/amd64', 6, { runAttempt: 2, indexAnnotations: { a: 'kept' } })
    expect(planVerify([superseded, rerun])[0].annotations).toEqual([['a', 'kept']])
  })

  test("a tag's plan holds only the records that name that tag", () => {
    const api = record('linux/s390x', 3, { target: 'api', tags: ['ghcr.io/o/api:1'] })
    const plans = planVerify([record('linux/amd64', 1), api])
    expect(plans.map((p) => [p.ref, p.choices.map((c) => c.platform)])).toEqual([
      ['ghcr.io/o/web:1', ['linux/amd64']],
      ['ghcr.io/o/web:latest', ['linux/amd64']],
      ['ghcr.io/o/api:1', ['linux/s390x']],
    ])
  })

  test('verify given tags: only the records naming one, each narrowed to those tags, its fan-out kept', () => {
    const web = record('linux/amd64', 1)
    const narrowed = recordsForTags([web, record('linux/arm64', 2, { tags: ['ghcr.io/o/web:2'] })], ['ghcr.io/o/web:1'])
    expect(narrowed).toEqual([{ ...web, tags: ['ghcr.io/o/web:1'], fanout: fanoutKey(web.tags) }])
    expect(recordsForTags([web], ['ghcr.io/o/other:1'])).toEqual([])
  })

  test('identical records are no conflict', () => {
    expect(planVerify([record('linux/amd64', 1), record('linux/amd64', 1)])[0].choices[0].conflict).toBeUndefined()
  })
})

describe('entriesForPlatforms and describeRepair', () => {
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

  test('entriesForPlatforms keeps the chosen platforms with their attestations', () => {
    expect(entriesForPlatforms([amd, arm, att(3, amd), att(4, arm)], new Set(['linux/arm64']))).toEqual([
      arm,
      att(4, arm),
    ])
  })

  test('describeRepair names missing, stale and pruned platforms', () => {
    const s390x = img(5, 's390x')
    const newArm = img(6, 'arm64')
    expect(describeRepair([arm, s390x], [amd, newArm], new Set(['linux/amd64', 'linux/arm64']))).toEqual([
      'linux/amd64 repaired (was missing)',
      'linux/arm64 repaired (was stale)',
      'linux/s390x pruned',
    ])
    // A platform held as it was is no repair; another tool's platform kept is no prune.
    expect(describeRepair([amd, s390x], [amd, s390x], new Set(['linux/amd64']))).toEqual([])
  })
})

describe('verify plans: orphan waits and all or nothing', () => {
  const rec = (platform: string, extra: Partial<BuildRecord> = {}): BuildRecord => ({
    version: 2,
    target: 'web',
    platforms: [platform],
    targetPlatforms: ['linux/amd64', 'linux/arm64'],
    digest: digest(platform.length),
    mediaType: 'application/vnd.oci.image.index.v1+json',
    size: 10,
    repositories: ['ghcr.io/o/web'],
    tags: ['ghcr.io/o/web:1'],
    createdAt: '2026-11-27T01:00:00.000Z',
    runId: '7',
    runAttempt: 1,
    orphanHorizon: 30,
    ...extra,
  })
  const done = { completedAt: '2026-11-27T01:01:00.000Z' }

  test('one horizon for a record without its completion mark; none once a newer attempt of that job exists', () => {
    expect(orphanWait([rec('linux/amd64', { completion: done }), rec('linux/arm64')], 0)).toMatchObject({ ms: 30_000 })
    // "Re-run failed jobs": attempt 1 crashed long ago, attempt 2 is the job now.
    const rerun = [rec('linux/arm64'), rec('linux/arm64', { runAttempt: 2, completion: done })]
    expect(orphanWait(rerun, 0)).toEqual({ ms: 0, incomplete: [] })
    expect(orphanWait([rec('linux/arm64', { deferred: true })], 0).ms).toBe(0)
  })

  test('all or nothing per release: a missing platform of one fan-out never holds back another', () => {
    const stable = [rec('linux/amd64', { deferred: true }), rec('linux/arm64', { deferred: true })]
    const nightly = [rec('linux/amd64', { deferred: true, tags: ['ghcr.io/o/web:nightly'] })]
    const missing = missingPlatforms([...stable, ...nightly])
    expect([...missing]).toEqual([[releaseOf(nightly[0]), { target: 'web', platforms: ['linux/arm64'] }]])
    expect(missing.has(releaseOf(stable[0]))).toBe(false)
    // Records that state no target platforms cannot be checked: said, not guessed from the job's own.
    const bare = rec('linux/amd64', { deferred: true, targetPlatforms: undefined })
    expect(missingPlatforms([bare]).size).toBe(0)
    expect(uncheckedReleases([bare])).toEqual(['web'])
  })

  test('orphan waits: the default horizon for a record naming none; a pending horizon a job reported; jobs told apart', () => {
    expect(orphanWait([rec('linux/amd64', { orphanHorizon: undefined })], 0).ms).toBe(30_000)
    expect(orphanWait([rec('linux/amd64', { orphanHorizon: 90 })], 0).ms).toBe(90_000)
    const pending = { completedAt: done.completedAt, horizonUntil: '2026-11-27T01:00:40.000Z' }
    expect(orphanWait([rec('linux/amd64', { completion: pending })], Date.parse('2026-11-27T01:00:30.000Z')).ms).toBe(
      10_000,
    )
    // arm64's re-run does not excuse amd64's crashed job: two jobs, each its own newest attempt.
    const jobs = [rec('linux/amd64'), rec('linux/arm64', { runAttempt: 2, completion: done })]
    expect(orphanWait(jobs, 0)).toMatchObject({ ms: 30_000, incomplete: [jobs[0]] })
  })

  test('missing platforms: only of a defer run unless asked of any run; sorted; unchecked only where deferred', () => {
    const appended = [rec('linux/s390x', { targetPlatforms: ['linux/s390x', 'linux/arm64', 'linux/amd64'] })]
    expect(missingPlatforms(appended).size).toBe(0)
    expect([...missingPlatforms(appended, { deferredOnly: false }).values()]).toEqual([
      { target: 'web', platforms: ['linux/amd64', 'linux/arm64'] },
    ])
    expect(uncheckedReleases([rec('linux/amd64', { targetPlatforms: undefined })])).toEqual([])
    const mixed = [rec('linux/amd64', { deferred: true }), rec('linux/arm64', { targetPlatforms: undefined })]
    expect(uncheckedReleases(mixed)).toEqual([])
  })

  test("a refused release holds back its own tags only: another release's tags are written", () => {
    // Two targets in one deferred run; api's arm64 job failed. web's tags are written, api's none.
    const web = [rec('linux/amd64', { deferred: true }), rec('linux/arm64', { deferred: true })]
    const api = [
      rec('linux/amd64', { deferred: true, target: 'api', tags: ['ghcr.io/o/api:1', 'ghcr.io/o/api:latest'] }),
    ]
    const records = [...web, ...api]
    const { refused, partial } = allOrNothing(missingPlatforms(records), false)
    expect([...refused.keys()]).toEqual([releaseOf(api[0])])
    expect(partial).toEqual([])
    const why =
      "target api: no record of this run for linux/arm64 (its platform job failed, was cancelled or skipped): none of api's tags is written; 'partial: true' publishes what was built"
    expect(planVerify(records).map((p) => [p.ref, refusalOf(p.ref, records, refused)])).toEqual([
      ['ghcr.io/o/web:1', undefined],
      ['ghcr.io/o/api:1', why],
      ['ghcr.io/o/api:latest', why],
    ])
    // A tag both releases name is held back: it would publish the refused release's platforms too.
    const shared = [...web, { ...api[0], tags: ['ghcr.io/o/api:1', 'ghcr.io/o/web:1'] }]
    expect(refusalOf('ghcr.io/o/web:1', shared, allOrNothing(missingPlatforms(shared), false).refused)).toBe(why)
  })

  test('partial publishes what was built and says what is missing, refusing nothing', () => {
    const records = [rec('linux/amd64', { deferred: true })]
    const { refused, partial } = allOrNothing(missingPlatforms(records), true)
    expect(refused.size).toBe(0)
    expect(partial).toEqual([
      'target web: no record of this run for linux/arm64 (its platform job failed, was cancelled or skipped): publishing the platforms that were built (partial: true)',
    ])
  })
})
