/**
 * Reading a directory of records (a records directory, or one artifact downloaded):
 * what is a record, what is skipped and said, and what fails the step.
 */
import { type Dirent, constants } from 'node:fs'
import { open, readdirRecursive } from '../common/fs.js'
import path from 'node:path'
import { InputError, errorMessage } from '../common/errors.js'
import { InvalidRecordError, parseStored } from './record.js'

/** What to do with a file that is no record, and with a directory not made yet. */
export interface SkipPolicy {
  /** A file that is no valid record (another run's, another tool's, damaged) is skipped and said here. */
  onSkipped(file: string, reason: string): void
  /** A directory that does not exist yet holds no records (append's dry run); else it is bad input. */
  missingIsEmpty?: boolean
}

export type Stored = ReturnType<typeof parseStored>

type Outcome = Stored | { skipped: string }

/**
 * A store's reads, by file name, in flight or done: a record file is never replaced (names
 * carry run and attempt), so one read serves every listing of the store, including two
 * listings at once. A skipped or failed file is not kept: the next listing reads it again.
 */
export type ReadCache = Map<string, Promise<Outcome>>

/** A record that exists and cannot be read: the step fails (skipping it could drop its platform from the union). */
export class UnreadableRecordError extends Error {
  override readonly name = 'UnreadableRecordError'
}

/**
 * Records are about 1 KB (a dozen descriptors). 256 KiB holds a record of more than a
 * thousand entries, far beyond any bake target, while a larger file named like a record
 * (a log, a dump, 300 MB of anything) is refused by its size, never read into memory.
 */
export const MAX_RECORD_BYTES = 256 * 1024

/**
 * Every `*.json` file under `dir` that is `wanted` (by its relative path), parsed. A file that is no valid record (another run's,
 * another tool's, damaged), a symbolic link (never followed: a link could name any file
 * on the runner) or a file over MAX_RECORD_BYTES is skipped and said, by name only; a
 * file that exists and cannot be read fails the step.
 */
export async function readRecordFiles(
  dir: string,
  policy: SkipPolicy,
  cache: ReadCache = new Map(),
  wanted: (file: string) => boolean = () => true,
): Promise<Stored[]> {
  const files = (await listJsonFiles(dir, policy)).filter(([file]) => wanted(file))
  const outcomes = await mapLimited(files, PARALLEL_READS, ([file, entry]) => cachedRead(cache, dir, file, entry))
  const records: Stored[] = []
  // Skipped files are said in the listing's order, and read (and said) again next time: it may have been passing.
  outcomes.forEach((outcome, i) => {
    if ('skipped' in outcome) return policy.onSkipped(files[i][0], outcome.skipped)
    records.push(outcome)
  })
  return records
}

function cachedRead(cache: ReadCache, dir: string, file: string, entry: Dirent): Promise<Outcome> {
  let read = cache.get(file)
  if (!read) {
    read = readRecord(dir, file, entry)
    cache.set(file, read)
    // Dropped only if still this read: a file saved anew meanwhile has a newer one.
    const drop = () => cache.get(file) === read && cache.delete(file)
    read.then((outcome) => 'skipped' in outcome && drop(), drop)
  }
  return read
}

/**
 * Files read at once: enough to hide the latency of a slow disk, few enough that a
 * directory of thousands of files (a store shared by many runs) stays within the
 * process's descriptors and a few MB of read buffers.
 */
export const PARALLEL_READS = 16

/** `fn` over `items`, at most `limit` at a time, results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

async function readRecord(dir: string, file: string, entry: Dirent): Promise<Outcome> {
  // A link is opened too, without following it: refused at open, as is one swapped in after the listing.
  const content =
    entry.isFile() || entry.isSymbolicLink() ? await readBounded(path.join(dir, file), file) : { skipped: NOT_A_FILE }
  if ('skipped' in content) return content
  try {
    return parseStored(JSON.parse(content.text), file)
  } catch (error) {
    // A shared directory holds other runs' files too (pull requests included): none of them stops this run.
    if (error instanceof SyntaxError) return { skipped: 'not valid JSON' }
    if (error instanceof InvalidRecordError) return { skipped: error.message }
    throw error
  }
}

/** The `*.json` entries under `dir` (subdirectories included, links to them not entered), by relative path. */
async function listJsonFiles(dir: string, policy: SkipPolicy): Promise<Array<[string, Dirent]>> {
  let entries: Dirent[]
  try {
    entries = await readdirRecursive(dir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && policy.missingIsEmpty) return []
    if (code === 'ENOENT') throw new InputError('records', `directory '${dir}' does not exist`)
    if (code === 'ENOTDIR') throw new InputError('records', `'${dir}' is not a directory`)
    throw error
  }
  return (
    entries
      .filter((e) => e.name.endsWith('.json') && !e.name.startsWith('.') && !e.isDirectory())
      // Most entries are at the top: their relative path is their name (path.relative costs a
      // starting process ~0.8 ms a listing of 100 files, and a job lists a dozen times).
      .map((e): [string, Dirent] => [
        e.parentPath === dir ? e.name : path.relative(dir, path.join(e.parentPath, e.name)),
        e,
      ])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  )
}

type FileContent = { text: string } | { skipped: string }
const LINK = 'a symbolic link, not followed'
const NOT_A_FILE = 'not a regular file'

/**
 * A file's text, read through one descriptor opened without following a link and
 * without blocking on a pipe, and only when it is a regular file within MAX_RECORD_BYTES.
 */
async function readBounded(file: string, name: string): Promise<FileContent> {
  const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK
  const handle = await open(file, flags).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ELOOP') return { skipped: LINK }
    // Gone since the listing (another run's cleanup): it is no record of this store any more.
    if (error.code === 'ENOENT') return { skipped: 'removed while the records were read' }
    throw new UnreadableRecordError(`record ${name} exists and cannot be read (${error.code ?? errorMessage(error)})`)
  })
  if ('skipped' in handle) return handle
  try {
    const info = await handle.stat()
    if (!info.isFile()) return { skipped: NOT_A_FILE }
    // One byte more than the bound is read at most: enough to tell a file too large, whatever its size.
    const buffer = Buffer.alloc(MAX_RECORD_BYTES + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > MAX_RECORD_BYTES)
      return { skipped: `larger than ${MAX_RECORD_BYTES / 1024} KiB, which no record is: not read` }
    return { text: buffer.toString('utf8', 0, length) }
  } catch (error) {
    throw new UnreadableRecordError(`record ${name} exists and cannot be read (${errorMessage(error)})`, {
      cause: error,
    })
  } finally {
    await handle.close()
  }
}
