/** What append and verify report per tag: the log line, the outputs, the job summary, the failure. */
import { imagesByPlatform, malformedEntries, platformsOf } from '../image-index/entries.js'
import type { ImageIndex } from '../oci/types.js'
import type { OtherAnnotations } from '../common/annotations.js'
import type { Logger } from '../common/log.js'
import type { RequestStats } from '../registry/client.js'
import type { TagOutcome } from './converge.js'
import { modeSummary } from './summary.js'
import type { ModeReport, TagReport } from './tag-report.js'

export type { ModeReport, ReportContext, TagReport } from './tag-report.js'

/** The shared tail of append and verify: outputs, summary and failure from the tags' reports. */
export function reportTags(report: ModeReport) {
  const { reports } = report
  const failure = failureMessage(reports)
  const { digest, why } = oneDigest(reports)
  const summary = modeSummary(report, digest, why)
  return {
    outputs: { result: resultOutput(reports), digest: digest ?? '' },
    summary,
    ...(failure && { failure }),
  }
}

/** The `digest` output: the one index every tag holds, when none failed or was deferred; else why not. */
export function oneDigest(reports: readonly TagReport[]): { digest?: string; why?: string } {
  const failed = reports.filter((r) => r.error).length
  if (failed > 0) return { why: `${failed} of ${reports.length} tags failed` }
  if (reports.some((r) => r.deferred)) return { why: 'the tags are deferred to verify' }
  const digests = new Set(reports.map((r) => r.outcome!.digest))
  if (digests.size === 1) return { digest: [...digests][0] }
  return { why: `the tags hold ${digests.size} different indexes (other tools' entries, or another fan-out)` }
}

/** `result`: JSON keyed by full tag ref. Failed tags carry `error` and no digest. */
function resultOutput(reports: readonly TagReport[]): string {
  const result: Record<string, object> = {}
  for (const r of reports) {
    if (r.outcome) {
      const { digest, after, changed, keptNewer } = r.outcome
      result[r.ref] = {
        digest,
        platforms: platformsOf(after.manifests),
        changed,
        ...(keptNewer.size > 0 && { keptNewer: Object.fromEntries(keptNewer) }),
      }
    } else
      result[r.ref] = {
        digest: '',
        platforms: [],
        changed: false,
        ...(r.deferred ? { deferred: true } : { error: r.error }),
      }
  }
  return JSON.stringify(result)
}

function failureMessage(reports: readonly TagReport[]): string | undefined {
  const failed = reports.filter((r) => r.error)
  if (failed.length === 0) return undefined
  return [`${failed.length} of ${reports.length} tags failed:`, ...failed.map((r) => `  ${r.ref}: ${r.error}`)].join(
    '\n',
  )
}

/** `kept newer build (run 1002 (attempt 1))` per platform a newer run built. */
export function keptNewerNotes(outcome: TagOutcome): string[] {
  return [...outcome.keptNewer].map(([platform, why]) => `${platform}: kept newer build (${why})`)
}

/** What a user must hear of a tag's outcome: a platform left to a newer run, a date not believed. */
export function outcomeWarnings(ref: string, outcome: TagOutcome): string[] {
  return [
    ...[...outcome.keptNewer].map(
      ([platform, why]) =>
        `${ref}: ${platform} kept as the newer build of ${why}; this run's build of it was not written (newest run wins)`,
    ),
    ...[...outcome.untrusted].map(
      ([platform, created]) =>
        `${ref}: ${platform} replaced an entry dated ${created}, more than 5 minutes ahead of this runner's clock: that date was not believed`,
    ),
    // Shown as JSON: what another tool wrote is data, on one line, never text to interpret.
    ...malformedEntries(outcome.after.manifests).map(
      (e) =>
        `${ref}: entry ${JSON.stringify(e.digest)} names a platform this tool cannot read (${JSON.stringify(e.platform)}): kept as it is`,
    ),
  ]
}

/** `linux/arm64 sha256:ab… → sha256:cd…` per platform whose digest changes. */
export function digestChanges(before: ImageIndex | undefined, after: ImageIndex): string[] {
  const was = imagesByPlatform(before?.manifests ?? [])
  const now = imagesByPlatform(after.manifests)
  const short = (digest?: string) => (digest ? digest.slice(0, 19) + '…' : 'none')
  const changes: string[] = []
  for (const platform of new Set([...was.keys(), ...now.keys()])) {
    const from = was.get(platform)?.[0]?.digest
    const to = now.get(platform)?.[0]?.digest
    if (from !== to) changes.push(`${platform} ${short(from)} → ${short(to)}`)
  }
  return changes
}

export function requestSummary(stats: RequestStats): string {
  const methods = Object.entries(stats.byMethod)
    // Plain code-unit order: localeCompare would load ICU's collator (~12 ms) for HTTP method names.
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([m, n]) => `${m} ${n}`)
  const total = Object.values(stats.byMethod).reduce((a, b) => a + b, 0)
  return `registry requests: ${total} (${methods.join(', ') || 'none'}), token fetches: ${stats.tokens}`
}

/** One log line per tag: what changed, and how many writes it took. */
export function describeOutcome(ref: string, o: TagOutcome, dryRun: boolean): string {
  const kept = keptNewerNotes(o)
  const notes = kept.length > 0 ? ` (${kept.join('; ')})` : ''
  const changes = digestChanges(o.before, o.after).join(', ') || 'no platform changes'
  if (dryRun) return `${ref}: ${o.changed ? `would write: ${changes}` : 'unchanged'}${notes}`
  if (!o.changed) return `${ref}: unchanged (${o.digest})${notes}`
  const horizon = o.horizonWaitMs > 0 ? `, ${(o.horizonWaitMs / 1000).toFixed(1)} s orphan horizon` : ''
  const writes = `${o.writes} write${o.writes === 1 ? '' : 's'}, ${o.repairs} repair${o.repairs === 1 ? '' : 's'}${horizon}`
  return `${ref}: ${o.digest} [${platformsOf(o.after.manifests).join(', ')}] (${writes})${notes}`
}

/** Annotation lines of other levels: said once, never a failure. */
export function logOtherAnnotations(other: OtherAnnotations, log: Logger): void {
  if (other.imageLevel.length > 0) {
    log.info(
      `${other.imageLevel.length} image-level annotation line(s) (manifest:, manifest-descriptor:) are bake's to apply at build time: left to the build`,
    )
  }
  if (other.indexDescriptor.length > 0) {
    log.info(
      `${other.indexDescriptor.length} index-descriptor: annotation line(s) not applicable: a tag's index is not held by a parent index`,
    )
  }
}
