/**
 * Reads bake files from disk and resolves them: natively for JSON, through
 * `docker buildx bake --print` for HCL, compose, or JSON the native resolver
 * cannot evaluate (HCL functions, expressions).
 */
import { readFile, stat } from '../common/fs.js'
import path from 'node:path'
import { InputError, errorMessage } from '../common/errors.js'
import type { Exec } from '../common/exec.js'
import { parseOverride } from './overrides.js'
import { assertNoDuplicatePlatforms, resolveBake, resolvePrinted } from './resolve.js'
import { type BakeFile, type ResolvedTarget, UnsupportedBakeError, isJsonObject } from './types.js'

export interface BakeSource {
  workdir: string
  /** As given by the user; empty means buildx's default lookup. */
  files: readonly string[]
  targets: readonly string[]
  set: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  /** No bake file at all is not an error (append with `tags`): loadBake then returns undefined. */
  optional?: boolean
}

/** buildx's own lookup order when no file is named. */
export const DEFAULT_BAKE_FILES = [
  'compose.yaml',
  'compose.yml',
  'docker-compose.yml',
  'docker-compose.yaml',
  'docker-bake.json',
  'docker-bake.hcl',
  'docker-bake.override.json',
  'docker-bake.override.hcl',
]
const MAX_FILE_BYTES = 16 * 1024 * 1024

interface LoadedFile {
  name: string
  text: string
  json?: unknown
}

export async function loadBake(source: BakeSource & { optional?: false }, exec: Exec): Promise<ResolvedTarget[]>
export async function loadBake(source: BakeSource, exec: Exec): Promise<ResolvedTarget[] | undefined>
export async function loadBake(source: BakeSource, exec: Exec): Promise<ResolvedTarget[] | undefined> {
  const overrides = source.set.map((line) => {
    try {
      const override = parseOverride(line)
      if (override.key === 'platform') assertNoDuplicatePlatforms([override.value], 'set', `'${line}'`)
      return override
    } catch (error) {
      if (error instanceof InputError) throw error
      throw new InputError('set', errorMessage(error))
    }
  })
  const files = await readBakeFiles(source)
  if (files.length === 0) return undefined
  const nonJson = files.find((f) => f.json === undefined)
  if (!nonJson) {
    try {
      const parsed: BakeFile[] = files.map((f) => ({ name: f.name, content: f.json as BakeFile['content'] }))
      return resolveBake(parsed, { targets: source.targets, overrides, env: source.env })
    } catch (error) {
      if (!(error instanceof UnsupportedBakeError)) throw error
      return printWithBuildx(source, files, exec, error.message)
    }
  }
  return printWithBuildx(source, files, exec, `${nonJson.name} is not JSON (HCL or compose)`)
}

async function readBakeFiles(source: BakeSource): Promise<LoadedFile[]> {
  const explicit = source.files.length > 0
  const names = explicit ? source.files.map(localPath) : DEFAULT_BAKE_FILES
  // Every name is looked up at once (most defaults are absent): one round trip to the file
  // system, not nine in a row (~2 ms of an append's start). A failure is reported as the
  // lookups in order would meet it: the working directory's first, then the files' as listed.
  const [workdir, ...reads] = await Promise.allSettled([
    checkWorkdir(source.workdir),
    ...names.map((name) => readBakeFile(path.resolve(source.workdir, name), name, explicit)),
  ])
  if (workdir.status === 'rejected') throw workdir.reason
  const files: LoadedFile[] = []
  for (const [i, read] of reads.entries()) {
    if (read.status === 'rejected') throw read.reason
    if (read.value !== undefined)
      files.push({ name: names[i], text: read.value, json: parseJson(names[i], read.value) })
  }
  if (files.length === 0 && !source.optional) {
    throw new InputError(
      'files',
      `no bake file found in '${source.workdir}' (looked for ${DEFAULT_BAKE_FILES.join(', ')})`,
    )
  }
  return files
}

/**
 * `cwd://docker-bake.json` is how docker/bake-action (and metadata-action's recipe)
 * names a file of the working directory rather than of the Git context: here every
 * file is read from `workdir`, so the prefix only goes.
 */
export function localPath(name: string): string {
  return name.startsWith('cwd://') ? name.slice('cwd://'.length) : name
}

async function checkWorkdir(workdir: string): Promise<void> {
  let info
  try {
    info = await stat(workdir)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})`
    throw new InputError('workdir', `'${workdir}' ${why}`)
  }
  if (!info.isDirectory()) throw new InputError('workdir', `'${workdir}' is a file, not a directory`)
}

async function readBakeFile(fullPath: string, name: string, required: boolean): Promise<string | undefined> {
  try {
    const info = await stat(fullPath)
    if (!info.isFile()) throw new InputError('files', `'${name}' is not a file`)
    if (info.size > MAX_FILE_BYTES) throw new InputError('files', `'${name}' is larger than ${MAX_FILE_BYTES} bytes`)
    return await readFile(fullPath, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    if (required) throw new InputError('files', `file not found: '${name}' (in '${path.dirname(fullPath)}')`)
    return undefined
  }
}

/** Parsed JSON, or undefined for HCL/compose. A `.json` file that does not parse is an error. */
function parseJson(name: string, text: string): unknown {
  try {
    const json: unknown = JSON.parse(text)
    if (!isJsonObject(json)) throw new InputError('files', `${name}: a bake file must hold a JSON object`)
    return json
  } catch (error) {
    if (error instanceof InputError) throw error
    if (name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')) {
      throw new InputError('files', `${name}: malformed JSON: ${errorMessage(error)}`)
    }
    return undefined
  }
}

async function printWithBuildx(
  source: BakeSource,
  files: readonly LoadedFile[],
  exec: Exec,
  reason: string,
): Promise<ResolvedTarget[]> {
  const args = [
    'buildx',
    'bake',
    '--print',
    ...files.flatMap((f) => ['--file', f.name]),
    ...source.set.flatMap((s) => ['--set', s]),
    ...source.targets,
  ]
  let result
  try {
    result = await exec('docker', args, { cwd: source.workdir })
  } catch (error) {
    throw new InputError('files', `${reason}, but docker buildx is not available: ${errorMessage(error)}`)
  }
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim() || result.stdout.trim()
    throw new InputError('files', `${reason}; docker buildx bake --print failed (exit ${result.exitCode}): ${detail}`)
  }
  let printed: unknown
  try {
    printed = JSON.parse(result.stdout)
  } catch (error) {
    throw new InputError('files', `docker buildx bake --print printed no JSON: ${errorMessage(error)}`)
  }
  return resolvePrinted(printed, source.targets)
}
