/**
 * Bake `--set` overrides: `pattern.key[.name][+]=value`, where pattern is a target
 * name or a glob (`*`, `web-*`). Repeated list keys accumulate and `+=` appends to
 * the target's own value, as buildx does.
 */
import { globToRegExp } from '../common/glob.js'
import { entryType, parseEntry } from './entries.js'
import { type JsonObject, isJsonObject } from './types.js'

export interface Override {
  /** Target name or glob. */
  pattern: string
  /** Override key as bake names it: `tags`, `platform`, `args`… */
  key: string
  /** Map entry for `args.NAME`, `labels.NAME`, `contexts.NAME`, `extra-hosts.NAME`. */
  entry?: string
  value: string
  append: boolean
}

/** The keys bake's `--set` takes (a line naming another is bad input). */
const LIST_KEYS = new Set([
  'tags',
  'platform',
  'output',
  'cache-from',
  'cache-to',
  'secrets',
  'ssh',
  'attest',
  'annotations',
  'entitlements',
  'policy',
  'no-cache-filter',
  'ulimits',
])
const MAP_KEYS = new Set(['args', 'labels', 'contexts', 'extra-hosts'])
const SCALAR_KEYS = new Set(['context', 'dockerfile', 'target', 'call', 'shm-size', 'network'])
const BOOLEAN_KEYS = new Set(['no-cache', 'pull', 'push', 'load'])

/** Parses one `--set` line; throws with the reason. */
export function parseOverride(line: string): Override {
  const eq = line.indexOf('=')
  if (eq < 0) throw new Error(`'${line}': expected target.key=value`)
  const rawKey = line.slice(0, eq).trim()
  const value = line.slice(eq + 1)
  const append = rawKey.endsWith('+')
  const parts = (append ? rawKey.slice(0, -1) : rawKey).split('.')
  if (parts.length < 2 || parts[0] === '') throw new Error(`'${line}': expected target.key=value`)
  const [pattern, key, ...rest] = parts
  const entry = rest.length > 0 ? rest.join('.') : undefined
  if (MAP_KEYS.has(key)) {
    if (!entry) throw new Error(`'${line}': ${key} needs a name (${key}.NAME=value)`)
  } else if (entry !== undefined || !(LIST_KEYS.has(key) || SCALAR_KEYS.has(key) || BOOLEAN_KEYS.has(key))) {
    throw new Error(`'${line}': unknown key '${parts.slice(1).join('.')}'`)
  }
  if (BOOLEAN_KEYS.has(key) && !/^(true|false|1|0)$/i.test(value)) {
    throw new Error(`'${line}': ${key} takes true or false`)
  }
  return { pattern, key, ...(entry !== undefined && { entry }), value, append }
}

/** Target names an override pattern applies to: the exact name, else every glob match. */
export function matchTargets(pattern: string, targetNames: readonly string[]): string[] {
  if (targetNames.includes(pattern)) return [pattern]
  const re = globToRegExp(pattern)
  return targetNames.filter((name) => re.test(name))
}

/** Overrides per target name, in the order given. Throws when a pattern matches no target. */
export function overridesByTarget(
  overrides: readonly Override[],
  targetNames: readonly string[],
): Map<string, Override[]> {
  const byTarget = new Map<string, Override[]>()
  for (const override of overrides) {
    const names = matchTargets(override.pattern, targetNames)
    if (names.length === 0) throw new Error(`no target matches '${override.pattern}'`)
    for (const name of names) byTarget.set(name, [...(byTarget.get(name) ?? []), override])
  }
  return byTarget
}

/** The list keys a `--set` line replaces (or `+=` extends), and the field each fills. */
const LIST_FIELDS = [
  ['tags', 'tags'],
  ['platform', 'platforms'],
  ['output', 'output'],
  ['cache-from', 'cache-from'],
  ['cache-to', 'cache-to'],
] as const

/**
 * Applies one target's overrides to the fields this tool reads (a fresh object is
 * returned): for a list key, repeated lines accumulate and `+=` appends to the target's
 * own value; `contexts.NAME` sets one context; `call` replaces; `push` and `load` change
 * the outputs as buildx does. Every other key was checked by parseOverride (a typo is bad
 * input) and is buildx's to apply.
 */
export function applyOverrides(definition: JsonObject, overrides: readonly Override[]): JsonObject {
  const out: JsonObject = { ...definition }
  for (const [key, field] of LIST_FIELDS) {
    const group = overrides.filter((o) => o.key === key)
    if (group.length === 0) continue
    const values = group.map((o) => o.value)
    out[field] = group[group.length - 1].append ? [...asList(out[field]), ...values] : values
  }
  for (const o of overrides) {
    if (o.key === 'contexts' && o.entry !== undefined) {
      out.contexts = { ...(isJsonObject(out.contexts) ? out.contexts : {}), [o.entry]: o.value }
    }
    if (o.key === 'call') out.call = o.value
  }
  const push = lastValue(overrides, 'push')
  if (push !== undefined) out.output = pushOutputs(asList(out.output), push)
  if (lastValue(overrides, 'load') === 'true') out.output = loadOutputs(asList(out.output))
  return out
}

function lastValue(overrides: readonly Override[], key: string): string | undefined {
  const value = overrides.filter((o) => o.key === key).pop()?.value
  return value === undefined ? undefined : String(/^(true|1)$/i.test(value))
}

/**
 * `push`, as current buildx applies it: true pushes every image output, and adds one when
 * every output is a docker load (or there is none); false drops registry outputs and
 * stops image outputs pushing.
 */
function pushOutputs(outputs: unknown[], push: string): unknown[] {
  const pushed = (output: unknown) => (isJsonObject(output) ? { ...output, push } : `${String(output)},push=${push}`)
  if (push === 'false') {
    return outputs.filter((o) => outputType(o) !== 'registry').map((o) => (outputType(o) === 'image' ? pushed(o) : o))
  }
  const updated = outputs.map((o) => (outputType(o) === 'image' ? pushed(o) : o))
  return outputs.every((o) => outputType(o) === 'docker') ? [...updated, 'type=image,push=true'] : updated
}

/** `load`: a docker output besides the others, unless there is one. */
function loadOutputs(outputs: unknown[]): unknown[] {
  return outputs.some((output) => outputType(output) === 'docker') ? outputs : [...outputs, 'type=docker']
}

function outputType(output: unknown): string {
  try {
    return entryType(parseEntry(output, 'output', 'output'))
  } catch {
    return '' // reported with its reason when the target is finalised
  }
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}
