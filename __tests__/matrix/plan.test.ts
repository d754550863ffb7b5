import { imageTarget } from '../helpers/targets.js'
import { slugFor } from '../../src/common/slug.js'
import { buildMatrix } from '../../src/matrix/plan.js'
import { needsQemu, parseRunnerRules, runnerFor } from '../../src/matrix/runners.js'

const target = imageTarget
const options = { runners: [], cache: 'none' as const, set: [], maxEntries: 256 }

describe('buildMatrix', () => {
  test('one entry per target × platform, with the digest-push overrides', () => {
    const entries = buildMatrix(
      [
        target('web', ['linux/amd64', 'linux/arm64'], ['ghcr.io/o/web:1', 'ghcr.io/o/web:latest', 'docker.io/o/web:1']),
        target('db', ['linux/arm/v7']),
      ],
      options,
    )
    expect(entries).toEqual([
      {
        target: 'web',
        platform: 'linux/amd64',
        platforms: 'linux/amd64',
        runner: 'ubuntu-latest',
        qemu: false,
        slug: 'web-linux-amd64',
        tags: 'ghcr.io/o/web:1\nghcr.io/o/web:latest\ndocker.io/o/web:1',
        set: 'web.platform=linux/amd64\nweb.tags=\nweb.output=type=image,"name=ghcr.io/o/web,docker.io/o/web",push-by-digest=true,name-canonical=true,push=true',
      },
      {
        target: 'web',
        platform: 'linux/arm64',
        platforms: 'linux/arm64',
        runner: 'ubuntu-24.04-arm',
        qemu: false,
        slug: 'web-linux-arm64',
        tags: 'ghcr.io/o/web:1\nghcr.io/o/web:latest\ndocker.io/o/web:1',
        set: 'web.platform=linux/arm64\nweb.tags=\nweb.output=type=image,"name=ghcr.io/o/web,docker.io/o/web",push-by-digest=true,name-canonical=true,push=true',
      },
      {
        target: 'db',
        platform: 'linux/arm/v7',
        platforms: 'linux/arm/v7',
        runner: 'ubuntu-24.04-arm',
        qemu: false,
        slug: 'db-linux-arm-v7',
        tags: 'ghcr.io/o/db:1',
        set: 'db.platform=linux/arm/v7\ndb.tags=\ndb.output=type=image,"name=ghcr.io/o/db",push-by-digest=true,name-canonical=true,push=true',
      },
    ])
  })

  test('cache gha adds scoped cache lines; user overrides are forwarded except the planned keys', () => {
    const [entry] = buildMatrix([target('web', ['linux/amd64'])], {
      ...options,
      cache: 'gha',
      set: ['*.args.V=1', '*.tags=ghcr.io/o/x:2', 'web.platform=linux/amd64', 'web.output=type=docker'],
    })
    expect(entry.set.split('\n')).toEqual([
      '*.args.V=1',
      'web.platform=linux/amd64',
      'web.tags=',
      'web.output=type=image,"name=ghcr.io/o/web",push-by-digest=true,name-canonical=true,push=true',
      'web.cache-from=type=gha,scope=web-linux-amd64',
      'web.cache-to=type=gha,scope=web-linux-amd64,mode=max',
    ])
  })

  test('over maxEntries, targets sharing a platform and a runner are packed: every job kept, none over the limit', () => {
    const many = Array.from({ length: 65 }, (_, i) =>
      target(`t${i}`, ['linux/amd64', 'linux/arm64', 'linux/s390x', 'linux/ppc64le']),
    )
    expect(buildMatrix(many, { ...options, maxEntries: 1000 })).toHaveLength(260)
    const packed = buildMatrix(many, options)
    expect(packed.length).toBeLessThanOrEqual(256)
    const jobs = packed.flatMap((e) => e.target.split('\n').map((t) => `${t} ${e.platform}`))
    expect(new Set(jobs).size).toBe(260)
    expect(jobs).toHaveLength(260)
  })

  test('a packed entry: its targets newline-separated, each tag line names its target, each target its own set lines', () => {
    const entries = buildMatrix(
      [target('a', ['linux/amd64'], ['ghcr.io/o/a:1', 'ghcr.io/o/a:latest']), target('b', ['linux/amd64'])],
      { ...options, set: ['*.args.V=1'], maxEntries: 1 },
    )
    expect(entries).toEqual([
      {
        target: 'a\nb',
        platform: 'linux/amd64',
        platforms: 'linux/amd64',
        runner: 'ubuntu-latest',
        qemu: false,
        slug: 'a-linux-amd64-and-1-more',
        tags: 'a=ghcr.io/o/a:1\na=ghcr.io/o/a:latest\nb=ghcr.io/o/b:1',
        set: [
          '*.args.V=1',
          '*.platform=linux/amd64',
          '*.tags=',
          'a.output=type=image,"name=ghcr.io/o/a",push-by-digest=true,name-canonical=true,push=true',
          'b.output=type=image,"name=ghcr.io/o/b",push-by-digest=true,name-canonical=true,push=true',
        ].join('\n'),
      },
    ])
  })

  test('packing at 257 and at 1,000 targets × 4 platforms: at most 256 entries, balanced, one platform and runner each', () => {
    const platforms = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x']
    for (const count of [257, 1000]) {
      const targets = Array.from({ length: count }, (_, i) =>
        target(`t${i}`, count === 257 ? ['linux/amd64'] : platforms),
      )
      const entries = buildMatrix(targets, { ...options, maxOutputBytes: Infinity })
      expect(entries.length).toBeLessThanOrEqual(256)
      const sizes = entries.map((e) => e.target.split('\n').length)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(count * (count === 257 ? 1 : 4))
      for (const entry of entries) {
        const names = entry.target.split('\n')
        const perTarget = names.length > 1 ? ['*'] : names
        for (const name of perTarget) expect(entry.set).toContain(`${name}.platform=${entry.platform}\n`)
        for (const name of names) expect(entry.set).toContain(`${name}.output=type=image,`)
        expect(entry.tags.split('\n').map((line) => line.split('=')[0])).toEqual(
          names.length > 1 ? names : [expect.stringContaining('ghcr.io')],
        )
      }
      expect(new Set(entries.map((e) => e.slug)).size).toBe(entries.length)
    }
  })

  test("a matrix over GitHub's 1 MB of job outputs (UTF-16) is refused with its size; so is max-entries 0", () => {
    const long = (i: number) => [`ghcr.io/o/t${i}:1`, `ghcr.io/o/t${i}:${'v'.repeat(120)}`, `docker.io/o/t${i}:1`]
    const targets = Array.from({ length: 1000 }, (_, i) => target(`t${i}`, ['linux/amd64', 'linux/arm64'], long(i)))
    expect(() => buildMatrix(targets, options)).toThrow(
      /the matrix of 2000 jobs is \d+ kB as GitHub counts a job's outputs \(UTF-16\), over the 1000 kB/,
    )
    expect(() => buildMatrix(targets.slice(0, 2), { ...options, maxEntries: 0 })).toThrow(
      "input 'max-entries': must be at least 1",
    )
  })

  test('under maxEntries nothing is packed: entries target by target, platforms in order', () => {
    const entries = buildMatrix(
      [target('a', ['linux/amd64', 'linux/arm64']), target('b', ['linux/amd64', 'linux/arm64'])],
      {
        ...options,
        maxEntries: 4,
      },
    )
    expect(entries.map((e) => e.slug)).toEqual(['a-linux-amd64', 'a-linux-arm64', 'b-linux-amd64', 'b-linux-arm64'])
  })

  test('two jobs whose slugs would clash are refused (artifact and cache names must differ)', () => {
    expect(() => buildMatrix([target('a', ['linux/arm/v7']), target('a-linux', ['arm/v7'])], options)).toThrow(
      "share the slug 'a-linux-arm-v7'",
    )
  })

  test('more platform × runner pairs than entries cannot fit even packed: refused with the count', () => {
    const targets = [target('a', ['linux/amd64', 'linux/arm64', 'linux/s390x'])]
    expect(() => buildMatrix(targets, { ...options, maxEntries: 2 })).toThrow(
      /3 jobs over 3 platform × runner pairs; GitHub allows at most 2/,
    )
  })
})

