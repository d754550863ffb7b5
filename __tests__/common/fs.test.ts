/**
 * The promise forms over node:fs's callbacks: each resolves with what node:fs/promises
 * gives, and fails with the same error codes (the record store tells a link, a missing
 * file and a directory apart by them). That no code path loads node:fs/promises is
 * shown on the bundle as the runner runs it (append/mode.itg) and kept by the lint rule.
 */
import { type Dirent, mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import * as promised from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { constants } from 'node:fs'
import * as fs from '../../src/common/fs.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-fs-'))
})
afterEach(() => promised.rm(dir, { recursive: true, force: true }))

test('files: written, appended, read as text or bytes, renamed, stated', async () => {
  const file = path.join(dir, 'a.json')
  await fs.writeFile(file, '{"a":')
  await fs.appendFile(file, '1}')
  expect(await fs.readFile(file, 'utf8')).toBe('{"a":1}')
  expect(await fs.readFile(file)).toEqual(Buffer.from('{"a":1}'))
  await fs.rename(file, path.join(dir, 'b.json'))
  const info = await fs.stat(path.join(dir, 'b.json'))
  expect(info.isFile()).toBe(true)
  expect(info.size).toBe(7)
  await expect(fs.access(file)).rejects.toMatchObject({ code: 'ENOENT' })
  await expect(fs.access(dir, constants.W_OK)).resolves.toBeUndefined()
})

test('directories: made, listed recursively with their types, removed', async () => {
  await fs.mkdir(path.join(dir, 'x'))
  await expect(fs.mkdir(path.join(dir, 'x'))).rejects.toMatchObject({ code: 'EEXIST' })
  await fs.writeFile(path.join(dir, 'x', 'r.json'), '{}')
  const temporary = await fs.mkdtemp(path.join(dir, 'tmp-'))
  expect(path.basename(temporary)).toMatch(/^tmp-\w{6}$/)
  const entries = await fs.readdirRecursive(dir)
  const seen = entries.map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))}:${e.isDirectory()}`).sort()
  expect(seen).toEqual([`${path.basename(temporary)}:true`, `${path.join('x', 'r.json')}:false`, 'x:true'])
  await fs.rm(path.join(dir, 'x'), { recursive: true, force: true })
  await expect(fs.stat(path.join(dir, 'x'))).rejects.toMatchObject({ code: 'ENOENT' })
  await expect(fs.readdirRecursive(path.join(dir, 'none'))).rejects.toMatchObject({ code: 'ENOENT' })
})

test('readdirRecursive lists what the recursive promise readdir lists: nested entries with their parent, links not entered', async () => {
  await fs.mkdir(path.join(dir, 'a', 'b'), { recursive: true })
  await fs.writeFile(path.join(dir, 'a', 'b', 'c.json'), '{}')
  await fs.writeFile(path.join(dir, 'top.json'), '{}')
  symlinkSync(path.join(dir, 'a'), path.join(dir, 'link-to-dir'))
  symlinkSync(path.join(dir, 'top.json'), path.join(dir, 'link-to-file.json'))
  const shape = (entries: Dirent[]) =>
    entries
      .map((e) => `${path.relative(dir, path.join(e.parentPath, e.name))}:${e.isDirectory()}:${e.isSymbolicLink()}`)
      .sort()
  const ours = shape(await fs.readdirRecursive(dir))
  expect(ours).toEqual(shape(await promised.readdir(dir, { recursive: true, withFileTypes: true })))
  expect(ours).toContain(`${path.join('a', 'b', 'c.json')}:false:false`)
  expect(ours.filter((e) => e.startsWith('link-to-dir'))).toEqual(['link-to-dir:false:true']) // not entered
})

test('open: a descriptor read at positions, stated and closed; a link refused with ELOOP under O_NOFOLLOW', async () => {
  const file = path.join(dir, 'r.json')
  await fs.writeFile(file, 'abcdef')
  const descriptors = () => readdirSync('/proc/self/fd').length
  const before = descriptors()
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  expect(descriptors()).toBe(before + 1)
  expect((await handle.stat()).size).toBe(6)
  const buffer = Buffer.alloc(4)
  expect(await handle.read(buffer, 0, 4, 2)).toMatchObject({ bytesRead: 4 })
  expect(buffer.toString()).toBe('cdef')
  expect((await handle.read(buffer, 0, 4, 6)).bytesRead).toBe(0)
  await handle.close()
  expect(descriptors()).toBe(before) // the descriptor really went
  symlinkSync(file, path.join(dir, 'link.json'))
  await expect(fs.open(path.join(dir, 'link.json'), constants.O_RDONLY | constants.O_NOFOLLOW)).rejects.toMatchObject({
    code: 'ELOOP',
  })
  await expect(fs.open(path.join(dir, 'none.json'), constants.O_RDONLY)).rejects.toMatchObject({ code: 'ENOENT' })
})
