/**
 * The tags of a packed matrix entry: one job builds several targets, so each tag line
 * says whose it is, `target=ref` (a ref never holds `=`). A plain line is a tag of every
 * target, as in an entry of one target. Pure.
 */
import { InputError, errorMessage } from '../common/errors.js'
import { normalizeTag } from '../oci/reference.js'

export interface TagInput {
  /** Every ref named, normalised, in the order given. */
  tags: string[]
  /** Each target's refs, when the lines name their targets (a packed entry). */
  byTarget?: Record<string, string[]>
}

const TARGET_LINE = /^([a-zA-Z0-9_-]+)=(.*)$/

export function parseTagInput(items: readonly string[]): TagInput {
  const lines = items.map((item) => {
    const match = TARGET_LINE.exec(item)
    return { target: match?.[1], ref: normalized(match ? match[2] : item) }
  })
  const named = lines.filter((line) => line.target !== undefined)
  if (named.length === 0) return { tags: lines.map((l) => l.ref) }
  if (named.length < lines.length) {
    throw new InputError(
      'tags',
      'either every line names its target (target=ref, as a packed matrix entry writes) or none',
    )
  }
  // No prototype: a target may be named `constructor` or `__proto__`.
  const byTarget: Record<string, string[]> = Object.create(null)
  for (const { target, ref } of named) (byTarget[target as string] ??= []).push(ref)
  return { tags: lines.map((l) => l.ref), byTarget }
}

function normalized(tag: string): string {
  try {
    return normalizeTag(tag.trim())
  } catch (error) {
    throw new InputError('tags', errorMessage(error))
  }
}
