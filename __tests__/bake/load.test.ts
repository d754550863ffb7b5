/**
 * Bake files read from disk: buildx's default names are all looked up at once, yet the
 * files merge in buildx's order and a failure is the one the lookups in order would meet
 * (the working directory's before any file's, the first listed file's before the next).
 */
import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadBake } from '../../src/bake/load.js'
import type { Exec } from '../../src/common/exec.js'
import { tempDir } from '../helpers/fixtures.js'

// Every file here is JSON: buildx (docker) is never run.
const noDocker: Exec = () => Promise.reject(new Error('docker was run'))
const source = (workdir: string, files: string[] = []) => ({ workdir, files, targets: ['web'], set: [], env: {} })
const bake = (tags: string[]) => JSON.stringify({ target: { web: { tags, platforms: ['linux/amd64'] } } })

test("defaults merge in buildx's order: docker-bake.override.json over docker-bake.json", async () => {
  const dir = await tempDir('bake-fanout-load-')
  // Written last first: the order read is the lookup's, not the files'.
  await writeFile(path.join(dir, 'docker-bake.override.json'), bake(['ghcr.io/o/web:override']))
  await writeFile(path.join(dir, 'docker-bake.json'), bake(['ghcr.io/o/web:base']))
  const [web] = await loadBake(source(dir), noDocker)
  expect(web.tags).toEqual(['ghcr.io/o/web:override'])
})

test('explicit files merge in the order given', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await writeFile(path.join(dir, 'a.json'), bake(['ghcr.io/o/web:a']))
  await writeFile(path.join(dir, 'b.json'), bake(['ghcr.io/o/web:b']))
  expect((await loadBake(source(dir, ['b.json', 'a.json']), noDocker))[0].tags).toEqual(['ghcr.io/o/web:a'])
  expect((await loadBake(source(dir, ['a.json', 'b.json']), noDocker))[0].tags).toEqual(['ghcr.io/o/web:b'])
})

test('a missing working directory is said first, not as its files missing', async () => {
  const dir = path.join(await tempDir('bake-fanout-load-'), 'none')
  await expect(loadBake(source(dir), noDocker)).rejects.toMatchObject({
    input: 'workdir',
    message: expect.stringContaining(`'${dir}' does not exist`),
  })
  await expect(loadBake(source(dir, ['a.json']), noDocker)).rejects.toThrow(`'${dir}' does not exist`)
})

test('the first failing file as listed is the one said, whichever failed first', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await writeFile(path.join(dir, 'bad.json'), '{"target": ')
  await mkdir(path.join(dir, 'sub.json'))
  const files = ['missing.json', 'bad.json', 'sub.json']
  await expect(loadBake(source(dir, files), noDocker)).rejects.toMatchObject({
    input: 'files',
    message: expect.stringContaining("file not found: 'missing.json'"),
  })
  await expect(loadBake(source(dir, files.slice(1)), noDocker)).rejects.toThrow('bad.json: malformed JSON')
  await expect(loadBake(source(dir, ['sub.json', 'bad.json']), noDocker)).rejects.toThrow("'sub.json' is not a file")
})

test('no default file at all: said with every name looked for; optional, none', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await expect(loadBake(source(dir), noDocker)).rejects.toMatchObject({
    input: 'files',
    message: expect.stringMatching(/no bake file found in .* \(looked for compose\.yaml, /),
  })
  expect(await loadBake({ ...source(dir), optional: true }, noDocker)).toBeUndefined()
})

describe('what the native resolver cannot read goes to buildx, said as such', () => {
  /** A stand-in for docker (none runs here): the call it got, and what it answers. */
  function buildx(answer: { exitCode?: number; stdout?: string; stderr?: string } | Error) {
    const calls: Array<{ command: string; args: readonly string[]; cwd?: string }> = []
    const exec: Exec = (command, args, options) => {
      calls.push({ command, args, cwd: options?.cwd })
      if (answer instanceof Error) return Promise.reject(answer)
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '', ...answer })
    }
    return { calls, exec }
  }
  const printed = JSON.stringify({ target: { web: { tags: ['ghcr.io/o/web:hcl'], platforms: ['linux/amd64'] } } })

  test('HCL: bake --print with each file, the --set lines and the targets, in the working directory', async () => {
    const dir = await tempDir('bake-fanout-load-')
    await writeFile(path.join(dir, 'docker-bake.hcl'), 'target "web" {}')
    const { calls, exec } = buildx({ stdout: printed })
    const set = ['web.args.A=1']
    const [web] = await loadBake({ ...source(dir), set }, exec)
    expect(web.tags).toEqual(['ghcr.io/o/web:hcl'])
    expect(calls).toEqual([
      {
        command: 'docker',
        args: ['buildx', 'bake', '--print', '--file', 'docker-bake.hcl', '--set', 'web.args.A=1', 'web'],
        cwd: dir,
      },
    ])
  })

  test('JSON with an expression the native resolver does not evaluate goes to buildx too', async () => {
    const dir = await tempDir('bake-fanout-load-')
    await writeFile(path.join(dir, 'docker-bake.json'), bake(['ghcr.io/o/web:${add(1, 2)}']))
    const { calls, exec } = buildx({ stdout: printed })
    expect((await loadBake(source(dir), exec))[0].tags).toEqual(['ghcr.io/o/web:hcl'])
    expect(calls[0].args).toEqual(['buildx', 'bake', '--print', '--file', 'docker-bake.json', 'web'])
  })

  test.each([
    [
      new Error('spawn docker ENOENT'),
      'docker-bake.hcl is not JSON (HCL or compose), but docker buildx is not available: spawn docker ENOENT',
    ],
    [{ exitCode: 1, stderr: ' no such target \n' }, 'docker buildx bake --print failed (exit 1): no such target'],
    [{ exitCode: 2, stdout: ' usage \n' }, 'docker buildx bake --print failed (exit 2): usage'],
    [{ stdout: 'not json' }, 'docker buildx bake --print printed no JSON'],
  ])('buildx failing is an error of input files: %j', async (answer, said) => {
    const dir = await tempDir('bake-fanout-load-')
    await writeFile(path.join(dir, 'docker-bake.hcl'), 'target "web" {}')
    await expect(loadBake(source(dir), buildx(answer).exec)).rejects.toMatchObject({
      input: 'files',
      message: expect.stringContaining(said),
    })
  })
})

