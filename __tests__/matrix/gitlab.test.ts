/**
 * `matrix --format gitlab`: the child pipeline parsed back (as YAML 1.1, GitLab's parser,
 * and 1.2), its shape checked as GitLab's CI schema has it, and every script line run by
 * a real POSIX sh: the words the shell hands to docker and bake-fanout are exactly the
 * entry's, whatever a set line, target or tag holds.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'
import {
  GITLAB_NEEDS_LIMIT,
  GITLAB_RUNNER_RULES,
  gitlabPipeline,
  runnerTags,
  shellWord,
} from '../../src/matrix/gitlab.js'
import { imageTarget } from '../helpers/targets.js'
import { buildMatrix, type MatrixEntry } from '../../src/matrix/plan.js'
import { parseRunnerRules, runnerFor } from '../../src/matrix/runners.js'
import { tempDir } from '../helpers/fixtures.js'

type Job = {
  stage: string
  needs?: Array<{ job: string; artifacts: boolean }>
  tags: string[]
  image: string
  services?: string[]
  variables?: Record<string, string | { value: string; expand: boolean }>
  before_script: string[]
  script: string[]
  artifacts?: { paths: string[]; expire_in: string }
}

const TAGS = { app: ['registry.gitlab.com/g/app:1.2.3', 'registry.gitlab.com/g/app:latest'] }
const rules = [...parseRunnerRules(['linux/s390x=["self-hosted","s390x"]']), ...GITLAB_RUNNER_RULES]

function entries(
  set: string[] = [],
  targets = [{ name: 'app', tags: TAGS.app, platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x'] }],
) {
  const resolved = targets.map((t) => imageTarget(t.name, t.platforms, t.tags))
  return buildMatrix(resolved, { runners: rules, cache: 'none', set, maxEntries: 256 })
}

function render(list: readonly MatrixEntry[], tags: Record<string, string[]> = TAGS, set: string[] = []) {
  const text = gitlabPipeline(list, {
    files: ['cwd://docker-bake.json'],
    workdir: '.',
    set,
    tags,
    publishRunner: runnerFor('linux/amd64', rules),
    version: '9.9.9',
  })
  // GitLab reads YAML 1.1 (Ruby's Psych): both readings must agree.
  const doc = parse(text, { version: '1.1' }) as Record<string, unknown>
  expect(parse(text)).toEqual(doc)
  return { text, doc, job: (name: string) => doc[name] as Job }
}

/** The words a POSIX sh hands to `docker` and `$BAKE_FANOUT` for a script line (each call's words, NUL-split). */
function shellWords(line: string, cwd: string): string[][] {
  const prelude = `docker() { printf '%s\\0' "$@"; printf '\\n'; }; bf() { printf '%s\\0' append-or-verify "$@"; printf '\\n'; }; BAKE_FANOUT=bf; `
  const out = execFileSync('sh', ['-c', prelude + line], {
    cwd,
    env: { PATH: process.env.PATH, CI_PROJECT_DIR: '/builds/g/app' },
  })
  return out
    .toString('utf8')
    .split('\0\n')
    .filter((call) => call !== '')
    .map((call) => call.split('\0'))
}

