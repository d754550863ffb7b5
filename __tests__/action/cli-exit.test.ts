/**
 * The command line as a user meets it: each exit code, each message and the help texts.
 * Usage and value errors exit 2 naming the flag as typed; other failures exit 1.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { EXIT, debugEnabled, modeHelp, runCli, stderrLogger } from '../../src/action/cli.js'
import { parse } from 'yaml'
import { VERSION } from '../../src/version.js'
import { tempDir } from '../helpers/fixtures.js'

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
  })
  return { code, stdout, stderr }
}

describe('exit 2: a bad value names the flag as typed, says where to read, writes nothing to stdout', () => {
  test.each([
    [['matrix', '--cache', 'foo'], "error: --cache: 'foo' is not one of none, gha"],
    [['append', '--settle', 'x'], "error: --settle: 'x' is not a number of seconds from 0 to 600"],
    [['append', '--settle=601'], "error: --settle: '601' is not a number of seconds from 0 to 600"],
    [
      ['matrix', '--max-entries', '-1'],
      "error: --max-entries: '-1' is not a whole number of entries from 1 to 1000000",
    ],
    [['matrix', '--max-entries', '2.5'], "error: --max-entries: '2.5' is not a whole number of entries"],
    [
      ['append', '--records-retention', '91'],
      "error: --records-retention: '91' is not a whole number of days from 1 to 90",
    ],
    [['verify', '--dry-run', 'yes'], "error: --dry-run: 'yes' is not true or false"],
    [['verify', '--run-attempt', '0'], "error: --run-attempt: '0' is not a whole number from 1"],
    [['verify', '--run-attempt', '1.5'], "error: --run-attempt: '1.5' is not a whole number from 1"],
    [['verify', '--run-id', 'a b'], "error: --run-id: 'a b' is not a run id"],
    [['verify', '--sign', 'maybe'], "error: --sign: 'maybe' is not true or false"],
    [['verify', '--sigstore-rekor-url', 'rekor'], "error: --sigstore-rekor-url: 'rekor' is not a URL"],
    [['matrix', '--runners', 'linux/amd64'], "error: --runners: 'linux/amd64': expected platform-glob=label"],
  ])('%j', async (argv, message) => {
    const run = await cli(argv)
    expect(run).toMatchObject({ code: EXIT.usage, stdout: '' })
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain(`see: bake-fanout ${argv[0]} --help`)
    expect(run.stderr).not.toMatch(/input '|seconds.*max-entries|max-entries.*seconds/)
  })

  test('a flag whose value names something bad (a missing bake file, an unknown target) is a value error too', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'docker-bake.json'), JSON.stringify({ target: { app: { tags: ['o/a:1'] } } }))
    const missing = await cli(['matrix', '--workdir', dir, '--files', 'nope.json'])
    expect(missing).toMatchObject({ code: EXIT.usage, stdout: '' })
    expect(missing.stderr).toMatch(/^error: --files: file not found: 'nope.json'/)
    const unknown = await cli(['matrix', '--workdir', dir, '--targets', 'web'])
    expect(unknown.stderr).toMatch(/^error: --targets: unknown target or group 'web'/)
    expect(unknown.code).toBe(EXIT.usage)
  })
})

describe('exit 2: usage errors print the usage that helps', () => {
  test("an unknown flag prints that mode's flags, not the generic usage, and the flag it was near", async () => {
    const run = await cli(['matrix', '--cahce', 'gha'])
    expect(run.code).toBe(EXIT.usage)
    expect(run.stderr).toMatch(/^error: unknown flag '--cahce' for matrix \(did you mean --cache\?\)\n\n/)
    expect(run.stderr).toContain(modeHelp('matrix'))
    expect(run.stderr).not.toContain('<matrix|append|verify>')
    const far = await cli(['verify', '--metadata', 'm.json'])
    expect(far.stderr).toMatch(/^error: unknown flag '--metadata' for verify\n/)
    expect(far.stderr).toContain(modeHelp('verify'))
  })

  test.each([
    [['matrix', 'extra'], "unexpected argument 'extra'", 'matrix'],
    [['append', '--metadata'], "flag '--metadata' needs a value", 'append'],
  ])('%j', async (argv, message, mode) => {
    const run = await cli(argv)
    expect(run.code).toBe(EXIT.usage)
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain(modeHelp(mode as 'matrix'))
  })

  test.each([
    [[], 'error: no command given'],
    [['build'], "error: unknown command 'build'"],
    [['--files', 'x'], "error: '--files' before the command"],
  ])('%j: the commands', async (argv, message) => {
    const run = await cli(argv)
    expect(run).toMatchObject({ code: EXIT.usage, stdout: '' })
    expect(run.stderr).toContain(message)
    expect(run.stderr).toMatch(/usage: bake-fanout <matrix\|append\|verify>/)
  })
})

describe('matrix --format gitlab', () => {
  test('stdout is the child pipeline, on GitLab runner tags; --runners rules come first', async () => {
    const dir = await tempDir()
    const target = { tags: ['registry.gitlab.com/g/app:1'], platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x'] }
    await writeFile(path.join(dir, 'docker-bake.json'), JSON.stringify({ target: { app: target } }))
    const argv = ['matrix', '--format', 'gitlab', '--workdir', dir, '--targets', 'app']
    const run = await cli([...argv, '--runners', 'linux/s390x=["self-hosted","s390x"]'])
    expect(run.code).toBe(EXIT.done)
    const doc = parse(run.stdout, { version: '1.1' }) as Record<string, { tags?: string[] }>
    expect(Object.keys(doc)).toEqual([
      'stages',
      'variables',
      'build:app-linux-amd64',
      'build:app-linux-arm64',
      'build:app-linux-s390x',
      'publish',
    ])
    expect(doc['build:app-linux-amd64'].tags).toEqual(['saas-linux-small-amd64'])
    expect(doc['build:app-linux-arm64'].tags).toEqual(['saas-linux-small-arm64'])
    expect(doc['build:app-linux-s390x'].tags).toEqual(['self-hosted', 's390x'])
    expect(doc.publish.tags).toEqual(['saas-linux-small-amd64'])
    expect(run.stderr).toContain('3 matrix entries for 1 targets')
  })

  test.each([
    [['--format', 'yaml'], "error: --format: 'yaml' is not one of json, gitlab"],
    [['--format', 'gitlab', '--cache', 'gha'], "error: --cache: 'gha' is GitHub Actions' cache service"],
    [
      ['--format', 'gitlab', '--runners', 'linux/*={"group":"big"}'],
      'error: --runners: {"group":"big"}: runner groups are GitHub\'s',
    ],
  ])('%j exits 2 naming the flag', async (flags, message) => {
    const dir = await tempDir()
    const target = { tags: ['registry.gitlab.com/g/app:1'], platforms: ['linux/amd64'] }
    await writeFile(path.join(dir, 'docker-bake.json'), JSON.stringify({ target: { app: target } }))
    const run = await cli(['matrix', '--workdir', dir, '--targets', 'app', ...flags])
    expect(run).toMatchObject({ code: EXIT.usage, stdout: '' })
    expect(run.stderr).toContain(message)
    expect(run.stderr).toContain('see: bake-fanout matrix --help')
  })
})

describe('exit 0: help and version on stdout', () => {
  test.each([[['version']], [['--version']], [['matrix', '--version']]])('%j prints the version', async (argv) => {
    expect(await cli(argv)).toEqual({ code: EXIT.done, stdout: `${VERSION}\n`, stderr: '' })
  })

  test('the top-level help names each mode in a line, the environment it reads, where credentials come from', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(EXIT.done)
    expect(await cli(['help'])).toEqual(help)
    const text = help.stdout
    // Each command in one line: the next line starts another command or ends the list.
    const commands = text
      .slice(text.indexOf('commands:\n') + 10)
      .split('\n\n')[0]
      .split('\n')
    expect(commands.map((line) => /^ {2}(\w+) {3,}\S/.exec(line)?.[1])).toEqual([
      'matrix',
      'append',
      'verify',
      'version',
      'help',
    ])
    for (const name of [
      'DOCKER_CONFIG',
      'HTTPS_PROXY',
      'HTTP_PROXY',
      'NO_PROXY',
      'SIGSTORE_ID_TOKEN',
      'BAKE_FANOUT_DEBUG',
      'RUNNER_DEBUG',
      'GITHUB_STEP_SUMMARY',
      // Every variable currentRun reads (records/record.ts), per CI system.
      'GITHUB_RUN_ID',
      'GITHUB_RUN_ATTEMPT',
      'CI_PIPELINE_ID',
      'BUILDKITE_BUILD_NUMBER',
      'BUILDKITE_RETRY_COUNT',
      'JENKINS_URL',
      'BUILD_NUMBER',
      'CIRCLE_WORKFLOW_ID',
      'BUILD_BUILDID',
      'SYSTEM_JOBATTEMPT',
    ])
      expect(text).toContain(name)
    expect(text).toMatch(/\$DOCKER_CONFIG\/config\.json \(default\s+~\/\.docker\/config\.json\)/)
    for (const key of ['auths', 'credHelpers', 'credsStore']) expect(text).toContain(`\`${key}\``)
    expect(text).toMatch(/exit status: 0 done; 1 failed .*; 2 a usage\s+error or a bad value, naming the flag/)
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100)
  })

  test('<mode> --help prints the flags with their defaults, --debug among them', async () => {
    const run = await cli(['append', '--help'])
    expect(run).toEqual({ code: EXIT.done, stdout: modeHelp('append'), stderr: '' })
    expect(run.stdout).toMatch(/--debug +print debug lines on stderr/)
  })
})

describe('exit 1: a failure that is not the input', () => {
  test("a registry's refusal exits 1, its words said; --debug adds the stack", async () => {
    const server = createServer((_, res) => {
      res.writeHead(403, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
      const digest = 'sha256:' + 'a'.repeat(64)
      const metadata = JSON.stringify({ app: { 'containerimage.digest': digest, 'image.name': `${host}/o/app` } })
      const argv = ['append', '--metadata', metadata, '--targets', 'app', '--tags', `${host}/o/app:1`]
      const run = await cli(argv)
      expect(run.code).toBe(EXIT.failed)
      expect(run.stderr).toMatch(/^error: .*DENIED/m)
      expect(run.stderr).not.toContain('see: bake-fanout')
      expect(run.stderr).not.toMatch(/^debug:/m)
      const debug = await cli([...argv, '--debug'])
      expect(debug.code).toBe(EXIT.failed)
      expect(debug.stderr).toMatch(/^debug: \w*Error: [\s\S]*\n\s+at /m)
    } finally {
      server.close()
    }
  })
})

describe('--debug turns on what the Action shows under RUNNER_DEBUG', () => {
  test.each([
    [false, {}, false],
    [true, {}, true],
    [false, { BAKE_FANOUT_DEBUG: '1' }, true],
    [false, { BAKE_FANOUT_DEBUG: '0' }, false],
    [false, { BAKE_FANOUT_DEBUG: 'false' }, false],
    [false, { RUNNER_DEBUG: '1' }, true],
    [false, { RUNNER_DEBUG: '0' }, false],
  ])('flag %s, env %j → %s', (flag, env, on) => {
    expect(debugEnabled(flag, env)).toBe(on)
    let said = ''
    stderrLogger((t) => (said += t), on).debug('mount refused:\n::warning::from the registry')
    expect(said).toBe(on ? 'debug: mount refused:\n» ::warning::from the registry\n' : '')
  })

  test('--debug is a flag of every mode and takes no value', async () => {
    const dir = await tempDir()
    await writeFile(path.join(dir, 'docker-bake.json'), JSON.stringify({ target: { app: { tags: ['o/a:1'] } } }))
    const run = await cli(['matrix', '--debug', '--workdir', dir, '--targets', 'app'])
    // The flag was taken (no usage error): the run said as a debug line, then the bake file's own problem.
    expect(run.stderr).toMatch(
      /^debug: run local, attempt 1 \(the CI system's\)\nerror: --targets: target 'app' has no platforms/,
    )
    const quiet = await cli(['matrix', '--workdir', dir, '--targets', 'app'], { CI_PIPELINE_ID: '9' })
    expect(quiet.stderr).toMatch(/^error: /)
  })
})
