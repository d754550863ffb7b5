/** Job summary markdown. Pure: every cell is escaped, so a tag or label cannot break the table. */
import { errorMessage } from './errors.js'
import { appendFile } from './fs.js'

/** Text inside an HTML block (`<pre>`), where markdown's escapes are not undone. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

export function code(text: string): string {
  return text === '' ? '' : `<code>${escapeCell(text)}</code>`
}

/** `sha256:0123456789ab…`, the whole digest on hover: a table stays readable at GitHub's width. */
export function shortDigest(digest: string): string {
  return `<code title="${escapeCell(digest)}">${escapeCell(digest.slice(0, 19))}…</code>`
}

/** Cells are raw text unless the builder marks them as `{ html }` (already escaped). */
export type Cell = string | { html: string }

export function markdownTable(headers: readonly string[], rows: readonly Cell[][]): string {
  const cell = (c: Cell): string => (typeof c === 'string' ? escapeCell(c) : c.html)
  const line = (cells: readonly Cell[]): string => `| ${cells.map(cell).join(' | ')} |`
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n'
}

/** Appends to the job summary file when there is one; never fails the step. */
export async function writeStepSummary(markdown: string, file: string | undefined, warn: (m: string) => void) {
  if (!file || markdown === '') return
  try {
    await appendFile(file, markdown.endsWith('\n') ? markdown : markdown + '\n')
  } catch (error) {
    warn(`could not write the job summary: ${errorMessage(error)}`)
  }
}
