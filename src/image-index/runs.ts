/**
 * Which run built an image entry, and which of two runs is the newer: newest run wins
 * across runs (docs/design.md, "Across runs"). Each image entry this tool writes carries
 * its run in descriptor annotations of our own namespace; entries of other tools carry
 * at most `org.opencontainers.image.created`, which is trusted only when it is not far
 * ahead of this runner's clock.
 */
import type { Descriptor } from '../oci/types.js'
import { CREATED, createdOf } from './entries.js'

/**
 * A CI run: its id (GitHub's run id, GitLab's pipeline id …) and the attempt. The one
 * name for a run, in records (their `runId`, `runAttempt`) as on index entries.
 */
export interface RunIdentity {
  runId: string
  runAttempt: number
}

export const RUN_ID = 'io.github.bake-fanout.run-id'
export const RUN_ATTEMPT = 'io.github.bake-fanout.run-attempt'

/** A `created` time further ahead of our clock than this is not believed (a runner clock far off). */
export const CLOCK_SKEW_MS = 5 * 60_000

/** A run id as this tool accepts it anywhere (records, entries, --run-id): letters, digits, `.` `_` `-`. */
export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(id)
}

/** The run an entry names, when it names one well formed. */
export function runOf(entry: Descriptor): RunIdentity | undefined {
  const runId = entry.annotations?.[RUN_ID]
  const runAttempt = Number(entry.annotations?.[RUN_ATTEMPT])
  if (!isRunId(runId) || !Number.isInteger(runAttempt) || runAttempt < 1) return undefined
  return { runId, runAttempt }
}

/** The annotations that stamp an image entry with its run and build time. */
export function runStamp(run: RunIdentity, createdAt: string): Record<string, string> {
  return { [CREATED]: createdAt, [RUN_ID]: run.runId, [RUN_ATTEMPT]: String(run.runAttempt) }
}

/**
 * Positive when `a` is the newer run, negative when `b` is, 0 for the same attempt;
 * undefined when the two cannot be ordered (ids that are not both numbers, as from two
 * CI systems). Run ids are compared as whole numbers of any length.
 */
export function compareRuns(a: RunIdentity, b: RunIdentity): number | undefined {
  if (a.runId === b.runId) return a.runAttempt - b.runAttempt
  if (!/^\d+$/.test(a.runId) || !/^\d+$/.test(b.runId)) return undefined
  const [x, y] = [a.runId.replace(/^0+(?=\d)/, ''), b.runId.replace(/^0+(?=\d)/, '')]
  if (x.length !== y.length) return x.length - y.length
  return x < y ? -1 : 1
}

/** Why an entry of another run stays: it is that run's newer build. */
export interface NewerEntry {
  /** `run 1002 (attempt 1)` or `built 2026-11-30T…` */
  why: string
}

/** What the newest-run rule says of an entry another build would replace. */
export type EntryAge =
  | { kind: 'older' }
  | { kind: 'newer'; why: string }
  /** Its `created` is too far in the future to be believed: replaced, and said so. */
  | { kind: 'untrusted'; created: string }

/**
 * Is `entry` (not a build of this run) newer than a build of `run` made at `createdAt`?
 * Ordered by run where both runs are known and comparable, not by build time: an older
 * run's build can finish later. Otherwise by `created`, where a time more than
 * CLOCK_SKEW_MS ahead of `now` is not believed.
 */
export function ageOf(entry: Descriptor, run: RunIdentity | undefined, createdAt: string, now: number): EntryAge {
  const theirs = runOf(entry)
  const order = theirs && run ? compareRuns(theirs, run) : undefined
  if (order !== undefined) {
    return order > 0
      ? { kind: 'newer', why: `run ${theirs!.runId} (attempt ${theirs!.runAttempt})` }
      : { kind: 'older' }
  }
  const text = createdOf(entry) ?? ''
  const created = Date.parse(text)
  if (Number.isNaN(created)) return { kind: 'older' }
  if (created > now + CLOCK_SKEW_MS) return { kind: 'untrusted', created: new Date(created).toISOString() }
  // Said as the time it parsed to, never as the annotation's raw text (another tool's: anything at all).
  const when = new Date(created).toISOString()
  return created > Date.parse(createdAt) ? { kind: 'newer', why: `built ${when}` } : { kind: 'older' }
}