test('bad files and --set lines are said with the input they came from', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await writeFile(path.join(dir, 'list.json'), '[1]')
  await writeFile(path.join(dir, 'plain.txt'), 'x')
  await expect(loadBake(source(dir, ['list.json']), noDocker)).rejects.toThrow(
    /^input 'files': list\.json: a bake file must hold a JSON object$/,
  )
  await expect(loadBake(source(path.join(dir, 'plain.txt')), noDocker)).rejects.toMatchObject({
    input: 'workdir',
    message: expect.stringContaining('is a file, not a directory'),
  })
  await writeFile(path.join(dir, 'docker-bake.json'), bake(['ghcr.io/o/web:1']))
  await expect(loadBake({ ...source(dir), set: ['web.nokey=1'] }, noDocker)).rejects.toMatchObject({
    input: 'set',
    message: expect.stringContaining("unknown key 'nokey'"),
  })
  await expect(
    loadBake({ ...source(dir), set: ['web.platform=linux/amd64,linux/amd64'] }, noDocker),
  ).rejects.toMatchObject({ input: 'set' })
  expect((await loadBake({ ...source(dir, ['cwd://docker-bake.json']) }, noDocker))[0].tags).toEqual([
    'ghcr.io/o/web:1',
  ])
})

test('each refusal names its input once, with what it refused', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await writeFile(path.join(dir, 'docker-bake.json'), bake(['ghcr.io/o/web:1']))
  const line = 'web.platform=linux/amd64,linux/amd64'
  const duplicate = loadBake({ ...source(dir), set: [line] }, noDocker)
  await expect(duplicate).rejects.toThrow(/^input 'set': 'web\.platform=linux\/amd64,linux\/amd64': duplicate platform/)
  // Only a platform line is checked for duplicates: any other value may name a platform twice.
  const [web] = await loadBake({ ...source(dir), set: ['web.args.PLATFORMS=linux/amd64,linux/amd64'] }, noDocker)
  expect(web.tags).toEqual(['ghcr.io/o/web:1']) // loaded, not refused
  await mkdir(path.join(dir, 'sub.json'))
  await expect(loadBake(source(dir, ['sub.json']), noDocker)).rejects.toMatchObject({ input: 'files' })
})

test('a working directory that cannot be read says why: missing, or its code', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await writeFile(path.join(dir, 'file'), 'x')
  await expect(loadBake(source(path.join(dir, 'file', 'below')), noDocker)).rejects.toThrow('does not exist')
  await symlink('loop', path.join(dir, 'loop'))
  await expect(loadBake(source(path.join(dir, 'loop')), noDocker)).rejects.toThrow('cannot be read (ELOOP)')
})

test('a file over 16 MiB is refused before it is read', async () => {
  const dir = await tempDir('bake-fanout-load-')
  const big = path.join(dir, 'big.json')
  await writeFile(big, '')
  await truncate(big, 16 * 1024 * 1024 + 1)
  await expect(loadBake(source(dir, ['big.json']), noDocker)).rejects.toMatchObject({
    input: 'files',
    message: expect.stringContaining("'big.json' is larger than 16777216 bytes"),
  })
  await truncate(big, 16 * 1024 * 1024) // at the bound: read (and refused as JSON only)
  await expect(loadBake(source(dir, ['big.json']), noDocker)).rejects.toThrow('big.json: malformed JSON')
})

test('JSON is told by the name (any case) or by a leading brace; malformed, it is an error of files', async () => {
  const dir = await tempDir('bake-fanout-load-')
  await writeFile(path.join(dir, 'BAKE.JSON'), 'target "web" {}')
  await writeFile(path.join(dir, 'brace.hcl'), '  \n{"target": ')
  for (const name of ['BAKE.JSON', 'brace.hcl']) {
    await expect(loadBake(source(dir, [name]), noDocker)).rejects.toThrow(
      new RegExp(`^input 'files': ${name.replace('.', '\\.')}: malformed JSON`),
    )
  }
})
