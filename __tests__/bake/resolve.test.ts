import { parseOverride } from '../../src/bake/overrides.js'
import { resolveBake, resolvePrinted } from '../../src/bake/resolve.js'
import { type BakeFile, UnsupportedBakeError } from '../../src/bake/types.js'
import { InputError } from '../../src/common/errors.js'

const file = (content: object, name = 'docker-bake.json'): BakeFile => ({
  name,
  content: content as BakeFile['content'],
})

function resolve(files: BakeFile[], targets: string[] = [], set: string[] = [], env: Record<string, string> = {}) {
  return resolveBake(files, { targets, overrides: set.map(parseOverride), env })
}

const summary = (files: BakeFile[], targets?: string[], set?: string[], env?: Record<string, string>) =>
  resolve(files, targets, set, env).map((t) => ({ name: t.name, tags: t.tags, platforms: t.platforms }))

describe('groups', () => {
  const bake = file({
    group: {
      default: { targets: ['all'] },
      all: { targets: ['web', 'backend'] },
      backend: { targets: ['api', 'worker', 'web'] },
    },
    target: {
      web: { tags: ['web'], platforms: ['linux/amd64'] },
      api: { tags: ['api'], platforms: ['linux/amd64'] },
      worker: { tags: ['worker'], platforms: ['linux/amd64'] },
    },
  })

  test('nested groups expand depth-first without duplicates; default is the default', () => {
    expect(resolve([bake]).map((t) => t.name)).toEqual(['web', 'api', 'worker'])
  })

  test('a named target or group, and globs', () => {
    expect(resolve([bake], ['backend']).map((t) => t.name)).toEqual(['api', 'worker', 'web'])
    expect(resolve([bake], ['w*']).map((t) => t.name)).toEqual(['web', 'worker'])
  })

  test('unknown names are an error naming the input', () => {
    expect(() => resolve([bake], ['nope'])).toThrow(new InputError('targets', "unknown target or group 'nope'"))
    expect(() => resolve([file({ target: { a: {} } })])).toThrow(/no targets given.*'default' group/)
    const badGroup = file({ group: { default: { targets: ['ghost'] } }, target: {} })
    expect(() => resolve([badGroup])).toThrow(/unknown target or group 'ghost' \(in group 'default'\)/)
  })
})

describe('inherits', () => {
  test('multi-level: later parents override earlier, the child overrides all; maps merge per key', () => {
    const bake = file({
      target: {
        base: {
          tags: ['base'],
          platforms: ['linux/amd64'],
          args: { A: 'base', B: 'base' },
          dockerfile: 'base.Dockerfile',
        },
        mid: { inherits: ['base'], args: { B: 'mid' }, platforms: ['linux/arm64'] },
        other: { tags: ['other'], args: { C: 'other' } },
        leaf: { inherits: ['mid', 'other'], args: { D: 'leaf' } },
      },
    })
    const [leaf] = resolve([bake], ['leaf'])
    expect(leaf.tags).toEqual(['docker.io/library/other:latest'])
    expect(leaf.platforms).toEqual(['linux/arm64'])
  })

  test('a cycle is an error that shows the cycle', () => {
    const bake = file({ target: { a: { inherits: ['b'] }, b: { inherits: ['c'] }, c: { inherits: ['a'] } } })
    expect(() => resolve([bake], ['a'])).toThrow('inherits cycle: a → b → c → a')
  })

  test('an unknown parent is an error', () => {
    expect(() => resolve([file({ target: { a: { inherits: ['zz'] } } })], ['a'])).toThrow(
      /inherits unknown target 'zz'/,
    )
  })

  test('a later file merges into the same target', () => {
    const first = file({ target: { a: { tags: ['a:1'], platforms: ['linux/amd64'], args: { X: '1' } } } })
    const second = file({ target: { a: { platforms: ['linux/arm64'], args: { Y: '2' } } } }, 'override.json')
    const [a] = resolve([first, second], ['a'])
    expect(a.platforms).toEqual(['linux/arm64'])
    expect(a.tags).toEqual(['docker.io/library/a:1'])
  })
})

