/** `matrix` mode: bake files → per-platform job matrix. */
import { loadBake } from '../bake/load.js'
import { MATRIX_OUTPUT_BUDGET_BYTES, type MatrixEntry, buildMatrix } from './plan.js'
import { code, markdownTable } from '../common/markdown.js'
import type { Deps, ModeResult } from '../mode/deps.js'
import { type RunnerRule, labelsOf } from './runners.js'
import { type LeftOut, selectImageTargets } from './selection.js'
import type { CacheMode } from './plan.js'

/** What matrix reads: the bake definition, and how to turn it into entries. */
export interface MatrixModeOptions {
  workdir: string
  files: string[]
  targets: string[]
  set: string[]
  runners: RunnerRule[]
  cache: CacheMode
  maxEntries: number
}

export async function runMatrix(inputs: MatrixModeOptions, deps: Deps): Promise<ModeResult> {
  const targets = await loadBake(
    { workdir: inputs.workdir, files: inputs.files, targets: inputs.targets, set: inputs.set, env: deps.env },
    deps.exec,
  )
  const { images, leftOut } = selectImageTargets(targets, inputs.targets)
  for (const { target, why } of leftOut) deps.log.notice(`target '${target}' is left out of the matrix: it ${why}`)
  const entries = buildMatrix(images, {
    runners: inputs.runners,
    cache: inputs.cache,
    set: inputs.set,
    maxEntries: inputs.maxEntries,
    // GitHub's cap on a job's outputs; elsewhere (a GitLab child pipeline, a file) none.
    maxOutputBytes: deps.env.GITHUB_ACTIONS === 'true' ? MATRIX_OUTPUT_BUDGET_BYTES : Infinity,
  })
  deps.log.info(entryLog(entries, images.length))
  const tags = Object.fromEntries(images.map((t) => [t.name, t.tags]))
  return {
    outputs: {
      matrix: JSON.stringify(entries),
      targets: JSON.stringify(images.map((t) => t.name)),
      tags: JSON.stringify(tags),
    },
    summary: matrixSummary(entries, tags, leftOut),
  }
}

/** Entries listed in the log and the job summary; the rest are counted (GitHub caps a summary at 1 MiB). */
export const LISTED_ENTRIES = 256

/** One log write: the count, then an entry per line up to LISTED_ENTRIES. */
function entryLog(entries: readonly MatrixEntry[], targets: number): string {
  const lines = entries
    .slice(0, LISTED_ENTRIES)
    .map((e) => `  ${e.slug}: ${e.platform} on ${JSON.stringify(e.runner)}${e.qemu ? ' (QEMU)' : ''}${packedNote(e)}`)
  const more = entries.length > LISTED_ENTRIES ? [`  … and ${entries.length - LISTED_ENTRIES} more`] : []
  return [`${entries.length} matrix entries for ${targets} targets`, ...lines, ...more].join('\n')
}

function packedNote(entry: MatrixEntry): string {
  const count = entry.target.split('\n').length
  return count > 1 ? ` (${count} targets)` : ''
}

export function matrixSummary(
  entries: readonly MatrixEntry[],
  tags: Record<string, string[]>,
  leftOut: readonly LeftOut[] = [],
): string {
  const listed = entries.slice(0, LISTED_ENTRIES)
  const more = entries.length > listed.length ? `\n… and ${entries.length - listed.length} more entries\n` : ''
  const rows = listed.map((e) => {
    const targets = e.target.split('\n')
    return [
      targets.join(', '),
      { html: code(e.platform) },
      { html: labelsOf(e.runner).map(code).join(' ') },
      e.qemu ? 'yes' : 'no',
      {
        html: targets
          .flatMap((t) => tags[t])
          .map(code)
          .join('<br>'),
      },
    ]
  })
  const omitted =
    leftOut.length === 0
      ? ''
      : `\nLeft out (they push no image):\n\n${markdownTable(
          ['target', 'why'],
          leftOut.map((l) => [l.target, l.why]),
        )}`
  return (
    `### bake-fanout matrix: ${entries.length} jobs\n\n` +
    markdownTable(['target', 'platform', 'runner', 'QEMU', 'tags'], rows) +
    more +
    omitted
  )
}
