/** What append and verify report per tag: the log line, the outputs, the job summary, the failure. */
import { code, escapeCell, markdownTable } from '../common/markdown.js'
import { imagesByPlatform, malformedEntries, platformsOf } from '../image-index/entries.js'
import type { ImageIndex } from '../oci/types.js'
import type { OtherAnnotations } from '../common/annotations.js'
import type { Logger } from '../common/log.js'
import type { RequestStats } from '../registry/client.js'
import type { TagOutcome } from './converge.js'

export interface TagReport {
  ref: string
  /** The platforms this job (or the records) put in the tag. */
  ours: string[]
  outcome?: TagOutcome
  /** Set when the tag was left to verify (`defer`). */
  deferred?: boolean
  error?: string
  /** Extra words for the status column (verify: what was repaired or pruned). */
  note?: string
}

export interface ModeReport {
  title: string
  dryRun: boolean
  reports: readonly TagReport[]
}

/** The shared tail of append and verify: outputs, summary and failure from the tags' reports. */
export function reportTags({ title, dryRun, reports }: ModeReport) {
  const failure = failureMessage(reports)
  const { digest, why } = oneDigest(reports)
  const summary =
    tagsSummary(dryRun ? `${title} (dry run)` : title, reports, dryRun) + digestSummary(reports, digest, why)
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

function status(r: TagReport, dryRun: boolean): string {
  if (r.error) return `failed: ${r.error}`
  if (r.deferred) return 'deferred to verify'
  const o = r.outcome!
  // More than one write is the normal case with jobs finishing together, not a failure.
  const written = o.writes > 1 ? `written (${o.writes} writes, as other jobs' platforms arrived)` : 'written'
  const base = dryRun ? (o.changed ? 'would change' : 'unchanged') : o.changed ? written : 'unchanged'
  return r.note ? `${base}; ${r.note}` : base
}

function tagsSummary(title: string, reports: readonly TagReport[], dryRun: boolean): string {
  const rows = reports.map((r) => {
    const platforms = r.outcome ? platformsOf(r.outcome.after.manifests) : []
    const cells = platforms.map((p) => (r.ours.includes(p) ? `<b>${code(p)}</b>` : code(p)))
    return [
      { html: code(r.ref) },
      { html: cells.join(' ') },
      { html: shortDigest(r.outcome?.digest) },
      status(r, dryRun),
    ]
  })
  return `### ${title}\n\n` + markdownTable(['tag', 'platforms (ours in bold)', 'index', 'status'], rows)
}

/** `sha256:0123456789ab…`, the whole digest on hover: the table stays readable at GitHub's width. */
function shortDigest(digest: string | undefined): string {
  if (!digest) return ''
  return `<code title="${escapeCell(digest)}">${escapeCell(digest.slice(0, 19))}…</code>`
}

/** Below the table: the whole digest (or why there is no single one), and how to pull each tag exactly. */
function digestSummary(reports: readonly TagReport[], digest: string | undefined, why: string | undefined): string {
  const head = digest
    ? `\n**Index digest** (every tag): ${code(digest)}\n`
    : `\n**No single index digest**: ${escapeCell(why ?? '')}.\n`
  const pulls = reports
    .filter((r) => r.outcome && !r.error)
    .map((r) => `docker pull ${r.ref.replace(/^docker\.io\/(library\/)?/, '')}@${r.outcome!.digest}`)
  if (pulls.length === 0) return head
  return `${head}\n<details><summary>Pull commands</summary>\n\n\`\`\`\n${pulls.join('\n')}\n\`\`\`\n\n</details>\n`
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
