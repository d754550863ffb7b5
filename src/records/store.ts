/**
 * Where records live: files in a directory, or workflow artifacts
 * `bake-fanout-<slug>-<fan-out key>.<attempt>` inside Actions. Both are read-after-write consistent (a rename in one directory; the
 * v4 artifact service serves an artifact from its API once the upload returns), which
 * is what the convergence of append rests on. The artifact service is reached only
 * through ArtifactService.
 */
import { constants } from 'node:fs'
import { access, mkdir, mkdtemp, rename, rm, stat, writeFile } from '../common/fs.js'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Clock, systemClock } from '../common/clock.js'
import { InputError, errorMessage } from '../common/errors.js'
import {
  type BuildRecord,
  type Completion,
  type CompletionRecord,
  RECORD_PREFIX,
  completionKey,
  completionOf,
  recordName,
} from './record.js'
import { namedForAnotherRun, recordFileStem } from './names.js'
import { type ReadCache, type SkipPolicy, type Stored, UnreadableRecordError, readRecordFiles } from './record-files.js'

export { MAX_RECORD_BYTES, UnreadableRecordError } from './record-files.js'

export interface RecordStore {
  readonly description: string
  save(record: BuildRecord): Promise<void>
  /** Saves the job's completion mark beside its record (the record itself is never replaced). */
  saveCompletion(record: BuildRecord, completion: Completion): Promise<void>
  /**
   * Every record in the store, with its completion mark if saved; given `run`, a
   * directory's files whose names say they are of another run are not read (callers still
   * keep their own run's records: a file's name is not its content).
   */
  loadAll(run?: string): Promise<BuildRecord[]>
  /**
   * Starts reading the records there are now, saying nothing and failing nothing, so the
   * next listing finds them read (append warms the store while its first requests are out).
   */
  warm(run?: string): void
}

/** How a store reads: what to do with a file that is no record, and with a directory not made yet. */
export interface ReadPolicy extends SkipPolicy {
  /** Days record artifacts are kept (append's `records-retention`). */
  retentionDays?: number
  /** What the artifact store sleeps on between download tries. */
  clock?: Clock
}

/** Downloads of one record artifact before the step fails; the waits between them double from this. */
const DOWNLOAD_TRIES = 3
const DOWNLOAD_RETRY_MS = 1000

export class DirectoryRecordStore implements RecordStore {
  readonly description: string
  /** Files read, by name: a record file is never replaced (names carry run and attempt), so each is read once. */
  private readonly files: ReadCache = new Map()

  constructor(
    private readonly dir: string,
    private readonly policy: ReadPolicy,
  ) {
    this.description = `directory ${dir}`
  }

  async save(record: BuildRecord): Promise<void> {
    await this.write(`${recordFileStem(record)}.json`, record)
  }

  async saveCompletion(record: BuildRecord, completion: Completion): Promise<void> {
    await this.write(`${recordFileStem(record)}.done.json`, completionOf(record, completion))
  }

  private async write(name: string, content: object): Promise<void> {
    const temporary = path.join(this.dir, `.${name}.${process.pid}.tmp`)
    await makeDirectory(this.dir)
    await writeFile(temporary, JSON.stringify(content, null, 2) + '\n')
    await rename(temporary, path.join(this.dir, name))
    // Replaced only by a run that reuses its attempt (the CLI, run twice): the next listing reads it anew.
    this.files.delete(name)
  }

  async loadAll(run?: string): Promise<BuildRecord[]> {
    return withCompletions(await readRecordFiles(this.dir, this.policy, this.files, ofRun(run)))
  }

  warm(run?: string): void {
    // A skipped file is said by the listing that meets it, not here.
    readRecordFiles(this.dir, { ...this.policy, onSkipped: () => {} }, this.files, ofRun(run)).catch(() => {})
  }
}

/** The run's artifacts that are records (never its other artifacts). */
function recordArtifacts<T extends { name: string }>(artifacts: readonly T[]): T[] {
  return artifacts.filter((a) => a.name.startsWith(RECORD_PREFIX))
}