describe('variables', () => {
  const bake = file({
    variable: { REPO: { default: 'ghcr.io/acme' }, TAG: { default: '${BASE}-dev' }, BASE: { default: '1.0' } },
    target: { app: { tags: ['${REPO}/app:${TAG}'], labels: { note: '$${LITERAL}' }, platforms: ['linux/amd64'] } },
  })

  test('defaults, nested defaults and the $${ escape', () => {
    const [app] = resolve([bake], ['app'])
    expect(app.tags).toEqual(['ghcr.io/acme/app:1.0-dev'])
  })

  test('environment overrides a default', () => {
    const [app] = resolve([bake], ['app'], [], { TAG: 'v2', REPO: 'docker.io/acme' })
    expect(app.tags).toEqual(['docker.io/acme/app:v2'])
  })

  test('a whole-string reference keeps a list value', () => {
    const listBake = file({
      variable: { PLATFORMS: { default: ['linux/amd64', 'linux/arm64'] } },
      target: { a: { tags: ['a'], platforms: '${PLATFORMS}' } },
    })
    expect(resolve([listBake], ['a'])[0].platforms).toEqual(['linux/amd64', 'linux/arm64'])
  })

  test('functions and expressions are handed to buildx', () => {
    const fn = file({ variable: { V: { default: 'x' } }, target: { a: { tags: ['${upper(V)}'] } } })
    expect(() => resolve([fn], ['a'])).toThrow(UnsupportedBakeError)
    expect(() => resolve([fn], ['a'])).toThrow(
      /docker-bake.json: target.a.tags\[0\]: the expression '\$\{upper\(V\)\}'/,
    )
    const matrix = file({ target: { a: { matrix: { x: ['1'] } } } })
    expect(() => resolve([matrix], ['a'])).toThrow(UnsupportedBakeError)
  })

  test('an unknown variable is an error', () => {
    expect(() => resolve([file({ target: { a: { tags: ['${NOPE}'] } } })], ['a'])).toThrow(/unknown variable 'NOPE'/)
  })
})

describe('set overrides', () => {
  const bake = file({
    target: {
      base: { platforms: ['linux/amd64'] },
      web: { inherits: ['base'], tags: ['web:1'] },
      'web-debug': { tags: ['web:debug'], platforms: ['linux/amd64'] },
      api: { tags: ['api:1'], platforms: ['linux/amd64'] },
    },
  })
  const all = ['web', 'web-debug', 'api']

  test.each([
    [
      'glob pattern',
      ['web*.platform=linux/arm64'],
      { web: ['linux/arm64'], 'web-debug': ['linux/arm64'], api: ['linux/amd64'] },
    ],
    [
      '* with a comma list',
      ['*.platform=linux/amd64,linux/arm64'],
      {
        web: ['linux/amd64', 'linux/arm64'],
        'web-debug': ['linux/amd64', 'linux/arm64'],
        api: ['linux/amd64', 'linux/arm64'],
      },
    ],
    [
      '+= appends',
      ['api.platform+=linux/s390x'],
      { web: ['linux/amd64'], 'web-debug': ['linux/amd64'], api: ['linux/amd64', 'linux/s390x'] },
    ],
    [
      'repeated keys accumulate',
      ['api.platform=linux/arm64', 'api.platform=linux/ppc64le'],
      { web: ['linux/amd64'], 'web-debug': ['linux/amd64'], api: ['linux/arm64', 'linux/ppc64le'] },
    ],
    [
      'a parent override reaches the child',
      ['base.platform=linux/riscv64'],
      { web: ['linux/riscv64'], 'web-debug': ['linux/amd64'], api: ['linux/amd64'] },
    ],
  ])('%s', (_name, set, expected) => {
    const got = Object.fromEntries(resolve([bake], all, set).map((t) => [t.name, t.platforms]))
    expect(got).toEqual(expected)
  })

  test('tags= clears the tags; other keys are checked and left to buildx', () => {
    const [web] = resolve([bake], ['web'], ['web.tags=', 'web.args.FOO=bar,baz', 'web.output=type=image'])
    expect(web.tags).toEqual([])
    expect(web.platforms.length).toBeGreaterThan(0)
  })

  test('bad overrides name the set input', () => {
    expect(() => parseOverride('web.nope=1')).toThrow(/unknown key 'nope'/)
    expect(() => parseOverride('webtags')).toThrow(/expected target.key=value/)
    expect(() => parseOverride('web.args=1')).toThrow(/args needs a name/)
    expect(() => parseOverride('web.push=maybe')).toThrow(/true or false/)
    expect(() => resolve([bake], ['web'], ['zz*.tags=x'])).toThrow(new InputError('set', "no target matches 'zz*'"))
  })
})

