/**
 * Bake `--set` overrides: `pattern.key[.name][+]=value`, where pattern is a target
 * name or a glob (`*`, `web-*`). Repeated list keys accumulate and `+=` appends to
 * the target's own value, as buildx does.
 */
import { globToRegExp } from '../common/glob.js'
import type { JsonObject } from './types.js'

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

/** Keys whose repeated `--set` values accumulate into one list, mapped to their JSON field. */
const LIST_KEYS: Record<string, string> = {
  tags: 'tags',
  platform: 'platforms',
  output: 'output',
  'cache-from': 'cache-from',
  'cache-to': 'cache-to',
  secrets: 'secret',
  ssh: 'ssh',
  attest: 'attest',
  annotations: 'annotations',
  entitlements: 'entitlements',
  policy: 'policy',
  'no-cache-filter': 'no-cache-filter',
  ulimits: 'ulimits',
}
/** List keys that always add to what the target has (bake merges them). */
const ALWAYS_MERGED = new Set(['attest', 'annotations', 'entitlements'])
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
  } else if (entry !== undefined || !(key in LIST_KEYS || SCALAR_KEYS.has(key) || BOOLEAN_KEYS.has(key))) {
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

/** Applies one target's overrides to its merged definition (a fresh object is returned). */
export function applyOverrides(definition: JsonObject, overrides: readonly Override[]): JsonObject {
  const out: JsonObject = { ...definition }
  for (const [key, group] of groupByKey(overrides)) {
    const last = group[group.length - 1]
    if (key in LIST_KEYS) {
      const field = LIST_KEYS[key]
      const values = group.map((o) => o.value)
      const merge = last.append || ALWAYS_MERGED.has(key)
      out[field] = merge ? [...asList(out[field]), ...values] : values
    } else if (MAP_KEYS.has(last.key)) {
      out[last.key] = { ...(out[last.key] as JsonObject | undefined), [last.entry as string]: last.value }
    } else if (BOOLEAN_KEYS.has(key)) {
      out[key] = /^(true|1)$/i.test(last.value)
    } else {
      out[key] = last.value
    }
  }
  return out
}

/** Groups by full key (`args.FOO` apart from `args.BAR`), keeping first-seen order. */
function groupByKey(overrides: readonly Override[]): Map<string, Override[]> {
  const groups = new Map<string, Override[]>()
  for (const o of overrides) {
    const full = o.entry !== undefined ? `${o.key}.${o.entry}` : o.key
    groups.set(full, [...(groups.get(full) ?? []), o])
  }
  return groups
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}
