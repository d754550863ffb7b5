/**
 * Each matrix entry builds its target as the author wrote it: resolved from a bake file,
 * planned, and its set lines applied back as bake applies --set.
 */
import { parseOverride } from '../../src/bake/overrides.js'
import { resolveBake } from '../../src/bake/resolve.js'
import { type BakeEntry, parseEntry } from '../../src/bake/entries.js'
import type { JsonObject } from '../../src/bake/types.js'
import { type MatrixEntry, buildMatrix } from '../../src/matrix/plan.js'
import { selectImageTargets } from '../../src/matrix/selection.js'
import { indexAnnotationsOf } from '../../src/bake/annotations.js'

const options = { runners: [], cache: 'none' as const, set: [] as string[], maxEntries: 256 }

function plan(target: JsonObject, extra: { set?: string[]; targets?: JsonObject; cache?: 'gha' } = {}) {
  const files = [{ name: 'docker-bake.json', content: { target: { app: target, ...extra.targets } } }]
  const set = extra.set ?? []
  const targets = resolveBake(files, { targets: ['app'], overrides: set.map(parseOverride), env: {} })
  const entries = buildMatrix(selectImageTargets(targets, []).images, { ...options, set, cache: extra.cache ?? 'none' })
  /** What bake builds for an entry: its set lines applied to the same files. */
  const built = (entry: MatrixEntry, name = 'app') =>
    resolveBake(files, { targets: [name], overrides: entry.set.split('\n').map(parseOverride), env: {} })[0]
  return { entries, built }
}

const attrs = (entry: BakeEntry) => Object.fromEntries(entry.attrs)
const tags = ['ghcr.io/o/app:1', 'docker.io/o/app:1']
const platforms = ['linux/amd64', 'linux/arm64']

describe("the author's image output is kept", () => {
  test('compression, its level, oci-mediatypes, rewrite-timestamp, force-compression, store: all kept; name and push ours; index annotations go to append', () => {
    const output =
      'type=registry,name=docker.io/o/other,push=false,compression=zstd,compression-level=9,force-compression=true,' +
      'oci-mediatypes=true,rewrite-timestamp=true,"annotation-index.org.opencontainers.image.description=An app, in short",store=false'
    const { entries, built } = plan({ tags, platforms, output: [output] })
    for (const entry of entries) {
      const [out, ...rest] = built(entry).outputs
      expect(rest).toEqual([])
      // The author's name and push are replaced, not shadowed by a later duplicate.
      expect(new Set(out.attrs.map(([key]) => key)).size).toBe(out.attrs.length)
      expect(attrs(out)).toEqual({
        type: 'registry',
        compression: 'zstd',
        'compression-level': '9',
        'force-compression': 'true',
        'oci-mediatypes': 'true',
        'rewrite-timestamp': 'true',
        store: 'false',
        name: 'ghcr.io/o/app,docker.io/o/app',
        'push-by-digest': 'true',
        'name-canonical': 'true',
        push: 'true',
      })
    }
  })

  test("after inherits and the user's --set, as bake resolves them: the child's output wins, a set line over both", () => {
    const targets = {
      base: { output: ['type=image,compression=gzip'] },
      mid: { inherits: ['base'], output: ['type=image,compression=estargz'] },
    }
    const inherited = plan({ inherits: ['mid'], tags, platforms }, { targets })
    expect(attrs(inherited.built(inherited.entries[0]).outputs[0]).compression).toBe('estargz')
    const overridden = plan(
      { inherits: ['mid'], tags, platforms },
      { targets, set: ['app.output=type=registry,compression=zstd'] },
    )
    const out = attrs(overridden.built(overridden.entries[0]).outputs[0])
    expect([out.type, out.compression]).toEqual(['registry', 'zstd'])
    // The user's output line is folded into the entry's, never forwarded beside it (bake would export twice).
    expect(overridden.entries[0].set).not.toContain('app.output=type=registry,compression=zstd\n')
  })

  test('a target without an output gets ours alone; a second, non-image output stays as written', () => {
    const none = plan({ tags, platforms })
    expect(none.built(none.entries[0]).outputs.map(attrs)).toEqual([
      {
        type: 'image',
        name: 'ghcr.io/o/app,docker.io/o/app',
        'push-by-digest': 'true',
        'name-canonical': 'true',
        push: 'true',
      },
    ])
    const two = plan({ tags, platforms, output: ['type=image', 'type=local,dest=out'] })
    expect(two.built(two.entries[0]).outputs.map((o) => attrs(o).type)).toEqual(['image', 'local'])
    expect(attrs(two.built(two.entries[0]).outputs[1])).toEqual({ type: 'local', dest: 'out' })
  })

  test("push=true from the user's set (bake-action's push) is folded into the output, not forwarded", () => {
    const { entries, built } = plan(
      { tags, platforms, output: ['type=image,compression=zstd'] },
      { set: ['*.push=true'] },
    )
    expect(entries[0].set).not.toMatch(/\*\.push/)
    expect(attrs(built(entries[0]).outputs[0])).toMatchObject({ compression: 'zstd', push: 'true' })
  })
})

