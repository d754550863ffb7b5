/**
 * How bake merges two definitions of a target (a parent into a child, or the same
 * target from a later file): maps merge per key, some lists accumulate, everything
 * else (tags and platforms included) is replaced by the later definition.
 */
import { type JsonObject, isJsonObject } from './types.js'

const MAP_FIELDS = new Set(['args', 'labels', 'contexts', 'extra-hosts'])
const ACCUMULATED_FIELDS = new Set([
  'annotations',
  'attest',
  'policy',
  'secret',
  'ssh',
  'cache-from',
  'no-cache-filter',
  'ulimits',
  'entitlements',
])

export function mergeTarget(base: JsonObject, later: JsonObject): JsonObject {
  const out: JsonObject = { ...base }
  for (const [field, value] of Object.entries(later)) {
    if (value === undefined || value === null) continue
    if (field === 'inherits') continue
    if (MAP_FIELDS.has(field) && isJsonObject(value)) {
      out[field] = { ...(isJsonObject(out[field]) ? out[field] : {}), ...withoutNulls(value) }
    } else if (ACCUMULATED_FIELDS.has(field) && Array.isArray(value)) {
      out[field] = dedupe([...(Array.isArray(out[field]) ? out[field] : []), ...value])
    } else {
      out[field] = value
    }
  }
  return out
}

function withoutNulls(map: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== null && v !== undefined))
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>()
  return values.filter((v) => {
    const key = JSON.stringify(v)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
