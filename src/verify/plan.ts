/** Records of a run → what every tag must hold. Pure. */
import type { Descriptor } from '../oci/types.js'
import { imageEntries, platformOf } from '../index-model/entries.js'
import type { BuildRecord } from '../records/record.js'
import { parseTagReference } from '../oci/reference.js'

export interface PlatformChoice {
  platform: string
  record: BuildRecord
  /** Set when records disagree on this platform's digest (a re-run): says which won. */
  conflict?: string
}

export interface TagPlan {
  ref: string
  registry: string
  repository: string
  tag: string
  choices: PlatformChoice[]
}

/** Later attempts win; within an attempt, the later record. */
function newer(a: BuildRecord, b: BuildRecord): boolean {
  if (a.runAttempt !== b.runAttempt) return a.runAttempt > b.runAttempt
  return Date.parse(a.createdAt) > Date.parse(b.createdAt)
}

export function planVerify(records: readonly BuildRecord[]): TagPlan[] {
  const candidates = new Map<string, Map<string, BuildRecord[]>>()
  for (const record of records) {
    for (const tag of record.tags) {
      const byPlatform = candidates.get(tag) ?? new Map<string, BuildRecord[]>()
      candidates.set(tag, byPlatform)
      for (const platform of record.platforms) byPlatform.set(platform, [...(byPlatform.get(platform) ?? []), record])
    }
  }
  return [...candidates].map(([ref, byPlatform]) => {
    const { registry, repository, tag } = parseTagReference(ref)
    const choices = [...byPlatform].map(([platform, list]): PlatformChoice => {
      const record = list.reduce((best, r) => (newer(r, best) ? r : best))
      const digests = new Set(list.map((r) => r.digest))
      if (digests.size < 2) return { platform, record }
      const conflict = `${platform}: ${list.length} records disagree; using attempt ${record.runAttempt} of ${record.createdAt} (${record.digest})`
      return { platform, record, conflict }
    })
    return { ref, registry, repository, tag, choices }
  })
}

/** What a verify changed in a tag, per platform, for the report. */
export function describeRepair(
  before: readonly Descriptor[],
  after: readonly Descriptor[],
  ours: ReadonlySet<string>,
): string[] {
  const digestOf = (list: readonly Descriptor[]) => new Map(imageEntries(list).map((e) => [platformOf(e), e.digest]))
  const was = digestOf(before)
  const now = digestOf(after)
  const notes: string[] = []
  for (const platform of ours) {
    if (!was.has(platform)) notes.push(`${platform} repaired (was missing)`)
    else if (was.get(platform) !== now.get(platform)) notes.push(`${platform} repaired (was stale)`)
  }
  for (const platform of was.keys()) if (!ours.has(platform) && !now.has(platform)) notes.push(`${platform} pruned`)
  return notes
}
