import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DIST, cleanEnv, runAction, spawnNode } from '../helpers/action.js'

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples')

async function workdirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-bake-'))
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content)
  return dir
}

test('matrix mode on the example file: outputs, summary, exit 0', async () => {
  const run = await runAction({ mode: 'matrix', workdir: EXAMPLES, files: 'docker-bake.json' })
  expect(run.code).toBe(0)
  const matrix = JSON.parse(run.outputs.matrix)
  expect(matrix.map((e: { slug: string }) => e.slug)).toEqual([
    'app-linux-amd64',
    'app-linux-arm64',
    'app-linux-arm-v7',
    'tools-linux-amd64',
    'tools-linux-arm64',
  ])
  expect(JSON.parse(run.outputs.targets)).toEqual(['app', 'tools'])
  expect(JSON.parse(run.outputs.tags).app).toEqual([
    'ghcr.io/example/app:1.2.3',
    'ghcr.io/example/app:latest',
    'docker.io/example/app:1.2.3',
  ])
  expect(run.summary).toContain('| target | platform | runner | QEMU | tags |')
  expect(run.summary).toContain('<code>linux/arm/v7</code>')
})

test('variables come from the environment, set and targets inputs apply', async () => {
  const run = await runAction(
    { mode: 'matrix', workdir: EXAMPLES, targets: 'tools', set: 'tools.platform=linux/s390x\n*.args.X=1,2' },
    { VERSION: '9.9' },
  )
  expect(run.code).toBe(0)
  const [entry] = JSON.parse(run.outputs.matrix)
  expect(entry).toMatchObject({ target: 'tools', platform: 'linux/s390x', runner: 'ubuntu-latest', qemu: true })
  expect(entry.set.split('\n')[0]).toBe('*.args.X=1,2')
  expect(JSON.parse(run.outputs.tags)).toEqual({ tools: ['ghcr.io/example/tools:9.9'] })
})

test.each([
  ['missing file', { files: 'nope.json' }, {}, "input 'files': file not found: 'nope.json'"],
  ['malformed JSON', { files: 'bad.json' }, { 'bad.json': '{"target": {' }, "input 'files': bad.json: malformed JSON"],
  ['unknown target', { targets: 'ghost' }, {}, "input 'targets': unknown target or group 'ghost'"],
  [
    'inherits cycle',
    { targets: 'a' },
    { 'docker-bake.json': '{"target":{"a":{"inherits":["b"]},"b":{"inherits":["a"]}}}' },
    "input 'files': inherits cycle: a → b → a",
  ],
  [
    'no tags',
    { targets: 'a' },
    { 'docker-bake.json': '{"target":{"a":{"platforms":["linux/amd64"]}}}' },
    "input 'targets': target 'a' has no tags",
  ],
  ['invalid mode', { mode: 'merge' }, {}, "input 'mode': 'merge' is not one of matrix, append, verify"],
  ['bad runners', { runners: 'linux/arm64' }, {}, "input 'runners'"],
])('%s: ::error:: naming the input, exit 1', async (_name, inputs, files, message) => {
  const dir = await workdirWith({
    'docker-bake.json': '{"target":{"a":{"tags":["a"],"platforms":["linux/amd64"]}}}',
    ...files,
  })
  const run = await runAction({ mode: 'matrix', workdir: dir, ...inputs })
  expect(run.code).toBe(1)
  expect(run.stdout).toContain(`::error::${message}`)
  expect(run.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/) // no stack trace
  expect(run.outputs).toEqual({})
})

