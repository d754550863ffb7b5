/**
 * How bake merges two definitions of a target (a parent into a child, or the same
 * target from a later file), as far as this tool reads a target: its tags and
 * platforms, which the later definition replaces (a field it leaves out, or sets to
 * null, keeps the earlier value). The fields bake merges per key (args, labels …) are
 * buildx's to apply at build time; this tool reads none of them.
 */
import type { JsonObject } from './types.js'

export function mergeTarget(base: JsonObject, later: JsonObject): JsonObject {
  const out: JsonObject = { ...base }
  for (const [field, value] of Object.entries(later)) {
    if (value === undefined || value === null || field === 'inherits') continue
    out[field] = value
  }
  return out
}
