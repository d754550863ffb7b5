/** A record's name: which target, platforms and fan-out it is of. Pure. */
import { slugFor } from '../common/slug.js'

export const RECORD_PREFIX = 'bake-fanout-'

/**
 * `bake-fanout-<slug>-<fan-out key>`: the slug as the matrix makes it, and a short hash
 * of the tag set, so that two fan-outs in one run (a reusable workflow called twice, an
 * outer matrix) with the same target never share a name. Stores add the attempt.
 */
export function recordName(record: { target: string; platforms: readonly string[]; tags: readonly string[] }): string {
  const slug = record.platforms.map((p) => slugFor(record.target, p)).join('_')
  return `${RECORD_PREFIX}${slug}-${fanoutKey(record.tags)}`
}

/**
 * A directory store's file of a record (`.json`) or of its completion mark (`.done.json`):
 * runs and attempts that share a directory do not overwrite each other.
 */
export function recordFileStem(record: {
  target: string
  platforms: readonly string[]
  tags: readonly string[]
  runId: string
  runAttempt: number
}): string {
  return `${recordName(record)}.${record.runId}.${record.runAttempt}`
}

/** `<name>.<runId>.<attempt>[.done].json`, where slugs (a Windows os.version) and run ids may hold dots. */
const ATTEMPT_SUFFIX = /\.\d+(?:\.done)?\.json$/

/**
 * Whether a record file's name says it is of another run than `run`. A file of `run`
 * never is (its stem ends in `.<run>`, whatever dots slug and run id hold); neither is a
 * name of no record file (it is read, to be judged). Another run's file whose name ends
 * like one of `run` (run `1.5` beside run `5`) is read too, and kept out by its content.
 */
export function namedForAnotherRun(file: string, run: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1)
  const attempt = ATTEMPT_SUFFIX.exec(name)
  if (!name.startsWith(RECORD_PREFIX) || !attempt) return false
  const stem = name.slice(0, attempt.index)
  return stem.includes('.') && !stem.endsWith(`.${run}`)
}

/**
 * The fan-out a record belongs to: a short hash of its (normalised) tag set. FNV-1a
 * (64-bit), not node:crypto: it only tells a run's fan-outs apart, and loading the crypto
 * module would cost every start of the action (records are read before any registry code).
 */
export function fanoutKey(tags: readonly string[]): string {
  const text = [...new Set(tags)].sort().join('\n')
  // The 64-bit hash in two 32-bit halves (BigInt arithmetic per byte cost ~3 ms a listing).
  let [high, low] = [0xcbf29ce4, 0x84222325]
  for (const byte of Buffer.from(text, 'utf8')) {
    low ^= byte
    // × 0x100000001b3 = × 2^40 + × 0x1b3, modulo 2^64
    const lowProduct = (low >>> 0) * 0x1b3
    high = (Math.imul(high, 0x1b3) + Math.floor(lowProduct / 2 ** 32) + (low << 8)) >>> 0
    low = lowProduct >>> 0
  }
  return (high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0')).slice(0, 10)
}