describe('HCL through docker buildx bake --print', () => {
  const printed = {
    group: { default: { targets: ['web'] } },
    target: { web: { context: '.', tags: ['ghcr.io/o/web:1'], platforms: ['linux/amd64', 'linux/arm64'] } },
  }

  /** A `docker` on PATH that records its arguments and prints a recorded --print output. */
  async function fakeDocker(script: string): Promise<string> {
    const bin = await mkdtemp(path.join(tmpdir(), 'bake-fanout-bin-'))
    await writeFile(path.join(bin, 'docker'), `#!${process.execPath}\n${script}`)
    await chmod(path.join(bin, 'docker'), 0o755)
    return bin
  }

  test('an HCL file is resolved by buildx with the same files, sets and targets', async () => {
    const dir = await workdirWith({ 'docker-bake.hcl': 'target "web" {}\n' })
    const bin = await fakeDocker(
      `require('fs').writeFileSync(${JSON.stringify(dir + '/args.json')}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }))\n` +
        `process.stdout.write(${JSON.stringify(JSON.stringify(printed))})\n`,
    )
    const run = await runAction(
      { mode: 'matrix', workdir: dir, files: 'docker-bake.hcl', targets: 'web', set: 'web.args.A=1' },
      { PATH: `${bin}:${process.env.PATH}` },
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.matrix).map((e: { platform: string }) => e.platform)).toEqual([
      'linux/amd64',
      'linux/arm64',
    ])
    const recorded = JSON.parse(await readFile(path.join(dir, 'args.json'), 'utf8'))
    expect(recorded.argv).toEqual([
      'buildx',
      'bake',
      '--print',
      '--file',
      'docker-bake.hcl',
      '--set',
      'web.args.A=1',
      'web',
    ])
    expect(recorded.cwd).toBe(dir)
  })

  test('JSON using an HCL function also goes to buildx', async () => {
    const dir = await workdirWith({ 'docker-bake.json': '{"target":{"web":{"tags":["${lower(\\"X\\")}"]}}}' })
    const bin = await fakeDocker(`process.stdout.write(${JSON.stringify(JSON.stringify(printed))})\n`)
    const run = await runAction(
      { mode: 'matrix', workdir: dir, targets: 'web' },
      { PATH: `${bin}:${process.env.PATH}` },
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.tags)).toEqual({ web: ['ghcr.io/o/web:1'] })
  })

  test('without buildx the error names the file and key that need it', async () => {
    const dir = await workdirWith({ 'docker-bake.json': '{"target":{"web":{"tags":["${lower(\\"X\\")}"]}}}' })
    const bin = await fakeDocker(
      `process.stderr.write("docker: 'buildx' is not a docker command.\\n"); process.exit(1)\n`,
    )
    const run = await runAction(
      { mode: 'matrix', workdir: dir, targets: 'web' },
      { PATH: `${bin}:${process.env.PATH}` },
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      `::error::input 'files': docker-bake.json: target.web.tags[0]: the expression '\${lower("X")}' needs docker buildx bake to evaluate; docker buildx bake --print failed (exit 1): docker: 'buildx' is not a docker command.`,
    )
  })
})

test('the CLI prints the same outputs as JSON', async () => {
  const { code, stdout } = await spawnNode(
    [DIST, 'matrix', '--workdir', EXAMPLES, '--targets', 'tools', '--runners', 'linux/arm64=["self-hosted","arm64"]'],
    cleanEnv(),
  )
  expect(code).toBe(0)
  const outputs = JSON.parse(stdout)
  // One JSON object of JSON values: the matrix is an array, not a string holding JSON.
  expect(outputs.matrix.map((e: { runner: unknown }) => e.runner)).toEqual(['ubuntu-latest', ['self-hosted', 'arm64']])
})

test('the CLI refuses unknown flags with usage, exit 2', async () => {
  const { code, stderr } = await spawnNode([DIST, 'matrix', '--nope', 'x'], cleanEnv())
  expect(code).toBe(2)
  expect(stderr).toContain("error: unknown flag '--nope' for matrix")
  expect(stderr).toContain('usage: bake-fanout')
})

test("Docker's recipe: metadata-action's generated bake file passed as cwd://, inherited by the app target", async () => {
  const meta = await workdirWith({
    'docker-metadata-action-bake.json': JSON.stringify({
      target: {
        'docker-metadata-action': {
          tags: ['ghcr.io/o/app:1.2.3', 'ghcr.io/o/app:latest'],
          labels: { 'org.opencontainers.image.version': '1.2.3' },
          annotations: ['manifest:org.opencontainers.image.version=1.2.3'],
          args: { DOCKER_META_VERSION: '1.2.3' },
        },
      },
    }),
  })
  const dir = await workdirWith({
    'docker-bake.json': JSON.stringify({
      target: { app: { inherits: ['docker-metadata-action'], platforms: ['linux/amd64', 'linux/arm64'] } },
    }),
  })
  const files = `cwd://docker-bake.json\ncwd://${path.join(meta, 'docker-metadata-action-bake.json')}`
  const run = await runAction({ mode: 'matrix', workdir: dir, files, targets: 'app' })
  expect(run.code).toBe(0)
  const matrix = JSON.parse(run.outputs.matrix)
  expect(matrix).toHaveLength(2)
  expect(matrix[0]).toMatchObject({ target: 'app', tags: 'ghcr.io/o/app:1.2.3\nghcr.io/o/app:latest' })
  expect(matrix[0].set).toContain('app.output=type=image,"name=ghcr.io/o/app",push-by-digest=true')
})

test('runner-group objects and Windows defaults come out as runs-on takes them', async () => {
  const dir = await workdirWith({
    'docker-bake.json': JSON.stringify({
      target: { a: { tags: ['ghcr.io/o/a:1'], platforms: ['linux/arm64', 'windows/amd64'] } },
    }),
  })
  const runners = 'linux/arm64={"group": "arm-builders", "labels": ["linux", "arm64"]}'
  const run = await runAction({ mode: 'matrix', workdir: dir, targets: 'a', runners })
  expect(run.code).toBe(0)
  expect(JSON.parse(run.outputs.matrix).map((e: { runner: unknown; qemu: boolean }) => [e.runner, e.qemu])).toEqual([
    [{ group: 'arm-builders', labels: ['linux', 'arm64'] }, false],
    ['ubuntu-latest', false],
  ])
})
