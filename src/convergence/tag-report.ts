/** What append and verify know of each tag at the end: the data of the outputs, log and job summary. */
import type { TagOutcome } from './converge.js'

export interface TagReport {
  ref: string
  /** The platforms this job (or the records) put in the tag. */
  ours: string[]
  /** Every platform the tag's target builds, when known (the bake definition, or the records). */
  targetPlatforms?: string[]
  /** Platforms of the target no record of this run names (verify's all-or-nothing): why the tag was not written. */
  missing?: string[]
  outcome?: TagOutcome
  /** Set when the tag was left to verify (`defer`). */
  deferred?: boolean
  error?: string
  /** Extra words for the status column (verify: what was repaired or pruned). */
  note?: string
}

/** Who reports, for the summary's wording and its context line. */
export interface ReportContext {
  mode: 'append' | 'verify'
  runId: string
  runAttempt: number
  /** When the summary was made, in ms since the epoch: the mode's clock, never read here. */
  at: number
}

export interface ModeReport {
  title: string
  dryRun: boolean
  reports: readonly TagReport[]
  context: ReportContext
}
