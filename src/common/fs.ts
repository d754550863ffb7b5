/**
 * The promise forms of the node:fs calls bake-fanout makes, over node:fs's callbacks
 * (node:fs is loaded with Node itself). node:fs/promises is never imported: it loads
 * readline, the REPL's history and the file watchers with it, ~1.3 ms of every start
 * (`--version` over 61 runs), on the critical path of an append job.
 */
import * as fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

export const access = promisify(fs.access)
export const appendFile = promisify(fs.appendFile)
export const mkdir = promisify(fs.mkdir)
export const mkdtemp = promisify(fs.mkdtemp)
export const readFile = promisify(fs.readFile)
export const rename = promisify(fs.rename)
export const rm = promisify(fs.rm)
export const stat = promisify(fs.stat)
export const writeFile = promisify(fs.writeFile)
const readdir = promisify(fs.readdir)

/**
 * Every entry under `dir`, subdirectories included (links to them not entered), as
 * `readdir(dir, { recursive: true, withFileTypes: true })` gives them: a directory at a
 * time, because node:fs's callback form of the recursive listing takes ~3× as long.
 */
export async function readdirRecursive(dir: string): Promise<fs.Dirent[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const below = entries.filter((e) => e.isDirectory()).map((e) => readdirRecursive(path.join(e.parentPath, e.name)))
  return [...entries, ...(await Promise.all(below)).flat()]
}

/** An open file descriptor, read and closed through promises (the part of a FileHandle the records need). */
export interface OpenFile {
  stat(): Promise<fs.Stats>
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>
  close(): Promise<void>
}

const openFd = promisify(fs.open)
const fstat = promisify(fs.fstat)
const readFd = promisify(fs.read)
const closeFd = promisify(fs.close)

export async function open(file: string, flags: number): Promise<OpenFile> {
  const fd = await openFd(file, flags)
  return {
    stat: () => fstat(fd),
    read: (buffer, offset, length, position) => readFd(fd, buffer, offset, length, position),
    close: () => closeFd(fd),
  }
}