/** A directory shared by runs: only the files not named as another run's are read. */
function ofRun(run: string | undefined): ((file: string) => boolean) | undefined {
  if (run === undefined) return undefined
  return (file) => !namedForAnotherRun(file, run)
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
  /** Downloads the warm-up started (one try each), until a listing takes them over. */
  private readonly warming = new Map<number, Promise<Stored[]>>()
  private connected?: Promise<ArtifactService>

  constructor(
    /**
     * The service, connected on first use: @actions/artifact takes ~135 ms to load, which
     * append spends while its first registry requests are out, not before sending them.
     */
    private readonly connect: () => Promise<ArtifactService>,
    private readonly policy: ReadPolicy,
    /** Days the record artifacts are kept: long enough for re-runs of failed jobs. */
    private readonly retentionDays?: number,
  ) {}

  private service(): Promise<ArtifactService> {
    return (this.connected ??= this.connect())
  }

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
      await (await this.service()).upload(name, file, dir, this.retentionDays)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  async loadAll(): Promise<BuildRecord[]> {
    const artifacts = recordArtifacts(await (await this.service()).list())
    // A record that cannot be read is not skipped: the union could then drop its platform.
    const stored = await Promise.all(artifacts.map((a) => this.download(a)))
    return withCompletions(stored.flat())
  }

  warm(): void {
    // One try each, never a wait between tries (a job that fails meanwhile is not kept alive by
    // them): a download that fails is tried again, with waits, by the listing that needs it.
    this.service()
      .then((service) => service.list())
      .then(
        (artifacts) => {
          for (const artifact of recordArtifacts(artifacts)) {
            if (this.downloaded.has(artifact.id) || this.warming.has(artifact.id)) continue
            const early = this.downloadWithRetries(artifact, 1)
            early.catch(() => {})
            this.warming.set(artifact.id, early)
          }
        },
        () => {},
      )
  }

  private download(artifact: { id: number; name: string }): Promise<Stored[]> {
    let records = this.downloaded.get(artifact.id)
    if (!records) {
      const early = this.warming.get(artifact.id)
      this.warming.delete(artifact.id)
      records = early ? early.catch(() => this.downloadWithRetries(artifact)) : this.downloadWithRetries(artifact)
      records.catch(() => this.downloaded.delete(artifact.id))
      this.downloaded.set(artifact.id, records)
    }
    return records
  }

  /** A download that fails is tried again (the service can fail for a moment); after the last try the step fails. */
  private async downloadWithRetries(
    { id, name }: { id: number; name: string },
    tries = DOWNLOAD_TRIES,
  ): Promise<Stored[]> {
    const clock = this.policy.clock ?? systemClock
    for (let tried = 1; ; tried++) {
      const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-records-'))
      try {
        await (await this.service()).download(id, dir)
        return await readRecordFiles(dir, this.policy)
      } catch (error) {
        if (error instanceof UnreadableRecordError || tried >= tries)
          throw new UnreadableRecordError(
            `record artifact ${name} (id ${id}) could not be read (${tried} ${tried === 1 ? 'try' : 'tries'}): ${errorMessage(error)} ` +
              '(after "Re-run failed jobs" the artifact service may list earlier attempts\' artifacts it no longer serves)',
            { cause: error },
          )
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
      await clock.sleep(DOWNLOAD_RETRY_MS * 2 ** (tried - 1))
    }
  }
}

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

/** The store the `records` input names: `artifact` (its service connected on first use), a directory, or none (CLI outside Actions). */
export function openRecordStore(
  spec: string | undefined,
  artifacts: () => Promise<ArtifactService>,
  policy: ReadPolicy,
): RecordStore | undefined {
  if (spec === undefined) return undefined
  if (spec === 'artifact') return new ArtifactRecordStore(artifacts, policy, policy.retentionDays)
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
