/** Raw input strings (from action inputs or CLI flags) → typed, validated Inputs. */
import type { OtherAnnotations } from '../common/annotations.js'
import { InputError } from '../common/errors.js'
import { isLoopbackHost } from '../oci/reference.js'
import { type TagInput, parseTagInput } from '../bake/target-tags.js'
import { MAX_METADATA_BYTES } from '../append/metadata.js'
import { type CacheMode, GITHUB_MATRIX_LIMIT } from '../matrix/plan.js'
import { type RunnerRule, parseRunnerRules } from '../matrix/runners.js'
import type { SigningServices } from '../signing/sign.js'

export type { OtherAnnotations } from '../common/annotations.js'

export const MODES = ['matrix', 'append', 'verify'] as const
export type Mode = (typeof MODES)[number]

export interface Inputs {
  mode: Mode
  files: string[]
  targets: string[]
  workdir: string
  set: string[]
  runners: RunnerRule[]
  cache: CacheMode
  /** JSON text or a path to a file holding it; read by append mode. */
  metadata: string
  /** Index-level annotations (unprefixed or `index:` lines). */
  annotations: Array<[string, string]>
  /** Lines of other levels: image-level ones bake applied at build time, and descriptor ones. */
  otherAnnotations: OtherAnnotations
  /** Full tag refs that replace the bake definition's (matrix entries carry them). */
  tags: string[]
  /** Each target's refs, when the `tags` lines name their targets (a packed matrix entry). */
  targetTags?: Record<string, string[]>
  settleSeconds: number
  /** Seconds after an ambiguous write attempt before the write counts as landed. */
  orphanHorizonSeconds: number
  dryRun: boolean
  defer: boolean
  /** `artifact`, a directory path, or undefined (no default outside Actions). */
  records?: string
  prune: boolean
  /** verify in a `defer` run: publish although some platforms of a target have no record. */
  partial: boolean
  /** Days record artifacts are kept. */
  recordsRetentionDays: number
  insecureRegistries: string[]
  maxEntries: number
  /** verify: sign each final index digest (keyless Sigstore); the services and trust root it uses. */
  sign: boolean
  signing: SigningServices
  /** verify: delete the GHCR versions this run wrote and superseded. */
  cleanup: boolean
  /** The registry whose repositories are GitHub packages (GHCR). */
  ghcrRegistry: string
  /** The token cleanup deletes with. */
  githubToken?: string
}

/** Every input name, as action.yml declares it (CLI flags use the same names). */
export const INPUT_NAMES = [
  'mode',
  'files',
  'targets',
  'workdir',
  'set',
  'runners',
  'cache',
  'metadata',
  'annotations',
  'tags',
  'settle',
  'orphan-horizon',
  'dry-run',
  'defer',
  'records',
  'prune',
  'partial',
  'records-retention',
  'insecure-registries',
  'max-entries',
  'sign',
  'sign-tlog',
  'sigstore-fulcio-url',
  'sigstore-rekor-url',
  'sigstore-tsa-url',
  'sigstore-trusted-root',
  'cleanup',
  'github-token',
  'ghcr-registry',
] as const
export type InputName = (typeof INPUT_NAMES)[number]

/** Returns the raw value of an input, '' when not given. */
export type InputGetter = (name: InputName) => string

const MAX_INPUT_BYTES = 1024 * 1024
const MAX_SETTLE_SECONDS = 600
const MAX_ENTRIES = 1_000_000

export function readInputs(get: InputGetter, insideActions: boolean): Inputs {
  const raw = (name: InputName): string => {
    const value = get(name)
    const limit = name === 'metadata' ? MAX_METADATA_BYTES : MAX_INPUT_BYTES
    if (Buffer.byteLength(value) > limit) throw new InputError(name, `longer than ${limit} bytes`)
    return value.trim()
  }
  const records = raw('records') || (insideActions ? 'artifact' : undefined)
  const mode = oneOf('mode', raw('mode'), MODES)
  return {
    mode,
    files: splitList(raw('files')),
    targets: splitList(raw('targets')),
    workdir: raw('workdir') || '.',
    set: splitLines(raw('set')),
    runners: parseRunnerRules(splitLines(raw('runners'))),
    cache: oneOf('cache', raw('cache') || 'none', ['none', 'gha'] as const),
    metadata: raw('metadata'),
    ...parseAnnotations(splitLines(raw('annotations'))),
    ...tagInput(parseTagInput(splitList(raw('tags')))),
    settleSeconds: parseNumber('settle', raw('settle') || '3', MAX_SETTLE_SECONDS),
    orphanHorizonSeconds: parseNumber('orphan-horizon', raw('orphan-horizon') || '30', MAX_SETTLE_SECONDS),
    dryRun: parseBoolean('dry-run', raw('dry-run')),
    defer: parseBoolean('defer', raw('defer')),
    ...(records !== undefined && { records }),
    prune: parseBoolean('prune', raw('prune')),
    partial: parseBoolean('partial', raw('partial')),
    // Artifact retention, as the artifact service takes it: whole days, 1 to 90.
    recordsRetentionDays: parseCount('records-retention', raw('records-retention') || '7', 'days', 90),
    insecureRegistries: splitList(raw('insecure-registries')).map((h) => h.toLowerCase()),
    maxEntries: parseCount('max-entries', raw('max-entries') || String(GITHUB_MATRIX_LIMIT), 'entries', MAX_ENTRIES),
    sign: signOnlyInVerify(mode, parseBoolean('sign', raw('sign'))),
    signing: readSigning(raw),
    ...readCleanup(mode, raw),
  }
}

