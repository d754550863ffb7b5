/**
 * The job summary of append and verify, read at GitHub's width: a context line, one row
 * per tag (★ marks this run's builds), failures explained once below the table, the
 * index, and pull commands only for an index known complete. Pure.
 */
import { type Cell, code, escapeCell, markdownTable, shortDigest } from '../common/markdown.js'
import { imagesByPlatform, platformsOf } from '../image-index/entries.js'
import { basePlatform, parsePlatform, platformKey } from '../image-index/platform.js'
import { runOf } from '../image-index/runs.js'
import { parseTagReference } from '../oci/reference.js'
import type { ModeReport, ReportContext, TagReport } from './tag-report.js'

const STAR = '★'

export function modeSummary(
  { title, dryRun, reports, context }: ModeReport,
  digest: string | undefined,
  why: string | undefined,
): string {
  const notes = failureNotes(reports)
  const rows = reports.map((r) => row(r, context, dryRun, notes))
  const indexHeader = context.mode === 'append' ? "index after this job's write" : 'index'
  return [
    `### ${dryRun ? `${title} (dry run)` : title}\n`,
    `${contextLine(reports, context)}\n`,
    markdownTable(['tag', 'platforms', indexHeader, 'status'], rows),
    legend(reports, context),
    ...notesList(notes),
    indexSection(reports, context, digest, why),
    pullCommands(reports, context),
  ]
    .filter((part) => part !== '')
    .join('\n')
}

/** `run 4711 · attempt 2 · ghcr.io, docker.io · 2026-12-06 20:55:12 UTC` */
function contextLine(reports: readonly TagReport[], { runId, runAttempt, at }: ReportContext): string {
  const registries = [...new Set(reports.map((r) => parseTagReference(r.ref).registry))]
  const time = new Date(at).toISOString().replace('T', ' ').slice(0, 19)
  return [`run ${code(runId)}`, `attempt ${runAttempt}`, registries.map(code).join(', '), `${time} UTC`].join(' · ')
}

/** The platform's identity for "is it there": Windows without its patch level. */
function platformIdentity(platform: string): string {
  try {
    return basePlatform(platformKey(parsePlatform(platform)))
  } catch {
    return platform
  }
}

/** The platforms of the tag's index that this run built (their entries carry this run's id). */
function runPlatforms(r: TagReport, context: ReportContext): Set<string> {
  if (!r.outcome) return new Set(r.ours)
  const mine = new Set(r.ours)
  for (const [platform, images] of imagesByPlatform(r.outcome.after.manifests))
    if (images.some((image) => runOf(image)?.runId === context.runId)) mine.add(platform)
  return mine
}

/** Platforms of the target the index does not hold (yet). */
function absent(r: TagReport): string[] {
  if (r.missing) return r.missing
  if (!r.targetPlatforms || !r.outcome) return []
  const held = new Set(platformsOf(r.outcome.after.manifests).map(platformIdentity))
  return r.targetPlatforms.filter((p) => !held.has(platformIdentity(p)))
}

/** An index known to hold every platform: verify's (unless platforms are known missing), or an append's that holds them all. */
function isComplete(r: TagReport, context: ReportContext): boolean {
  if (!r.outcome || r.error) return false
  if (r.targetPlatforms) return absent(r).length === 0
  return context.mode === 'verify'
}

function row(r: TagReport, context: ReportContext, dryRun: boolean, notes: ReadonlyMap<string, number>): Cell[] {
  const mine = runPlatforms(r, context)
  const shown = r.outcome ? platformsOf(r.outcome.after.manifests) : r.ours
  const marked = shown.map((p) => (mine.has(p) ? `${STAR}&nbsp;${code(p)}` : code(p))).join(' ')
  // Without an index written, the platforms are what the records hold, not what a tag holds.
  const platforms = marked && !r.outcome ? `recorded: ${marked}` : marked
  const lacking = r.deferred ? [] : absent(r)
  const word = context.mode === 'append' && !r.error ? 'not yet' : 'missing'
  const missing = lacking.length > 0 ? `<br>${word}: ${lacking.map(code).join(' ')}` : ''
  return [
    { html: code(r.ref) },
    { html: (platforms || '—') + missing },
    { html: r.outcome ? shortDigest(r.outcome.digest) : '—' },
    { html: status(r, dryRun, notes) },
  ]
}

