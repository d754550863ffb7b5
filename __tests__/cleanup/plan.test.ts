import {
  type RunFacts,
  type WalkedManifest,
  descendants,
  finalCheck,
  listedCandidates,
  protectedDigests,
  versionsToWalk,
} from '../../src/cleanup/plan.js'
import type { PackageVersion } from '../../src/cleanup/packages-api.js'
import { packagesOf } from '../../src/cleanup/packages.js'
import { intermediatesNotice } from '../../src/cleanup/notice.js'
import type { BuildRecord } from '../../src/records/record.js'

const d = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`
const START = Date.parse('2026-12-06T10:00:00Z')
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString()
const version = (id: number, digest: string, tags: string[] = [], created = 10): PackageVersion => ({
  id,
  digest,
  tags,
  createdAt: at(created),
})
const run: RunFacts = { written: new Set([d(1), d(2), d(3), d(4), d(5)]), finals: new Set([d(5)]), runStartedAt: START }

describe('listedCandidates: only the run\u2019s own superseded, untagged, newer indexes', () => {
  test('a written digest that is final, tagged, or older than the run is kept, with why; foreign versions are ignored', () => {
    const versions = [
      version(1, d(1)),
      version(2, d(2), ['pinned']),
      version(3, d(3), [], -60),
      version(5, d(5), ['latest']),
      version(9, d(9)), // another run's (or tool's) untagged version: never ours to consider
    ]
    const { candidates, kept } = listedCandidates(versions, run)
    expect(candidates.map((v) => v.id)).toEqual([1])
    expect(kept.map((k) => [k.version.id, k.why])).toEqual([
      [2, 'tagged pinned'],
      [3, 'created before the run started (an earlier run)'],
      [5, "a tag's final digest"],
    ])
  })

  test('a final is kept even when GitHub shows it untagged (a lagging listing)', () => {
    expect(listedCandidates([version(5, d(5))], run).candidates).toEqual([])
  })

  test('an unreadable created_at is no proof of being newer', () => {
    const odd = { ...version(1, d(1)), createdAt: 'yesterday' }
    expect(listedCandidates([odd], run).candidates).toEqual([])
  })
})

describe('protection: children of tagged indexes (nested), subjects, fallback tags', () => {
  const walked = new Map<string, WalkedManifest>([
    [d(20), { digest: d(20), children: [d(21), d(1)] }], // tagged, nests the run's index d(1)
    [d(1), { digest: d(1), children: [d(30), d(31)] }],
    [d(40), { digest: d(40), children: [], subject: d(2) }], // an untagged referrer of d(2)
    [d(3), { digest: d(3), children: [d(32)] }], // untagged: its children are not protected
  ])
  const versions = [
    version(20, d(20), ['v1']),
    version(1, d(1)),
    version(40, d(40)),
    version(3, d(3)),
    version(50, d(50), [`sha256-${d(4).slice(7)}`]),
  ]

  test('every digest below a tagged index, every subject, and the digest a sha256- tag names', () => {
    expect([...protectedDigests(versions, walked)].sort()).toEqual([d(1), d(2), d(4), d(21), d(30), d(31)].sort())
  })

  test('descendants walk nested indexes and stop at cycles', () => {
    const loop = new Map<string, WalkedManifest>([
      [d(1), { digest: d(1), children: [d(2)] }],
      [d(2), { digest: d(2), children: [d(1)] }],
    ])
    expect([...descendants(d(1), loop)].sort()).toEqual([d(1), d(2)])
  })

  test('the walk covers tagged versions and everything created since the run started', () => {
    const list = [version(1, d(1), [], -5), version(2, d(2), ['x'], -500), version(3, d(3), [], 0)]
    expect(versionsToWalk(list, START).map((v) => v.id)).toEqual([2, 3])
  })
})

describe('finalCheck: the conditions at the moment of the DELETE', () => {
  const candidate = version(1, d(1))
  const now = { fresh: candidate, tagDigests: new Set<string>(), protect: new Set<string>(), run }

  test('all hold: it may go', () => {
    expect(finalCheck(candidate, now)).toBeUndefined()
  })

  test('tagged on a fresh read (a tag moved onto it since the listing)', () => {
    expect(finalCheck(candidate, { ...now, fresh: { ...candidate, tags: ['moved'] } })).toBe('tagged moved')
  })

  test('a tag of the run resolves to it on the registry (GitHub not caught up)', () => {
    expect(finalCheck(candidate, { ...now, tagDigests: new Set([d(1)]) })).toBe('a tag of the run resolves to it')
  })

  test('protected as a child or a subject', () => {
    expect(finalCheck(candidate, { ...now, protect: new Set([d(1)]) })).toMatch(/child of a tagged index/)
  })

  test('gone, or the id now names another digest', () => {
    expect(finalCheck(candidate, { ...now, fresh: undefined })).toBe('gone already')
    expect(finalCheck(candidate, { ...now, fresh: { ...candidate, digest: d(2) } })).toMatch(/now names/)
  })
})

describe('packagesOf: the GHCR repositories of the run, as packages', () => {
  const record = (tags: string[], written: Array<[string, string]>, createdAt = at(0)) =>
    ({
      target: 't',
      platforms: ['linux/amd64'],
      digest: d(99),
      tags,
      createdAt,
      completion: { completedAt: at(60), written: written.map(([ref, digest]) => ({ ref, digest })) },
    }) as unknown as BuildRecord

  test('owner/a/b is package a/b of owner; other registries are left out; the first record dates the run', () => {
    const records = [
      record(
        ['ghcr.io/o/a/b:1', 'docker.io/o/x:1'],
        [
          ['ghcr.io/o/a/b:1', d(1)],
          ['docker.io/o/x:1', d(2)],
        ],
        at(5),
      ),
      record(['ghcr.io/o/a/b:1'], [['ghcr.io/o/a/b:1', d(3)]], at(0)),
    ]
    const finals = new Map([
      ['ghcr.io/o/a/b:1', d(4)],
      ['docker.io/o/x:1', d(5)],
    ])
    expect(packagesOf('ghcr.io', records, finals)).toEqual([
      {
        registry: 'ghcr.io',
        repository: 'o/a/b',
        owner: 'o',
        name: 'a/b',
        tags: ['1'],
        written: new Set([d(1), d(3)]),
        finals: new Set([d(4)]),
        failed: [],
        runStartedAt: START,
      },
    ])
  })

  test('a tag verify could not write is named (its final is unknown); tags verify did not act on add no written digests', () => {
    const records = [record(['ghcr.io/o/p:1', 'ghcr.io/o/p:2'], [['ghcr.io/o/p:2', d(1)]])]
    const [pkg] = packagesOf('ghcr.io', records, new Map([['ghcr.io/o/p:1', undefined]]))
    expect(pkg).toMatchObject({ tags: ['1', '2'], failed: ['1'], written: new Set() })
  })
})

describe('the append notice', () => {
  test('counts the versions created on the GHCR registry (one per digest and package), none elsewhere', () => {
    const written = [
      { ref: 'ghcr.io/o/p:1', digest: d(1) },
      { ref: 'ghcr.io/o/p:2', digest: d(1) },
      { ref: 'ghcr.io/o/p:2', digest: d(2) },
      { ref: 'ghcr.io/o/q:1', digest: d(1) },
      { ref: 'docker.io/o/p:1', digest: d(3) },
    ]
    expect(intermediatesNotice(written, 'ghcr.io')).toMatch(
      /created 3 package versions; each that no tag ends on stays behind untagged/,
    )
    expect(intermediatesNotice(written.slice(4), 'ghcr.io')).toBeUndefined()
  })
})