describe('validation of the result', () => {
  test('tags are normalised and deduplicated; platforms normalised', () => {
    const bake = file({
      target: { a: { tags: ['a', 'docker.io/library/a:latest', 'u/a:1'], platforms: ['linux/arm64/v8', 'linux/arm'] } },
    })
    expect(summary([bake], ['a'])).toEqual([
      {
        name: 'a',
        tags: ['docker.io/library/a:latest', 'docker.io/u/a:1'],
        platforms: ['linux/arm64', 'linux/arm/v7'],
      },
    ])
  })

  test.each([
    ['uppercase repository', { tags: ['ghcr.io/Org/app:1'] }, /target 'a'.*must be lowercase/],
    ['bad characters', { tags: ['ghcr.io/org/app;id:1'] }, /bad characters/],
    ['over-long tag', { tags: ['app:' + 'x'.repeat(200)] }, /1-128 characters/],
    ['unknown platform', { tags: ['a'], platforms: ['linux/amd65'] }, /unknown architecture/],
    [
      'duplicate platform',
      { tags: ['a'], platforms: ['linux/amd64', 'linux/arm64', 'linux/amd64'] },
      /duplicate platform 'linux\/amd64'/,
    ],
    ['equivalent platforms', { tags: ['a'], platforms: ['linux/arm64', 'linux/arm64/v8'] }, /duplicate platform/],
    ['tags not a list', { tags: 'a' }, /tags must be a list of strings/],
  ])('%s is an error', (_name, target, message) => {
    expect(() => resolve([file({ target: { a: target } })], ['a'])).toThrow(message)
  })
})

test('resolvePrinted expands groups of buildx --print output', () => {
  const printed = {
    group: { default: { targets: ['web'] }, all: { targets: ['web', 'db'] } },
    target: {
      web: { context: '.', tags: ['ghcr.io/o/web:1'], platforms: ['linux/amd64', 'linux/arm64'] },
      db: { context: '.', tags: ['ghcr.io/o/db:1'], platforms: ['linux/amd64'] },
    },
  }
  expect(resolvePrinted(printed, ['all']).map((t) => [t.name, t.tags, t.platforms])).toEqual([
    ['web', ['ghcr.io/o/web:1'], ['linux/amd64', 'linux/arm64']],
    ['db', ['ghcr.io/o/db:1'], ['linux/amd64']],
  ])
  expect(resolvePrinted(printed, []).map((t) => t.name)).toEqual(['web'])
})

describe('documented bounds: a runaway generator gets an error naming the file and key', () => {
  test('an inherits chain 20,000 deep', () => {
    const target: Record<string, object> = { t0: { tags: ['a'], platforms: ['linux/amd64'] } }
    for (let i = 1; i <= 20_000; i++) target[`t${i}`] = { inherits: [`t${i - 1}`] }
    // The error names the bound (64), not a stack overflow: the walk stops there, whatever the chain's length.
    expect(() => resolve([file({ target })], ['t20000'])).toThrow(
      new InputError('files', "target 't20000': its inherits chain is deeper than 64 targets (at 't19936')"),
    )
  })

  test('variables that double 40 levels deep', () => {
    const variable: Record<string, object> = { V0: { default: 'xxxxxxxxxxxxxxxx' } }
    for (let i = 1; i <= 40; i++) variable[`V${i}`] = { default: `\${V${i - 1}}\${V${i - 1}}` }
    const bake = file({ variable, target: { a: { tags: ['a:${V40}'], platforms: ['linux/amd64'] } } })
    expect(() => resolve([bake], ['a'])).toThrow(
      /docker-bake\.json: variable\.V\d+\.default: expands to more than 1048576/,
    )
  })

  test('variables that refer to each other 100 deep', () => {
    const variable: Record<string, object> = { V0: { default: 'x' } }
    for (let i = 1; i <= 100; i++) variable[`V${i}`] = { default: `\${V${i - 1}}` }
    const bake = file({ variable, target: { a: { tags: ['a:${V100}'], platforms: ['linux/amd64'] } } })
    expect(() => resolve([bake], ['a'])).toThrow(/refer to each other more than 64 deep/)
  })
})

