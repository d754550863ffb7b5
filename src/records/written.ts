/**
 * What an append wrote: each index it PUT to a tag, as the registry acknowledged it.
 * Saved in the job's completion mark, after its writes; verify's GHCR cleanup deletes
 * only such digests (and only when every other condition holds). Read back like any
 * record: validated, never trusted to name anything else.
 */
import { isJsonObject } from '../common/json.js'
import { isDigest, normalizeTag } from '../oci/reference.js'

export interface WrittenIndex {
  /** The full tag ref written. */
  ref: string
  /** The index digest the registry acknowledged. */
  digest: string
}

/** Far more than an append writes (rounds × tags), far less than a file could claim. */
const MAX_WRITTEN = 10_000

export function parseWritten(value: unknown, fail: (what: string) => never): WrittenIndex[] {
  if (!Array.isArray(value) || value.length > MAX_WRITTEN)
    return fail(`written must be a list of at most ${MAX_WRITTEN}`)
  return value.map((entry: unknown, i) => {
    if (!isJsonObject(entry) || typeof entry.ref !== 'string' || !isDigest(entry.digest))
      return fail(`written[${i}] needs a tag ref and a digest`)
    let ref: string
    try {
      ref = normalizeTag(entry.ref)
    } catch {
      return fail(`written[${i}] is not a tag ref`)
    }
    return { ref, digest: entry.digest }
  })
}
