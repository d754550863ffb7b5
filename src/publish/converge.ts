/**
 * Converging one tag on the run's builds, without relying on timing (docs/design.md,
 * "Why append converges"). Registries have no compare-and-swap on tags, their reads
 * may lag behind writes, and a PUT may land any time before its response arrives. So:
 *
 * 1. Every write is the union of the run: the tag's content upserted with the newest
 *    build per platform among all the run's records (listed just before).
 * 2. After each write, the records are listed again and compared with what was
 *    written, digest by digest; a record missing from it means another round.
 * 3. A round after a failed check always writes: its read may be stale, even older
 *    than our own write, so it cannot prove that nothing needs writing. Only the first
 *    round may skip its write, when its read already satisfies every record.
 * 4. A bounded final guard: after the last write, wait `settle`, read once more, and do
 *    one more round if a recorded build is missing (a registry that lost an
 *    acknowledged write). Correctness does not rest on it.
 *
 * The loop is pure of I/O: the tag and the records come in as small interfaces, so the
 * unit tests script the interleavings (late PUTs, stale reads, lost writes).
 */
import { sha256Digest } from '../oci/digest.js'
import type { ImageIndex } from '../oci/types.js'
import { type Build, type UpsertResult, serializeIndex, unsatisfied, upsertIndex } from '../index-model/upsert.js'

/** A version of a tag as read: no index when the tag does not exist. */
export interface TagRead {
  index?: ImageIndex
  /** The digest the registry serves it under. */
  digest?: string
}

/** The tag in its registry. */
export interface TagAccess {
  /** The tag's content now (may be stale). */
  read(): Promise<TagRead>
  /** Writes the index; resolves once the registry acknowledged it. Returns its digest. */
  write(index: ImageIndex, bytes: Buffer): Promise<string>
}

/** What the run has recorded for this tag: the newest build per platform, present in the tag's repository. */
export interface RunBuilds {
  builds: Build[]
  /** Digests of every record of the run for this tag: never "another run's newer build". */
  runDigests: ReadonlySet<string>
}

export interface ConvergeOptions {
  annotations: ReadonlyArray<readonly [string, string]>
  /** Drop every platform no record names (verify's prune). */
  prune: boolean
  dryRun: boolean
  /** The final guard's wait, in ms; 0: no guard. */
  settleMs: number
  sleep(ms: number): Promise<void>
  /** Rounds before giving up: each record that appears costs at most one. */
  maxRounds?: number
}

export interface TagOutcome {
  before?: ImageIndex
  after: ImageIndex
  /** Digest of the index the tag holds at the end (or would hold, in a dry run). */
  digest: string
  changed: boolean
  writes: number
  /** Rounds after the first: records that appeared meanwhile, or the guard's repair. */
  repairs: number
  /** Platforms kept as a newer build of another run: platform → its time. */
  keptNewer: Map<string, string>
}

const DEFAULT_MAX_ROUNDS = 20

export async function convergeTag(
  tag: TagAccess,
  listBuilds: () => Promise<RunBuilds>,
  options: ConvergeOptions,
): Promise<TagOutcome> {
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS
  // Read first, list second: the later the listing, the more records the first write holds.
  let read = await tag.read()
  let run = await listBuilds()
  const before = read.index
  let writes = 0
  let guarded = options.settleMs <= 0
  for (let round = 0; round < maxRounds; round++) {
    const plan = upsert(read.index, run, options)
    const bytes = serializeIndex(plan.index)
    const outcome = (changed: boolean, digest: string): TagOutcome => ({
      before,
      after: plan.index,
      digest,
      changed,
      writes,
      repairs: Math.max(0, writes - 1),
      keptNewer: plan.keptNewer,
    })
    if (round === 0 && !plan.changed) return outcome(false, read.digest ?? sha256Digest(bytes))
    if (options.dryRun) return outcome(true, sha256Digest(bytes))
    const digest = await tag.write(plan.index, bytes)
    writes++
    run = await listBuilds()
    if (unsatisfied(plan.index, run.builds, run.runDigests).length > 0) {
      read = await tag.read()
      continue
    }
    if (guarded) return outcome(true, digest)
    guarded = true
    await options.sleep(options.settleMs)
    read = await tag.read()
    if (unsatisfied(read.index, run.builds, run.runDigests).length === 0) return outcome(true, digest)
  }
  throw new Error(`the run's builds were still missing after ${maxRounds} rounds`)
}

function upsert(current: ImageIndex | undefined, run: RunBuilds, options: ConvergeOptions): UpsertResult {
  return upsertIndex(current, run.builds, {
    annotations: options.annotations,
    prune: options.prune,
    runDigests: run.runDigests,
  })
}