describe('matrix --format gitlab', () => {
  test('one build job per entry on its runner tags, then publish needing every one of them', () => {
    const list = entries()
    const { doc, job } = render(list)
    expect(Object.keys(doc)).toEqual([
      'stages',
      'variables',
      'build:app-linux-amd64',
      'build:app-linux-arm64',
      'build:app-linux-arm-v7',
      'build:app-linux-s390x',
      'publish',
    ])
    expect(doc.stages).toEqual(['build', 'publish'])
    expect(doc.variables).toEqual({ BAKE_FANOUT: 'npx --yes ./vendor/bake-fanout-9.9.9.tgz' })
    expect(job('build:app-linux-amd64').tags).toEqual(['saas-linux-small-amd64'])
    expect(job('build:app-linux-arm64').tags).toEqual(['saas-linux-small-arm64'])
    expect(job('build:app-linux-arm-v7').tags).toEqual(['saas-linux-small-arm64'])
    expect(job('build:app-linux-s390x').tags).toEqual(['self-hosted', 's390x'])
    for (const entry of list) {
      const build = job(`build:${entry.slug}`)
      expect(build).toMatchObject({ stage: 'build', needs: [], image: 'docker:29', services: ['docker:29-dind'] })
      expect(build.variables).toEqual({
        DOCKER_TLS_CERTDIR: '/certs',
        BAKE_FANOUT_TARGET: { value: 'app', expand: false },
        BAKE_FANOUT_PLATFORM: { value: entry.platform, expand: false },
        BAKE_FANOUT_TAGS: { value: entry.tags, expand: false },
        BAKE_FANOUT_SET: { value: entry.set, expand: false },
      })
      expect(build.artifacts).toEqual({ paths: ['bake-fanout-records/'], expire_in: '1 week' })
      // QEMU only where the runner cannot run the platform: s390x on self-hosted x64, armv7 on arm64.
      expect(build.script.some((l) => l.includes('tonistiigi/binfmt'))).toBe(entry.qemu)
    }
    expect(job('publish')).toMatchObject({
      stage: 'publish',
      needs: list.map((e) => ({ job: `build:${e.slug}`, artifacts: true })),
      tags: ['saas-linux-small-amd64'],
      image: 'node:24-alpine',
      script: ['$BAKE_FANOUT verify --records "$CI_PROJECT_DIR/bake-fanout-records"'],
    })
  })

  test("the script: bake with the entry's set lines exactly, then append with --metadata, --tags, --targets", async () => {
    const dir = await tempDir()
    const userSet = ['*.args.VERSION=1.2.3']
    const list = entries(userSet)
    const { job } = render(list, TAGS, userSet)
    for (const entry of list) {
      const calls = job(`build:${entry.slug}`).script.flatMap((line) => shellWords(line, dir))
      const bake = calls.find((c) => c[0] === 'buildx')!
      const expected = [
        'buildx',
        'bake',
        '--file',
        'docker-bake.json',
        ...entry.set.split('\n').flatMap((l) => ['--set', l]),
      ]
      expect(bake).toEqual([...expected, '--metadata-file', '/builds/g/app/bake-fanout-metadata.json', 'app'])
      expect(calls.find((c) => c[0] === 'append-or-verify')).toEqual([
        'append-or-verify',
        'append',
        '--files',
        'docker-bake.json',
        '--targets',
        'app',
        ...TAGS.app.flatMap((t) => ['--tags', t]),
        '--set',
        '*.args.VERSION=1.2.3',
        '--metadata',
        '/builds/g/app/bake-fanout-metadata.json',
        '--defer',
        '--records',
        '/builds/g/app/bake-fanout-records',
      ])
    }
  })

  test('a hostile set value, target and tag cannot break out of YAML, of GitLab variables or of the shell', async () => {
    const dir = await tempDir()
    const hostile = `app.args.X=it's "q", $HOME $(touch pwned) \`touch pwned2\` \${{ secrets.T }} ##[error]x\u0085\u007f\nstages: [evil]\n- rm -rf /`
    const target = `a'b"$(touch pwned3) "evil": {} \`x\``
    const entry: MatrixEntry = {
      target: `app\n${target}`,
      platform: 'linux/amd64',
      platforms: 'linux/amd64',
      runner: 'saas-linux-small-amd64',
      qemu: false,
      slug: 'app-linux-amd64',
      tags: 'registry.gitlab.com/g/app:1',
      // One set line may hold no newline (lines are the format); everything else it may.
      set: `app.platform=linux/amd64\n${hostile.split('\n')[0]}`,
    }
    const { text, doc, job } = render([entry], {
      app: ['registry.gitlab.com/g/app:1'],
      [target]: ['registry.gitlab.com/g/x:$(id)'],
    })
    expect(Object.keys(doc)).toEqual(['stages', 'variables', 'build:app-linux-amd64', 'publish'])
    expect(text).not.toMatch(/^\s*::/m)
    expect(text).not.toContain('##[')
    const build = job('build:app-linux-amd64')
    expect(build.variables!.BAKE_FANOUT_SET).toEqual({ value: entry.set, expand: false })
    expect(build.variables!.BAKE_FANOUT_TARGET).toEqual({ value: entry.target, expand: false })
    const calls = build.script.flatMap((line) => shellWords(line, dir))
    const bake = calls.find((c) => c[0] === 'buildx')!
    expect(bake.slice(-2)).toEqual(['app', target])
    expect(bake).toContain(hostile.split('\n')[0])
    const appends = calls.filter((c) => c[1] === 'append')
    expect(appends.map((c) => c[c.indexOf('--targets') + 1])).toEqual(['app', target])
    expect(appends[1]).toContain('registry.gitlab.com/g/x:$(id)')
    for (const file of ['pwned', 'pwned2', 'pwned3']) expect(existsSync(path.join(dir, file))).toBe(false)
  })

  test('shell words: bare when plain, else single-quoted so that sh reads them back exactly', async () => {
    const dir = await tempDir()
    expect(shellWord('app.platform=linux/amd64')).toBe('app.platform=linux/amd64')
    expect(shellWord("it's")).toBe(`'it'"'"'s'`)
    const words = [
      '',
      "'",
      "''\\'",
      'a\nb\r\tc',
      '$(touch pwned)',
      '`touch pwned`',
      '${{ x }}',
      '~',
      '*',
      '-n',
      '!x',
      'a;b|c&d>e',
    ]
    expect(shellWords(`docker ${words.map(shellWord).join(' ')}`, dir)).toEqual([words])
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false)
  })

  test('packed entries (several targets, one per line): one bake of all, one append per target with its tags', async () => {
    const dir = await tempDir()
    const packed: MatrixEntry = {
      target: 'api\nweb',
      platform: 'linux/arm64',
      platforms: 'linux/arm64',
      runner: ['arm64', 'docker'],
      qemu: false,
      slug: 'pack-1-linux-arm64',
      tags: 'ghcr.io/o/api:1\nghcr.io/o/web:1',
      set: 'api.platform=linux/arm64\nweb.platform=linux/arm64',
    }
    const { job } = render([packed], { api: ['ghcr.io/o/api:1'], web: ['ghcr.io/o/web:1', 'ghcr.io/o/web:latest'] })
    const build = job('build:pack-1-linux-arm64')
    expect(build.tags).toEqual(['arm64', 'docker'])
    const calls = build.script.flatMap((line) => shellWords(line, dir))
    expect(calls.find((c) => c[0] === 'buildx')!.slice(-2)).toEqual(['api', 'web'])
    const appends = calls
      .filter((c) => c[1] === 'append')
      .map((c) => c.filter((_, i) => c[i - 1] === '--tags' || c[i - 1] === '--targets'))
    expect(appends).toEqual([
      ['api', 'ghcr.io/o/api:1'],
      ['web', 'ghcr.io/o/web:1', 'ghcr.io/o/web:latest'],
    ])
  })

  test(`over ${GITLAB_NEEDS_LIMIT} build jobs, publish waits for the stage (GitLab's needs limit)`, () => {
    const platforms = ['linux/amd64', 'linux/arm64']
    const targets = Array.from({ length: 26 }, (_, i) => ({ name: `t${i}`, tags: [`ghcr.io/o/t${i}:1`], platforms }))
    const list = entries([], targets)
    const { doc, job } = render(list, Object.fromEntries(targets.map((t) => [t.name, t.tags])))
    expect(Object.keys(doc)).toHaveLength(2 + 52 + 1)
    expect(job('publish').needs).toBeUndefined()
    expect(job('publish').stage).toBe('publish')
  })

  test('runner labels as GitLab tags; a GitHub runner group is refused naming --runners', () => {
    expect(runnerTags('saas-linux-small-amd64')).toEqual(['saas-linux-small-amd64'])
    expect(runnerTags(['a', 'b'])).toEqual(['a', 'b'])
    expect(runnerTags({ labels: ['a', 'b'] })).toEqual(['a', 'b'])
    expect(() => runnerTags({ group: 'big', labels: 'x' })).toThrow(/input 'runners'.*GitLab picks runners by tags/)
  })
})