test("index annotations leave the job's single-platform push (buildkit refuses them there) for the index append writes", () => {
  const output =
    'type=image,"annotation-index.org.opencontainers.image.description=An app, in short",annotation-index-descriptor.x=1,annotation.y=2'
  const { entries, built } = plan({ tags, platforms, output: [output] })
  const [out] = built(entries[0]).outputs
  expect(out.attrs.map(([key]) => key)).toEqual([
    'type',
    'annotation.y',
    'name',
    'push-by-digest',
    'name-canonical',
    'push',
  ])
  expect(indexAnnotationsOf([parseEntry(output, 'output', 'x')])).toEqual([
    ['org.opencontainers.image.description', 'An app, in short'],
  ])
  expect(indexAnnotationsOf([parseEntry('type=local,annotation-index.a=1', 'output', 'x')])).toEqual([])
})

test('a value holding a line break cannot ride in a set line: refused naming the target', () => {
  expect(() => plan({ tags, platforms, output: ['type=image,"annotation.x=a\nb"'] })).toThrow(
    "target 'app': a value holds a line break",
  )
})

describe('targets built on other targets (target: contexts)', () => {
  const targets = {
    base: { platforms: ['linux/amd64'], contexts: { root: 'target:root' }, 'cache-to': ['type=gha,scope=base'] },
    root: { platforms: ['linux/amd64', 'linux/arm64'] },
  }

  test('every linked target, two levels down, builds for the entry platform: no arm64 image on an amd64 base', () => {
    const { entries, built } = plan(
      { tags, platforms, contexts: { base: 'target:base' } },
      {
        targets,
        set: ['*.platform=linux/amd64,linux/arm64'],
      },
    )
    expect(entries.map((e) => e.platform)).toEqual(platforms)
    for (const entry of entries) {
      for (const name of ['app', 'base', 'root']) expect(built(entry, name).platforms).toEqual([entry.platform])
      // The base's own cache, unique per platform job like the target's.
      expect(built(entry, 'base').cacheTo.map(attrs)).toEqual([
        { type: 'gha', scope: `base-base-${entry.platform.replaceAll('/', '-')}` },
      ])
    }
  })

  test('a context loop and an unknown linked target are errors naming them', () => {
    const files = (t: JsonObject) => [{ name: 'f.json', content: { target: t } }]
    const loop = { app: { tags, platforms, contexts: { a: 'target:b' } }, b: { contexts: { c: 'target:app' } } }
    expect(() => resolveBake(files(loop), { targets: ['app'], overrides: [], env: {} })).toThrow(
      /contexts loop \(app → b → app\)/,
    )
    const unknown = { app: { tags, platforms, contexts: { a: 'target:nope' } } }
    expect(() => resolveBake(files(unknown), { targets: ['app'], overrides: [], env: {} })).toThrow(
      /a context names unknown target 'nope'/,
    )
  })
})

describe('caches per platform job', () => {
  const slugs = ['app-linux-amd64', 'app-linux-arm64']

  test("each job exports under its own ref and scope, and reads its own and the author's", () => {
    const { entries, built } = plan({
      tags,
      platforms,
      'cache-from': ['type=registry,ref=ghcr.io/o/app:cache', 'type=gha'],
      'cache-to': [
        'type=registry,ref=ghcr.io/o/app:cache,mode=max,compression=zstd',
        'type=gha,mode=max',
        'type=inline',
      ],
    })
    entries.forEach((entry, i) => {
      const target = built(entry)
      expect(target.cacheTo.map((e) => attrs(e))).toEqual([
        { type: 'registry', ref: `ghcr.io/o/app:cache-${slugs[i]}`, mode: 'max', compression: 'zstd' },
        { type: 'gha', mode: 'max', scope: `buildkit-${slugs[i]}` },
        { type: 'inline' },
      ])
      expect(target.cacheFrom.map((e) => attrs(e))).toEqual([
        { type: 'registry', ref: 'ghcr.io/o/app:cache' },
        { type: 'gha' },
        { type: 'registry', ref: `ghcr.io/o/app:cache-${slugs[i]}` },
        { type: 'gha', scope: `buildkit-${slugs[i]}` },
      ])
    })
  })

  test('a ref without a tag, s3/azblob names and a local dest are made unique too; cache: gha adds its own scope', () => {
    const cacheTo = ['type=registry,ref=ghcr.io/o/cache', 'type=s3,bucket=b,region=r', 'type=local,dest=/tmp/c']
    const more = [
      'type=azblob,name=nightly',
      'type=s3,bucket=b,name=main',
      'type=registry,ref=cache',
      'type=registry,ref=localhost:5000/c',
    ]
    const named = plan({ tags, platforms, 'cache-to': more })
    expect(named.built(named.entries[0]).cacheTo.map((e) => attrs(e))).toEqual([
      { type: 'azblob', name: 'nightly-app-linux-amd64' },
      { type: 's3', bucket: 'b', name: 'main-app-linux-amd64' },
      { type: 'registry', ref: 'cache:app-linux-amd64' },
      { type: 'registry', ref: 'localhost:5000/c:app-linux-amd64' },
    ])
    const { entries, built } = plan({ tags, platforms, 'cache-to': cacheTo }, { cache: 'gha' })
    const target = built(entries[1])
    expect(target.cacheTo.map((e) => attrs(e))).toEqual([
      { type: 'registry', ref: 'ghcr.io/o/cache:app-linux-arm64' },
      { type: 's3', bucket: 'b', region: 'r', name: 'buildkit-app-linux-arm64' },
      { type: 'local', dest: '/tmp/c-app-linux-arm64' },
      { type: 'gha', scope: 'app-linux-arm64', mode: 'max' },
    ])
    expect(target.cacheFrom.map((e) => attrs(e)).at(-2)).toEqual({ type: 'local', src: '/tmp/c-app-linux-arm64' })
    // No two jobs export to one cache.
    const exported = entries.flatMap((e) => built(e).cacheTo.map((c) => JSON.stringify(c)))
    expect(new Set(exported).size).toBe(exported.length)
  })
})

