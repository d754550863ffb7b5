/**
 * Records: what each append built and where it belongs (DESIGN §8), read back by
 * verify. Stored as artifacts `bake-fanout-<slug>` inside Actions, or as files in a
 * directory. The artifact service is reached only through ArtifactService.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { InputError } from './errors.js'
import { isJsonObject } from './bake/types.js'
import { slugFor } from './matrix.js'
import { formatPlatform, parsePlatform } from './platform.js'
import { assertDigest, normalizeTag, parseReference, repositoryName } from './reference.js'

export interface BuildRecord {
  version: 1
  target: string
  platforms: string[]
  digest: string
  mediaType: string
  size: number
  /** Repositories the digest was pushed to. */
  repositories: string[]
  /** Full tag refs the platforms belong in. */
  tags: string[]
  /** ISO time the record was made; with runAttempt, decides between records of one platform. */
  createdAt: string
  runAttempt: number
}

export const RECORD_PREFIX = 'bake-fanout-'

export function recordName(target: string, platforms: readonly string[]): string {
  return RECORD_PREFIX + platforms.map((p) => slugFor(target, p)).join('_')
}

/** Validates a record read back from storage; `source` names it in errors. */
export function parseRecord(json: unknown, source: string): BuildRecord {
  const fail = (what: string): never => {
    throw new Error(`record ${source}: ${what}`)
  }
  if (!isJsonObject(json) || json.version !== 1) return fail('not a version 1 bake-fanout record')
  const strings = (v: unknown, what: string): string[] =>
    Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
      ? (v as string[])
      : fail(`${what} must be a non-empty list`)
  if (typeof json.target !== 'string' || json.target === '') fail('no target')
  const platforms = strings(json.platforms, 'platforms').map((p) => formatPlatform(parsePlatform(p)))
  const digest = assertDigest(json.digest, `record ${source} digest`)
  const repositories = strings(json.repositories, 'repositories').map((r) => repositoryName(parseReference(r)))
  const tags = strings(json.tags, 'tags').map(normalizeTag)
  if (typeof json.mediaType !== 'string' || typeof json.size !== 'number') fail('no mediaType or size')
  const createdAt =
    typeof json.createdAt === 'string' && !Number.isNaN(Date.parse(json.createdAt))
      ? json.createdAt
      : fail('no createdAt')
  const runAttempt = typeof json.runAttempt === 'number' ? json.runAttempt : 1
  return {
    version: 1,
    target: json.target as string,
    platforms,
    digest,
    mediaType: json.mediaType as string,
    size: json.size as number,
    repositories,
    tags,
    createdAt,
    runAttempt,
  }
}

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
      await this.service.upload(name, file, dir)
    } catch (error) {
      // A re-run of the job meets its earlier attempt's artifact: replace it.
      if (!/conflict|already exists/i.test((error as Error).message)) throw error
      await this.service.delete(name)
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

/**
 * @actions/artifact behind the ArtifactService boundary; loaded only when used. It
 * needs the Actions runtime, which it reads from the process environment.
 */
export async function actionsArtifactService(): Promise<ArtifactService> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    throw new InputError(
      'records',
      "'artifact' needs the GitHub Actions runtime (ACTIONS_RUNTIME_TOKEN); elsewhere give a directory",
    )
  }
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  const call = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action()
    } catch (error) {
      throw new Error(`workflow artifacts: ${what} failed: ${(error as Error).message}`)
    }
  }
  return {
    upload: (name, file, rootDirectory) =>
      call(`upload of ${name}`, () => client.uploadArtifact(name, [file], rootDirectory)).then(() => {}),
    list: () =>
      call('listing', () => client.listArtifacts({ latest: true })).then((r) =>
        r.artifacts.map((a) => ({ id: a.id, name: a.name })),
      ),
    download: (id, dir) =>
      call(`download of artifact ${id}`, () => client.downloadArtifact(id, { path: dir })).then(() => {}),
    delete: (name) => call(`deletion of ${name}`, () => client.deleteArtifact(name)).then(() => {}),
  }
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
