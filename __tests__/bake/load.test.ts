/**
 * Bake files read from disk: buildx's default names are all looked up at once, yet the
 * files merge in buildx's order and a failure is the one the lookups in order would meet
 * (the working directory's before any file's, the first listed file's before the next).
 */
import { mkdir, writeFile } from 'node:fs/promises'
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
