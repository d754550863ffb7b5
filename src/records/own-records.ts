/** A listing with the job's own records in it: they count before any listing shows them. Pure. */
import { type BuildRecord, completionKey } from './record.js'
import { fanoutKey } from './names.js'

/** A listing with the job's own records added where it lacks them (saved after it began, or never: a dry run). */
export function withOwn(listed: readonly BuildRecord[], own: readonly BuildRecord[]): BuildRecord[] {
  const held = new Set(listed.map(jobOf))
  return [...listed, ...own.filter((r) => !held.has(jobOf(r)))]
}

/** Each record's job, keyed once: records are never changed, and a job lists them every few milliseconds. */
const jobKeys = new WeakMap<BuildRecord, string>()

function jobOf(record: BuildRecord): string {
  let key = jobKeys.get(record)
  if (key === undefined) {
    key = completionKey({ ...record, fanout: record.fanout ?? fanoutKey(record.tags) })
    jobKeys.set(record, key)
  }
  return key
}
