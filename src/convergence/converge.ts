/**
 * Converging one tag on the run's builds, without relying on timing (docs/design.md,
 * "Why append converges"; the rules below are model-checked by
 * __tests__/convergence/converge-model.test.ts: change one, change the other). Registries
 * have no compare-and-swap on tags, their reads may lag behind writes, and a PUT may
 * land any time before its response arrives. So:
 *
 * 1. Every write is the union of the run: the tag's content upserted with the newest
 *    build per platform among all the run's records (listed just before).
 * 2. After each write has landed, the records are listed again and compared with what
 *    was written, digest by digest; a record missing from it means another round. A
 *    write with an ambiguous attempt (a timeout, a lost connection, a gateway's 5xx,
 *    retried) has landed only at its orphan horizon: the abandoned attempt may still
 *    be applied until then.
 * 3. A round after a failed check always writes: its read may be stale, even older
 *    than our own write, so it cannot prove that nothing needs writing. Only the first
 *    round may skip its write, when its read already holds every record's own entry
 *    (the image stamped by that record: the same image under an earlier build's stamp,
 *    or another run's newer build kept in its place, can be in a version older than
 *    the record, which proves nothing about this run's writes) — and never with
 *    `alwaysWrite` (verify: the repair of last resort concludes nothing from a read).
 * 4. The final guard (settle > 0): after the last write, or after a skipped first
 *    write, wait `settle`, read the tag, list the records again, and if a recorded
 *    build is missing do another (writing) round, guarded too; when the guard rounds
 *    run out the tag fails: a registry that acknowledges writes it does not serve.
 *
 * The loop is pure of I/O: the tag, the records and the clock come in as small
 * interfaces, so the unit tests script the interleavings (late PUTs, stale reads, lost
 * writes, ambiguous attempts).
 */
import type { Clock } from '../common/clock.js'
import { sha256Digest } from '../oci/digest.js'
import type { ImageIndex } from '../oci/types.js'
import { serializeIndex } from '../image-index/canonical.js'
import { type Build, type UpsertResult, unsatisfied, upsertIndex } from '../image-index/upsert.js'

/** A version of a tag as read: no index when the tag does not exist. */
export interface TagRead {
  index?: ImageIndex
  /** The digest the registry serves it under. */
  digest?: string
}

/** A write the registry acknowledged. */
export interface WriteAck {
  digest: string
  /**
   * Epoch ms until which an abandoned attempt of this write (ambiguous: a timeout, a
   * lost connection, a gateway's 5xx, then retried) may still be applied: the write
   * counts as landed only then.
   */
  inFlightUntil?: number
}

/** The tag in its registry. */
export interface TagAccess {
  /** The tag's content now (may be stale). */
  read(): Promise<TagRead>
  /** Writes the index; resolves once the registry acknowledged it. */
  write(index: ImageIndex, bytes: Buffer): Promise<WriteAck>
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
  /** Write even when the first read already holds everything (verify: that read may be stale). */
  alwaysWrite: boolean
  /** The final guard's wait, in ms; 0: no guard. */
  settleMs: number
  clock: Clock
}

export interface TagOutcome {
  before?: ImageIndex
  after: ImageIndex
  /** Digest of the index the tag holds at the end (or would hold, in a dry run). */
  digest: string
  /** The tag's content changed: the first read lacked something, or a later round was needed. */
  changed: boolean
  writes: number
  /** Rounds after the first: records that appeared meanwhile, or the guard's repair. */
  repairs: number
  /** Platforms kept as a newer build of another run: platform → why (its run, or its time). */
  keptNewer: Map<string, string>
  /** Platforms whose entry was replaced although dated later: a `created` too far ahead to believe. */
  untrusted: Map<string, string>
  /** Time spent waiting for the orphan horizon of ambiguous writes, in ms. */
  horizonWaitMs: number
  /** Digests of the entries of the run's builds as last listed, which the result was checked against (what signing may vouch for). */
  runEntries: ReadonlySet<string>
}

/** The guard read found a recorded build missing after every repair: the registry does not serve what it acknowledged. */
export class UnconfirmedWriteError extends Error {
  override readonly name = 'UnconfirmedWriteError'

  constructor(
    readonly writes: number,
    readonly missing: readonly string[],
  ) {
    super(
      `the registry acknowledged ${writes} write${writes === 1 ? '' : 's'} and serves none of them ` +
        `(still missing after the final guard's reads: ${missing.join(', ')})`,
    )
  }
}