function tagInput({ tags, byTarget }: TagInput): Pick<Inputs, 'tags' | 'targetTags'> {
  return { tags, ...(byTarget && { targetTags: byTarget }) }
}

/** `cleanup` belongs to verify (the run's last writer); the registry is a host[:port]; the token is never echoed. */
function readCleanup(mode: Mode, raw: (name: InputName) => string) {
  const cleanup = parseBoolean('cleanup', raw('cleanup'))
  if (cleanup && mode !== 'verify')
    throw new InputError('cleanup', `cleanup belongs to verify (after every tag is final), not to ${mode}`)
  const ghcrRegistry = (raw('ghcr-registry') || 'ghcr.io').toLowerCase()
  if (!REGISTRY_HOST.test(ghcrRegistry))
    throw new InputError('ghcr-registry', `'${ghcrRegistry}' is not a registry host (host or host:port)`)
  const githubToken = raw('github-token')
  return { cleanup, ghcrRegistry, ...(githubToken && { githubToken }) }
}

const REGISTRY_HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/

/** `sign` elsewhere than verify would silently sign nothing: refused instead. */
function signOnlyInVerify(mode: Mode, sign: boolean): boolean {
  if (sign && mode !== 'verify')
    throw new InputError('sign', `signing belongs to verify (it signs the final index), not to ${mode}`)
  return sign
}

function readSigning(raw: (name: InputName) => string): SigningServices {
  const url = (name: InputName) => serviceUrl(name, raw(name))
  const [fulcioUrl, rekorUrl, tsaUrl] = [url('sigstore-fulcio-url'), url('sigstore-rekor-url'), url('sigstore-tsa-url')]
  const trustedRoot = raw('sigstore-trusted-root')
  return {
    ...(fulcioUrl && { fulcioUrl }),
    ...(rekorUrl && { rekorUrl }),
    ...(tsaUrl && { tsaUrl }),
    tlog: oneOf('sign-tlog', raw('sign-tlog') || 'auto', ['auto', 'true', 'false'] as const),
    ...(trustedRoot && { trustedRoot }),
  }
}

/** A Sigstore service: https, or plain http on loopback only (Fulcio is sent the OIDC token). */
function serviceUrl(name: InputName, value: string): string | undefined {
  if (value === '') return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InputError(name, `'${value}' is not a URL`)
  }
  // Credentials in the URL are never echoed back.
  if (url.username || url.password) throw new InputError(name, 'a service URL must not carry credentials')
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    throw new InputError(name, `'${value}': https only (plain http on loopback only: the identity token is sent there)`)
  if (url.search || url.hash) throw new InputError(name, `'${value}': a service's base URL, without query or fragment`)
  return value.replace(/\/+$/, '')
}

/** Newline- or comma-separated list. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

/** One item per line (values may contain commas). */
export function splitLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

function oneOf<T extends string>(name: InputName, value: string, allowed: readonly T[]): T {
  if (value === '') throw new InputError(name, `required: one of ${allowed.join(', ')}`)
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, `'${value}' is not one of ${allowed.join(', ')}`)
  }
  return value as T
}

function parseBoolean(name: InputName, value: string): boolean {
  if (value === '' || /^false$/i.test(value)) return false
  if (/^true$/i.test(value)) return true
  throw new InputError(name, `'${value}' is not true or false`)
}

function parseNumber(name: InputName, value: string, max: number): number {
  const number = Number(value)
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(number) || number > max) {
    throw new InputError(name, `'${value}' is not a number of seconds from 0 to ${max}`)
  }
  return number
}

/** A whole number of something (`entries`, `days`) from 1 to max. */
function parseCount(name: InputName, value: string, unit: string, max: number): number {
  const count = Number(value)
  if (!/^\d+$/.test(value) || count < 1 || count > max)
    throw new InputError(name, `'${value}' is not a whole number of ${unit} from 1 to ${max}`)
  return count
}

const ANNOTATION_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/
/** metadata-action's and buildx's level prefixes: `index:`, `manifest[linux/amd64]:`, `index,manifest:` … */
const LEVELS =
  /^((?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?(?:,(?:index|manifest|index-descriptor|manifest-descriptor)(?:\[[^\]]*\])?)*):/

function parseAnnotations(lines: readonly string[]): {
  annotations: Array<[string, string]>
  otherAnnotations: OtherAnnotations
} {
  const annotations: Array<[string, string]> = []
  const otherAnnotations: OtherAnnotations = { imageLevel: [], indexDescriptor: [] }
  for (const line of lines) {
    const levels = LEVELS.exec(line)?.[1]
    const pair = parseAnnotation(line, levels ? line.slice(levels.length + 1) : line)
    const kinds = new Set((levels ?? 'index').split(',').map((l) => l.replace(/\[.*$/, '')))
    if (kinds.has('index')) annotations.push(pair)
    if (kinds.has('manifest') || kinds.has('manifest-descriptor')) otherAnnotations.imageLevel.push(line)
    if (kinds.has('index-descriptor')) otherAnnotations.indexDescriptor.push(line)
  }
  return { annotations, otherAnnotations }
}

function parseAnnotation(line: string, text: string): [string, string] {
  const eq = text.indexOf('=')
  const key = text.slice(0, Math.max(0, eq)).trim()
  if (eq < 0 || !ANNOTATION_KEY.test(key)) {
    throw new InputError(
      'annotations',
      `'${line}': expected [level:]key=value with a key like org.opencontainers.image.source`,
    )
  }
  return [key, text.slice(eq + 1)]
}