describe('runners', () => {
  test('user rules first, globs, JSON-array labels, defaults after', () => {
    const rules = parseRunnerRules(['linux/arm*=["self-hosted","ARM64"]', 'linux/s390x=big-iron'])
    expect(runnerFor('linux/arm64', rules)).toEqual(['self-hosted', 'ARM64'])
    expect(runnerFor('linux/arm/v7', rules)).toEqual(['self-hosted', 'ARM64'])
    expect(runnerFor('linux/s390x', rules)).toBe('big-iron')
    expect(runnerFor('linux/amd64', rules)).toBe('ubuntu-latest')
    expect(runnerFor('linux/arm64', [])).toBe('ubuntu-24.04-arm')
  })

  test.each([
    ['linux/amd64', 'ubuntu-latest', false],
    ['linux/386', 'ubuntu-latest', false],
    ['linux/arm64', 'ubuntu-latest', true],
    ['linux/arm64', 'ubuntu-24.04-arm', false],
    ['linux/arm64', ['self-hosted', 'ARM64'], false],
    ['linux/arm/v7', 'ubuntu-24.04-arm', false],
    ['linux/arm/v6', 'ubuntu-24.04-arm', false],
    ['linux/arm/v7', 'ubuntu-latest', true],
    ['linux/s390x', 'ubuntu-latest', true],
  ])('%s on %j needs QEMU: %s', (platform, label, expected) => {
    expect(needsQemu(platform, label)).toBe(expected)
  })

  test('a runner-group object passes through as a JSON value, as runs-on takes it', () => {
    const rules = parseRunnerRules(['linux/arm64={"group": "arm-builders", "labels": ["linux", "arm64"]}'])
    expect(runnerFor('linux/arm64', rules)).toEqual({ group: 'arm-builders', labels: ['linux', 'arm64'] })
    expect(needsQemu('linux/arm64', runnerFor('linux/arm64', rules))).toBe(false)
    expect(needsQemu('linux/arm64', { group: 'x64-builders' })).toBe(true)
    expect(() => parseRunnerRules(['x={"group": 1}'])).toThrow(/takes 'group' and\/or 'labels'/)
    expect(() => parseRunnerRules(['x={"name": "a"}'])).toThrow(/takes 'group' and\/or 'labels'/)
    expect(() => parseRunnerRules(['x={oops'])).toThrow(/not a valid JSON object/)
  })

  test('Windows platforms default to a Linux runner without QEMU (buildx builds them there); an override still works', () => {
    expect(runnerFor('windows/amd64', [])).toBe('ubuntu-latest')
    expect(runnerFor('windows(10.0.20348.2322)/amd64', [])).toBe('ubuntu-latest')
    expect(needsQemu('windows/amd64', 'ubuntu-latest')).toBe(false)
    expect(runnerFor('windows/amd64', parseRunnerRules(['windows*=windows-2022']))).toBe('windows-2022')
    expect(needsQemu('windows/amd64', 'windows-latest')).toBe(false)
    expect(needsQemu('windows/arm64', 'ubuntu-latest')).toBe(false)
  })

  test('malformed rules are errors naming the input', () => {
    expect(() => parseRunnerRules(['linux/arm64'])).toThrow("input 'runners'")
    expect(() => parseRunnerRules(['x=[1]'])).toThrow(/non-empty strings/)
    expect(() => parseRunnerRules(['x=[oops'])).toThrow(/not a valid JSON array/)
  })
})