function status(r: TagReport, dryRun: boolean, notes: ReadonlyMap<string, number>): string {
  if (r.error) return `${r.missing ? 'not written' : 'failed'} <sup>${notes.get(r.error)}</sup>`
  if (r.deferred) return 'deferred to verify'
  const o = r.outcome!
  // More than one write is the normal case with jobs finishing together, not a failure.
  const written = o.writes > 1 ? `written (${o.writes} writes, as other jobs' platforms arrived)` : 'written'
  const base = dryRun ? (o.changed ? 'would change' : 'unchanged') : o.changed ? written : 'unchanged'
  return escapeCell(r.note ? `${base}; ${r.note}` : base)
}

/** Each distinct failure once, numbered, with the tags it holds back. */
function failureNotes(reports: readonly TagReport[]): Map<string, number> {
  const notes = new Map<string, number>()
  for (const r of reports) if (r.error && !notes.has(r.error)) notes.set(r.error, notes.size + 1)
  return notes
}

function notesList(notes: ReadonlyMap<string, number>): string[] {
  if (notes.size === 0) return []
  const items = [...notes].map(([error, n]) => `${n}. ${escapeCell(error)}`)
  return [`**Why not written**\n\n${items.join('\n')}\n`]
}

function legend(reports: readonly TagReport[], context: ReportContext): string {
  const written = reports.filter((r) => r.outcome)
  if (!reports.some((r) => r.ours.length > 0) && written.length === 0) return ''
  const built = context.mode === 'append' ? "this run's builds (this job's and its other jobs')" : "this run's builds"
  const unmarked = written.some((r) => {
    const mine = runPlatforms(r, context)
    return platformsOf(r.outcome!.after.manifests).some((p) => !mine.has(p))
  })
  return `${STAR} ${built}${unmarked ? '; unmarked: kept from an earlier run or another tool' : ''}.\n`
}

function indexSection(reports: readonly TagReport[], context: ReportContext, digest?: string, why?: string): string {
  const append = context.mode === 'append'
  if (append && reports.length > 0 && reports.every((r) => r.deferred))
    return "**Deferred**: this job saved its record and wrote no tag; verify writes each tag once, from every job's record.\n"
  const label = append ? "Index after this job's write" : 'Index digest'
  if (!digest) return `**No single ${label.toLowerCase()}**: ${escapeCell(why ?? '')}.\n`
  const lacking = [...new Set(reports.flatMap(absent))]
  const state = reports.every((r) => isComplete(r, context))
    ? append
      ? ' — every platform of the target is in it.'
      : ' (every tag).'
    : append
      ? lacking.length > 0
        ? ` — not complete yet: ${lacking.map(code).join(' ')} to come from this run's other jobs. Pull commands appear once an index holds every platform (verify's, or the last job's).`
        : ' — whether it holds every platform is not known here (no bake file named them).'
      : ' (every tag).'
  return `**${label}**: ${code(digest)}${state}\n`
}

/** `docker pull` by digest, for the tags whose index is known complete. */
function pullCommands(reports: readonly TagReport[], context: ReportContext): string {
  const pulls = reports
    .filter((r) => isComplete(r, context))
    .map((r) => `docker pull ${r.ref.replace(/^docker\.io\/(library\/)?/, '')}@${r.outcome!.digest}`)
  if (pulls.length === 0) return ''
  return `<details><summary>Pull commands</summary>\n\n\`\`\`\n${pulls.join('\n')}\n\`\`\`\n\n</details>\n`
}