test('a push override changes the outputs as current buildx does', async () => {
  const { parseOverride } = await import('../../src/bake/overrides.js')
  const { resolveBake } = await import('../../src/bake/resolve.js')
  const outputsOf = (output: string[] | undefined, push: string) => {
    const content = { target: { t: { ...(output && { output }) } } }
    const [t] = resolveBake([{ name: 'f.json', content }], {
      targets: ['t'],
      overrides: [parseOverride(`t.push=${push}`)],
      env: {},
    })
    return t.outputs.map((o) => Object.fromEntries(o.attrs))
  }
  expect(outputsOf(undefined, 'true')).toEqual([{ type: 'image', push: 'true' }])
  expect(outputsOf(['type=docker'], 'true')).toEqual([{ type: 'docker' }, { type: 'image', push: 'true' }])
  expect(outputsOf(['type=image,compression=zstd'], 'true')).toEqual([
    { type: 'image', compression: 'zstd', push: 'true' },
  ])
  expect(outputsOf(['type=registry', 'type=local,dest=out'], 'true')).toEqual([
    { type: 'registry' },
    { type: 'local', dest: 'out' },
  ])
  expect(outputsOf(['type=registry', 'type=image'], 'false')).toEqual([{ type: 'image', push: 'false' }])
})

describe('groups as buildx expands them', () => {
  const resolveNames = async (content: object, targets: string[]) => {
    const { resolveBake } = await import('../../src/bake/resolve.js')
    return resolveBake([{ name: 'f.json', content: content as never }], { targets, overrides: [], env: {} })
  }

  test('a group listing a target of its own name names that target; a group seen twice adds nothing twice', async () => {
    const content = {
      group: { default: { targets: ['web', 'all'] }, web: { targets: ['web', 'db'] }, all: { targets: ['web'] } },
      target: { web: {}, db: {} },
    }
    expect((await resolveNames(content, [])).map((t) => t.name)).toEqual(['web', 'db'])
  })

  test('bake <name> builds a same-named group: a target is flagged when that group holds anything but itself', async () => {
    const content = {
      group: { solo: { targets: ['solo'] }, other: { targets: ['elsewhere'] }, pair: { targets: ['pair', 'x'] } },
      target: { solo: {}, other: {}, elsewhere: {}, pair: {}, x: {} },
    }
    const flags = Object.fromEntries(
      (await resolveNames(content, ['solo', 'other', 'pair', 'x'])).map((t) => [t.name, t.nameBuildsGroup]),
    )
    expect(flags).toEqual({ solo: false, elsewhere: false, pair: true, x: false })
    // `other` is a group here (as bake reads the name), holding `elsewhere`; the target `other` is not selected.
  })

  test('an unknown member is named with the first group that lists it', async () => {
    const content = { group: { a: { targets: ['nope'] }, b: { targets: ['nope'] } }, target: {} }
    await expect(resolveNames(content, ['a', 'b'])).rejects.toThrow("unknown target or group 'nope' (in group 'a')")
  })

  test('buildx --print output that is no bake definition is refused', async () => {
    const { resolvePrinted } = await import('../../src/bake/resolve.js')
    expect(() => resolvePrinted({ group: {} }, [])).toThrow('did not print a bake definition')
    expect(() => resolvePrinted([], [])).toThrow('did not print a bake definition')
  })
})
