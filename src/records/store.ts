/**
 * Where records live: files in a directory, or workflow artifacts
 * `bake-fanout-<slug>-<fan-out key>.<attempt>` inside Actions. Both are read-after-write consistent (a rename in one directory; the
 * v4 artifact service serves an artifact from its API once the upload returns), which
 * is what the convergence of append rests on. The artifact service is reached only
 * through ArtifactService.
 */
import { constants } from 'node:fs'
import { access, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError, errorMessage } from '../common/errors.js'
import {
  type BuildRecord,
  type Completion,
  type CompletionRecord,
  RECORD_PREFIX,
  completionKey,
  completionOf,
  parseStored,
  recordName,
} from './record.js'

export interface RecordStore {
  readonly description: string
  save(record: BuildRecord): Promise<void>
  /** Saves the job's completion mark beside its record (the record itself is never replaced). */
  saveCompletion(record: BuildRecord, completion: Completion): Promise<void>
  /** Every record in the store, of any run (callers keep their own run's), with its completion mark if saved. */
  loadAll(): Promise<BuildRecord[]>
}

/**
 * Records as `<dir>/bake-fanout-<slug>-<fan-out key>.<runId>.<attempt>.json`: runs and attempts that
 * share a directory do not overwrite each other. Written to a temporary name, then
 * renamed: a reader sees a whole record or none.
 */
function fileStem(record: BuildRecord): string {
  return `${recordName(record)}.${record.runId}.${record.runAttempt}`
}

/** How a store reads: what to do with a file that is no record, and with a directory not made yet. */
export interface ReadPolicy {
  /** A file that is no valid record (another run's, another tool's, damaged) is skipped and said here. */
  onSkipped(file: string, reason: string): void
  /** A directory that does not exist yet holds no records (append's dry run); else it is bad input. */
  missingIsEmpty?: boolean
  /** Days record artifacts are kept (append's `records-retention`). */
  retentionDays?: number
}

export class DirectoryRecordStore implements RecordStore {
  readonly description: string
  /** Files read, by name: a record file is never replaced (names carry run and attempt), so each is read once. */
  private readonly files = new Map<string, Promise<Stored | undefined>>()

  constructor(
    private readonly dir: string,
    private readonly policy: ReadPolicy,
  ) {
    this.description = `directory ${dir}`
  }

  async save(record: BuildRecord): Promise<void> {
    await this.write(`${fileStem(record)}.json`, record)
  }

  async saveCompletion(record: BuildRecord, completion: Completion): Promise<void> {
    await this.write(`${fileStem(record)}.done.json`, completionOf(record, completion))
  }

  private async write(name: string, content: object): Promise<void> {
    const temporary = path.join(this.dir, `.${name}.${process.pid}.tmp`)
    await makeDirectory(this.dir)
    await writeFile(temporary, JSON.stringify(content, null, 2) + '\n')
    await rename(temporary, path.join(this.dir, name))
  }

  async loadAll(): Promise<BuildRecord[]> {
    return withCompletions(await readRecordFiles(this.dir, this.policy, this.files))
  }
}

/** The boundary to the Actions artifact service (faked in tests; it cannot run here). */
export interface ArtifactService {
  /** Fails when the name is taken in this run. */
  upload(name: string, file: string, rootDirectory: string, retentionDays?: number): Promise<void>
  /** Artifacts of the current workflow run. */
  list(): Promise<Array<{ id: number; name: string }>>
  /** Downloads an artifact into `dir`. */
  download(id: number, dir: string): Promise<void>
}

export class ArtifactRecordStore implements RecordStore {
  readonly description = 'workflow artifacts'
  /** Artifacts are immutable (a replaced one gets a new id): each is downloaded once. */
  private readonly downloaded = new Map<number, Promise<Stored[]>>()

  constructor(
    private readonly service: ArtifactService,
    private readonly policy: ReadPolicy,
    /** Days the record artifacts are kept: long enough for re-runs of failed jobs. */
    private readonly retentionDays?: number,
  ) {}

  /**
   * One artifact per attempt (names are unique within a run): a re-run never deletes or
   * replaces the earlier attempt's record — a moment without it would let another job's
   * union, built on a stale read, drop that platform — and the newest attempt wins when read.
   */
  async save(record: BuildRecord): Promise<void> {
    await this.upload(`${recordName(record)}.${record.runAttempt}`, record)
  }

  async saveCompletion(record: BuildRecord, completion: Completion): Promise<void> {
    await this.upload(`${recordName(record)}.${record.runAttempt}.done`, completionOf(record, completion))
  }