test('slugs are safe names', () => {
  expect(slugFor('web', 'linux/arm/v7')).toBe('web-linux-arm-v7')
})

test("an entry's set lines, applied as bake applies --set, build one platform with no tags and push by digest", async () => {
  const { parseOverride } = await import('../../src/bake/overrides.js')
  const { resolveBake } = await import('../../src/bake/resolve.js')
  const files = [
    {
      name: 'docker-bake.json',
      content: {
        target: { web: { tags: ['ghcr.io/o/web:1', 'docker.io/o/web:1'], platforms: ['linux/amd64', 'linux/arm64'] } },
      },
    },
  ]
  const userSet = ['*.args.V=1']
  const [base] = resolveBake(files, { targets: ['web'], overrides: userSet.map(parseOverride), env: {} })
  for (const entry of buildMatrix([base], { ...options, set: userSet, cache: 'gha' })) {
    const lines = entry.set.split('\n')
    const [built] = resolveBake(files, { targets: [entry.target], overrides: lines.map(parseOverride), env: {} })
    expect(built.platforms).toEqual([entry.platform])
    expect(built.tags).toEqual([])
    // The rest is buildx's to apply: the lines themselves say it (the user's set first, then ours).
    expect(lines).toEqual([
      '*.args.V=1',
      `web.platform=${entry.platform}`,
      'web.tags=',
      'web.output=type=image,"name=ghcr.io/o/web,docker.io/o/web",push-by-digest=true,name-canonical=true,push=true',
      `web.cache-from=type=gha,scope=${entry.slug}`,
      `web.cache-to=type=gha,scope=${entry.slug},mode=max`,
    ])
  }
})