/** Rounds before giving up: each record that appears costs at most one, each failed guard read one. */
const MAX_ROUNDS = 20
/** Failed guard reads before the tag fails: a registry that keeps losing acknowledged writes. */
const MAX_GUARD_FAILURES = 3

export async function convergeTag(
  tag: TagAccess,
  listBuilds: () => Promise<RunBuilds>,
  options: ConvergeOptions,
): Promise<TagOutcome> {
  const { clock } = options
  // Read first, list second: the later the listing, the more records the first write holds.
  let read = await tag.read()
  let run = await listBuilds()
  const before = read.index
  const beforeDigest = read.digest
  const progress = { writes: 0, horizonWaitMs: 0, guardFailures: 0, firstChanged: false }
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const plan = upsert(read.index, run, options)
    const bytes = serializeIndex(plan.index)
    if (round === 0) progress.firstChanged = plan.changed
    const outcome = (digest: string) => finish(before, plan, digest, run, { ...progress, round, beforeDigest })
    if (options.dryRun) return outcome(plan.changed ? sha256Digest(bytes) : (read.digest ?? sha256Digest(bytes)))
    let digest = read.digest ?? sha256Digest(bytes)
    if (round > 0 || plan.changed || options.alwaysWrite || !holdsOwnEntries(plan)) {
      const ack = await tag.write(plan.index, bytes)
      progress.writes++
      digest = ack.digest
      progress.horizonWaitMs += await waitUntil(clock, ack.inFlightUntil)
      run = await listBuilds()
      if (missing(plan.index, run, options).length > 0) {
        read = await tag.read()
        continue
      }
    }
    if (options.settleMs <= 0) return outcome(digest)
    await clock.sleep(options.settleMs)
    read = await tag.read()
    run = await listBuilds()
    const absent = missing(read.index, run, options)
    if (absent.length === 0) return outcome(digest)
    if (++progress.guardFailures > MAX_GUARD_FAILURES) throw new UnconfirmedWriteError(progress.writes, absent)
  }
  throw new Error(`the run's builds were still missing after ${MAX_ROUNDS} rounds`)
}

/**
 * Whether the read holds each record's own entry: round 0 may skip only then. The same image
 * under another stamp, or another run's newer build kept in its place, may be in a version
 * older than the record, and so proves nothing about this run's writes.
 */
function holdsOwnEntries(plan: UpsertResult): boolean {
  return plan.heldElsewhere.length === 0 && plan.keptNewer.size === 0
}

function finish(
  before: ImageIndex | undefined,
  plan: UpsertResult,
  digest: string,
  run: RunBuilds,
  progress: { writes: number; horizonWaitMs: number; firstChanged: boolean; round: number; beforeDigest?: string },
): TagOutcome {
  const { writes, horizonWaitMs, firstChanged, round, beforeDigest } = progress
  return {
    before,
    after: plan.index,
    digest,
    // Every round after the first wrote (a record appeared, or the guard found the tag lacking): a repair.
    // A round 0 that rewrote the same content in other bytes (another tool's index made canonical) changed it
    // too; without a write the digest is the one read.
    changed: firstChanged || round > 0 || digest !== beforeDigest,
    writes,
    repairs: round,
    keptNewer: plan.keptNewer,
    untrusted: plan.untrusted,
    horizonWaitMs,
    runEntries: new Set(run.builds.flatMap((b) => b.entries.map((e) => e.digest))),
  }
}

/** Sleeps until `until` (epoch ms), if it is still ahead; returns the time waited. */
async function waitUntil(clock: Clock, until: number | undefined): Promise<number> {
  const wait = until === undefined ? 0 : until - clock.now()
  if (wait <= 0) return 0
  await clock.sleep(wait)
  return wait
}

function upsert(current: ImageIndex | undefined, run: RunBuilds, options: ConvergeOptions): UpsertResult {
  return upsertIndex(current, run.builds, {
    annotations: options.annotations,
    prune: options.prune,
    runDigests: run.runDigests,
    now: options.clock.now(),
  })
}

function missing(index: ImageIndex | undefined, run: RunBuilds, options: ConvergeOptions): string[] {
  return unsatisfied(index, run.builds, { runDigests: run.runDigests, now: options.clock.now() })
}
