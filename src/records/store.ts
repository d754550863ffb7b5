/**
 * Where records live: files in a directory, or workflow artifacts `bake-fanout-<slug>`
 * inside Actions. The artifact service is reached only through ArtifactService.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from '../common/errors.js'
import { type BuildRecord, RECORD_PREFIX, parseRecord, recordName } from './record.js'

export interface RecordStore {
  readonly description: string
  save(record: BuildRecord): Promise<void>
  loadAll(): Promise<BuildRecord[]>
}

/** Records as `<dir>/bake-fanout-<slug>.json`. */
export class DirectoryRecordStore implements RecordStore {
  readonly description: string

  constructor(private readonly dir: string) {
    this.description = `directory ${dir}`
  }

  async save(record: BuildRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    const file = path.join(this.dir, `${recordName(record.target, record.platforms)}.json`)
    await writeFile(file, JSON.stringify(record, null, 2) + '\n')
  }

  async loadAll(): Promise<BuildRecord[]> {
    return readRecordFiles(this.dir)
  }
}

/** The boundary to the Actions artifact service (faked in tests; it cannot run here). */
export interface ArtifactService {
  /** Fails when the name is taken in this run. */
  upload(name: string, file: string, rootDirectory: string): Promise<void>
  /** Artifacts of the current workflow run. */
  list(): Promise<Array<{ id: number; name: string }>>
  /** Downloads an artifact into `dir`. */
  download(id: number, dir: string): Promise<void>
  delete(name: string): Promise<void>
}

export class ArtifactRecordStore implements RecordStore {
  readonly description = 'workflow artifacts'

  constructor(private readonly service: ArtifactService) {}

  async save(record: BuildRecord): Promise<void> {
    const name = recordName(record.target, record.platforms)
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-record-'))
    const file = path.join(dir, `${name}.json`)
    await writeFile(file, JSON.stringify(record, null, 2) + '\n')
    try {
      // A re-run of the job meets its earlier attempt's artifact (names are unique per run): replace it.
      if ((await this.service.list()).some((a) => a.name === name)) await this.service.delete(name)
      await this.service.upload(name, file, dir)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  async loadAll(): Promise<BuildRecord[]> {
    const artifacts = (await this.service.list()).filter((a) => a.name.startsWith(RECORD_PREFIX))
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-records-'))
    try {
      await Promise.all(artifacts.map((a) => this.service.download(a.id, path.join(dir, String(a.id)))))
      return await readRecordFiles(dir)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
}

async function readRecordFiles(dir: string): Promise<BuildRecord[]> {
  let files: string[]
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.json'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new InputError('records', `directory '${dir}' does not exist`)
    throw error
  }
  const records: BuildRecord[] = []
  for (const file of files.sort()) {
    const text = await readFile(path.join(dir, file), 'utf8')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new Error(`record ${file} is not valid JSON`)
    }
    records.push(parseRecord(json, file))
  }
  return records
}

/** The store the `records` input names: `artifact`, a directory, or none (CLI outside Actions). */
export async function openRecordStore(
  spec: string | undefined,
  artifacts: () => Promise<ArtifactService>,
): Promise<RecordStore | undefined> {
  if (spec === undefined) return undefined
  if (spec === 'artifact') return new ArtifactRecordStore(await artifacts())
  return new DirectoryRecordStore(spec)
}