describe('what fans out', () => {
  const resolve = (target: JsonObject) =>
    resolveBake([{ name: 'f.json', content: { target: { x: target, img: { tags, platforms } } } }], {
      targets: ['x', 'img'],
      overrides: [],
      env: {},
    })

  test.each([
    [{ tags, platforms, output: ['type=local,dest=out'] }, 'exports type=local, not an image to a registry'],
    [{ tags, platforms, output: ['./bin'] }, 'exports type=local'],
    [{ tags, platforms, output: ['type=tar,dest=x.tar'] }, 'exports type=tar'],
    [{ tags, platforms, output: ['type=docker'] }, 'exports type=docker'],
    [{ tags, platforms, output: ['type=oci,dest=x'] }, 'exports type=oci'],
    [{ tags, platforms, output: ['type=cacheonly'] }, 'exports type=cacheonly'],
    [{ tags, platforms, call: 'check' }, "is a 'check' call: it builds no image"],
    [{ platforms }, 'has no tags'],
    [{ tags }, 'has no platforms'],
    [{ tags, platforms: ['local'] }, "builds for 'local'"],
  ])('%j is left out with its reason; named directly, refused', (target, why) => {
    const { images, leftOut } = selectImageTargets(resolve(target), [])
    expect(images.map((t) => t.name)).toEqual(['img'])
    expect(leftOut).toEqual([{ target: 'x', why: expect.stringContaining(why) }])
    expect(() => selectImageTargets(resolve(target), ['x'])).toThrow(`target 'x' ${leftOut[0].why}`)
  })

  test('a target a same-named group holds with others cannot be built alone: refused; a group holding only it, or a lint target so named, is fine', () => {
    const select = (content: JsonObject, targets: string[]) =>
      selectImageTargets(resolveBake([{ name: 'f.json', content }], { targets, overrides: [], env: {} }), targets)
    const target = { nginx: { tags, platforms }, drupal: { tags: ['o/drupal:1'], platforms } }
    expect(() => select({ group: { nginx: { targets: ['nginx', 'drupal'] } }, target }, ['drupal', 'nginx'])).toThrow(
      "target 'nginx' has the name of a group that holds more",
    )
    expect(select({ group: { nginx: { targets: ['nginx'] } }, target }, ['nginx']).images.map((t) => t.name)).toEqual([
      'nginx',
    ])
    const lint = { app: { tags, platforms }, validate: { call: 'check' }, lint: { call: 'check' } }
    const groups = { default: { targets: ['app', 'validate'] }, validate: { targets: ['validate', 'lint'] } }
    expect(select({ group: groups, target: lint }, []).leftOut.map((l) => l.target)).toEqual(['validate', 'lint'])
  })

  test('two image outputs are refused: a job pushes its build once, to the repositories of its tags', () => {
    const [x] = resolve({ tags, platforms, output: ['type=image,compression=zstd', 'type=registry,name=other/x'] })
    expect(() => selectImageTargets([x], [])).toThrow("target 'x' has 2 image outputs")
  })

  test('a selection with nothing left is an error listing each reason', () => {
    const [x] = resolve({ platforms })
    expect(() => selectImageTargets([x], [])).toThrow(/no target of the selection pushes an image: 'x' has no tags/)
  })
})

test('a target written with an output object (newer bake --print) is read the same', () => {
  const { entries, built } = plan({ tags, platforms, output: [{ type: 'registry', compression: 'zstd' }] })
  expect(attrs(built(entries[0]).outputs[0])).toMatchObject({ type: 'registry', compression: 'zstd', push: 'true' })
  expect(parseEntry(entries[0].set.split('\n')[2].slice('app.output='.length), 'output', 'x').attrs[0]).toEqual([
    'type',
    'registry',
  ])
})
