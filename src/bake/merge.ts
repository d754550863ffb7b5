/**
 * How bake merges two definitions of a target (a parent into a child, or the same
 * target from a later file), as buildx's `Target.Merge` does: maps (`args`, `labels`,
 * `contexts`) merge key by key, the lists bake marks "merge" (`cache-from`,
 * `annotations`, `attest`, `secrets`, `ssh`, `no-cache-filter`) append, and every other
 * field, `tags`, `platforms`, `output` and `cache-to` among them, is replaced. A field the
 * later definition leaves out, or sets to null, keeps the earlier value.
 */
import { type JsonObject, isJsonObject } from './types.js'

const MAP_FIELDS = new Set(['args', 'labels', 'contexts'])
const APPENDED_FIELDS = new Set(['cache-from', 'annotations', 'attest', 'secrets', 'ssh', 'no-cache-filter'])

export function mergeTarget(base: JsonObject, later: JsonObject): JsonObject {
  const out: JsonObject = { ...base }
  for (const [field, value] of Object.entries(later)) {
    if (value === undefined || value === null || field === 'inherits') continue
    const earlier = out[field]
    if (MAP_FIELDS.has(field) && isJsonObject(earlier) && isJsonObject(value)) out[field] = { ...earlier, ...value }
    else if (APPENDED_FIELDS.has(field) && Array.isArray(earlier) && Array.isArray(value))
      out[field] = [...earlier, ...value]
    else out[field] = value
  }
  return out
}
