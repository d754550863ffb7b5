/**
 * `matrix` on real bake files from public repositories, each with the selection its own
 * workflow makes: every entry, resolved as bake resolves its set lines (natively, and as
 * a real buildx printed them where the corpus holds that), builds its target exactly as
 * the author wrote it, for one platform, pushed by digest. See helpers/bake-corpus.ts for
 * where the corpus comes from (it is not committed: public repositories' content).
 */
import {
  type Fixture,
  builtTargets,
  buildxTargets,
  corpusDir,
  entryProblems,
  loadCorpus,
  planSelection,
} from '../helpers/bake-corpus.js'
import { perEntryCache } from '../../src/matrix/entry-lines.js'
import { formatEntry } from '../../src/bake/entries.js'

const dir = corpusDir()
const fixtures: Fixture[] = dir ? loadCorpus(dir) : []
const cases = fixtures.flatMap((f) => f.source.selection.targets.map((name) => [f.name, name, f] as const))

if (!dir) {
  test.skip('the bake corpus (BAKE_CORPUS or ../shared/bake-corpus) is not on this machine', () => {})
} else {
  test('the corpus has at least 20 printed files from public repositories, each with its source', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20)
    for (const { source } of fixtures) {
      expect(source.repository).toMatch(/^[\w.-]+\/[\w.-]+$/)
      expect(source.commit).toMatch(/^[0-9a-f]{40}$/)
    }
  })

  describe.each(cases)('%s: %s', (_name, selected, fixture) => {
    const outcome = planSelection(fixture, selected)

    test('every image target × platform is one entry; what pushes no image is left out or, named, refused', () => {
      if (outcome.kind === 'refused') {
        expect(outcome.message).toMatch(
          /pushes no image|builds no image|not an image|has no (tags|platforms)|builds for 'local'|has the name of a group/,
        )
        return
      }
      const jobs = outcome.entries.flatMap((e) => e.target.split('\n').map((t) => `${t} ${e.platform}`))
      const expected = outcome.images.flatMap((t) => t.platforms.map((p) => `${t.name} ${p}`))
      expect(jobs.sort()).toEqual(expected.sort())
      expect(outcome.leftOut).not.toContain(selected)
    })

    test('each entry builds its target as written, for its platform only, bases too (native resolution)', () => {
      if (outcome.kind === 'refused') return
      const problems = outcome.entries.flatMap((entry) =>
        outcome.images
          .filter((t) => entry.target.split('\n').includes(t.name))
          .flatMap((t) => {
            const names = [t.name, ...t.linked.map((l) => l.name)]
            return entryProblems(t, builtTargets(fixture, entry, names), entry.platform)
          }),
      )
      expect(problems).toEqual([])
    })

    test('no two platform jobs export to one cache', () => {
      if (outcome.kind === 'refused') return
      const exported = outcome.entries.flatMap((entry) =>
        entry.set
          .split('\n')
          .filter((line) => /^[\w-]+\.cache-to=/.test(line) && !/type=inline/.test(line))
          .map((line) => line.slice(line.indexOf('=') + 1)),
      )
      expect(new Set(exported).size).toBe(exported.length)
      expect(formatEntry(perEntryCache({ attrs: [['type', 'inline']] }, 'x'))).toBe('type=inline')
    })

    const printed = fixture.buildx?.[selected]
    // A selection matrix refuses has no entries for buildx to resolve.
    const withBuildx = outcome.kind === 'refused' ? () => {} : printed ? test : test.skip
    withBuildx("and as a real buildx resolves the entry's set lines over the author's own files", () => {
      if (outcome.kind === 'refused' || !printed) return
      // The stored prints are of these very set lines (else: node scripts/bake-corpus-print.mjs --buildx PATH).
      expect(printed.map((p) => p.set)).toEqual(outcome.entries.map((e) => e.set))
      const problems = outcome.entries.flatMap((entry, i) =>
        outcome.images
          .filter((t) => entry.target.split('\n').includes(t.name))
          .flatMap((t) => {
            const names = [t.name, ...t.linked.map((l) => l.name)]
            const byBuildx = buildxTargets(printed[i].print, names)
            const native = builtTargets(fixture, entry, names)
            const agree = JSON.stringify(comparable(byBuildx)) === JSON.stringify(comparable(native))
            return [...entryProblems(t, byBuildx, entry.platform), ...(agree ? [] : [`${t.name}: native ≠ buildx`])]
          }),
      )
      expect(problems).toEqual([])
    })
  })
}

/** What the fan-out decides of each target, by name, compared between buildx's resolution and ours. */
function comparable(targets: ReturnType<typeof builtTargets>) {
  return [...targets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => ({
      name: t.name,
      platforms: t.platforms,
      tags: t.tags,
      outputs: t.outputs,
      cacheFrom: t.cacheFrom,
      cacheTo: t.cacheTo,
    }))
}
