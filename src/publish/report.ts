/** What append and verify report per tag: the `result` output, the job summary, the failure. */
import type { RequestStats } from '../registry/client.js'
import { code, markdownTable } from '../common/markdown.js'
import type { TagOutcome } from './tag-writer.js'
import { platformsOf } from '../index-model/entries.js'

export interface TagReport {
  ref: string
  /** The platforms this job (or the records) put in the tag. */
  ours: string[]
  outcome?: TagOutcome
  error?: string
  /** Extra words for the status column (verify: what was repaired or pruned). */
  note?: string
}

/** `result`: JSON keyed by full tag ref. Failed tags carry `error` and no digest. */
export function resultOutput(reports: readonly TagReport[]): string {
  const result: Record<string, object> = {}
  for (const r of reports) {
    result[r.ref] = r.outcome
      ? { digest: r.outcome.digest, platforms: platformsOf(r.outcome.after.manifests), changed: r.outcome.changed }
      : { digest: '', platforms: [], changed: false, error: r.error }
  }
  return JSON.stringify(result)
}

export function failureMessage(reports: readonly TagReport[]): string | undefined {
  const failed = reports.filter((r) => r.error)
  if (failed.length === 0) return undefined
  return [`${failed.length} of ${reports.length} tags failed:`, ...failed.map((r) => `  ${r.ref}: ${r.error}`)].join(
    '\n',
  )
}

function status(r: TagReport, dryRun: boolean): string {
  if (r.error) return `failed: ${r.error}`
  const o = r.outcome!
  const base = dryRun
    ? o.changed
      ? 'would change'
      : 'unchanged'
    : !o.changed
      ? 'unchanged'
      : o.repairs > 0
        ? `written, ${o.repairs} repairs`
        : 'written'
  return r.note ? `${base}; ${r.note}` : base
}

export function tagsSummary(title: string, reports: readonly TagReport[], dryRun = /dry run/.test(title)): string {
  const rows = reports.map((r) => {
    const platforms = r.outcome ? platformsOf(r.outcome.after.manifests) : []
    const cells = platforms.map((p) => (r.ours.includes(p) ? `<b>${code(p)}</b>` : code(p)))
    return [
      { html: code(r.ref) },
      { html: cells.join(' ') },
      { html: code(r.outcome?.digest ?? '') },
      status(r, dryRun),
    ]
  })
  return `### ${title}\n\n` + markdownTable(['tag', 'platforms (ours in bold)', 'index digest', 'status'], rows)
}

export function requestSummary(stats: RequestStats): string {
  const methods = Object.entries(stats.byMethod)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([m, n]) => `${m} ${n}`)
  const total = Object.values(stats.byMethod).reduce((a, b) => a + b, 0)
  return `registry requests: ${total} (${methods.join(', ') || 'none'}), token fetches: ${stats.tokens}`
}