  private async upload(name: string, content: object): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-record-'))
    const file = path.join(dir, `${name}.json`)
    await writeFile(file, JSON.stringify(content, null, 2) + '\n')
    try {
      await this.service.upload(name, file, dir, this.retentionDays)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  async loadAll(): Promise<BuildRecord[]> {
    const artifacts = (await this.service.list()).filter((a) => a.name.startsWith(RECORD_PREFIX))
    // A record that cannot be read is not skipped: the union could then drop its platform.
    const stored = await Promise.all(
      artifacts.map((a) =>
        this.download(a.id).catch((error: unknown) => {
          throw new Error(
            `record artifact ${a.name} (id ${a.id}) could not be read: ${errorMessage(error)} ` +
              '(after "Re-run failed jobs" the artifact service may list earlier attempts\' artifacts it no longer serves)',
          )
        }),
      ),
    )
    return withCompletions(stored.flat())
  }

  private download(id: number): Promise<Stored[]> {
    let records = this.downloaded.get(id)
    if (!records) {
      records = (async () => {
        const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-records-'))
        try {
          await this.service.download(id, dir)
          return await readRecordFiles(dir, this.policy)
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      })()
      records.catch(() => this.downloaded.delete(id))
      this.downloaded.set(id, records)
    }
    return records
  }
}

type Stored = ReturnType<typeof parseStored>

/** The build records, each with its completion mark when one was saved. */
function withCompletions(stored: readonly Stored[]): BuildRecord[] {
  const completions = new Map<string, CompletionRecord>()
  for (const s of stored) if ('completion' in s) completions.set(completionKey(s.completion), s.completion)
  return stored.flatMap((s) => {
    if (!('record' in s)) return []
    const mark = completions.get(completionKey(s.record))
    const completion = mark && {
      completedAt: mark.completedAt,
      ...(mark.horizonUntil && { horizonUntil: mark.horizonUntil }),
      ...(mark.written && { written: mark.written }),
    }
    return [completion ? { ...s.record, completion } : s.record]
  })
}

/** The records in `dir`, read in parallel; files already in `cache` are not read again. */
async function readRecordFiles(
  dir: string,
  policy: ReadPolicy,
  cache = new Map<string, Promise<Stored | undefined>>(),
): Promise<Stored[]> {
  let files: string[]
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json') && !f.startsWith('.'))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && policy.missingIsEmpty) return []
    if (code === 'ENOENT') throw new InputError('records', `directory '${dir}' does not exist`)
    if (code === 'ENOTDIR') throw new InputError('records', `'${dir}' is not a directory`)
    throw error
  }
  const read = async (file: string): Promise<Stored | undefined> => {
    try {
      return parseStored(JSON.parse(await readFile(path.join(dir, file), 'utf8')), file)
    } catch (error) {
      // A shared directory holds other runs' files too (pull requests included): none of them stops this run.
      policy.onSkipped(file, error instanceof SyntaxError ? 'not valid JSON' : errorMessage(error))
      cache.delete(file) // read again next time: it may have been a passing failure
      return undefined
    }
  }
  const stored = await Promise.all(
    files.sort().map((file) => {
      let entry = cache.get(file)
      if (!entry) {
        entry = read(file)
        cache.set(file, entry)
      }
      return entry
    }),
  )
  return stored.filter((s) => s !== undefined)
}

/**
 * `mkdir -p`, one level at a time: node's recursive mkdir spins forever on a path under
 * /proc that cannot be made. A missing level whose parent exists and refuses it fails
 * at once.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = []
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
      return undefined
    })
    if (info && !info.isDirectory()) throw Object.assign(new Error(`${current} is a file`), { code: 'ENOTDIR' })
    if (info || path.dirname(current) === current) break
    missing.unshift(current)
  }
  for (const level of missing) {
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    })
  }
}

/** The store the `records` input names: `artifact`, a directory, or none (CLI outside Actions). */
export async function openRecordStore(
  spec: string | undefined,
  artifacts: () => Promise<ArtifactService>,
  policy: ReadPolicy,
): Promise<RecordStore | undefined> {
  if (spec === undefined) return undefined
  if (spec === 'artifact') return new ArtifactRecordStore(await artifacts(), policy, policy.retentionDays)
  return new DirectoryRecordStore(spec, policy)
}

/** A records directory append can write: created when missing; a file in the way is bad input. */
export async function prepareRecordDirectory(dir: string): Promise<void> {
  try {
    await makeDirectory(dir)
    await access(dir, constants.W_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'is a file, or lies under one: give a directory'
        : `cannot be written (${code ?? errorMessage(error)})`
    throw new InputError('records', `'${dir}' ${why}`)
  }
}
