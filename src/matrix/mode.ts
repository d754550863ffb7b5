/** `matrix` mode: bake files → per-platform job matrix. */
import { loadBake } from '../bake/load.js'
import { type CacheMode, type MatrixEntry, buildMatrix } from './plan.js'
import { code, markdownTable } from '../common/markdown.js'
import type { Deps, ModeResult } from '../action/deps.js'
import { type RunnerRule, labelsOf } from './runners.js'

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
  const entries = buildMatrix(targets, {
    runners: inputs.runners,
    cache: inputs.cache,
    set: inputs.set,
    maxEntries: inputs.maxEntries,
  })
  deps.log.info(`${entries.length} matrix entries for ${targets.length} targets`)
  for (const e of entries)
    deps.log.info(`  ${e.slug}: ${e.platform} on ${JSON.stringify(e.runner)}${e.qemu ? ' (QEMU)' : ''}`)
  const tags = Object.fromEntries(targets.map((t) => [t.name, t.tags]))
  return {
    outputs: {
      matrix: JSON.stringify(entries),
      targets: JSON.stringify(targets.map((t) => t.name)),
      tags: JSON.stringify(tags),
    },
    summary: matrixSummary(entries, tags),
  }
}

export function matrixSummary(entries: readonly MatrixEntry[], tags: Record<string, string[]>): string {
  const rows = entries.map((e) => [
    e.target,
    { html: code(e.platform) },
    { html: labelsOf(e.runner).map(code).join(' ') },
    e.qemu ? 'yes' : 'no',
    { html: tags[e.target].map(code).join('<br>') },
  ])
  return (
    `### bake-fanout matrix: ${entries.length} jobs\n\n` +
    markdownTable(['target', 'platform', 'runner', 'QEMU', 'tags'], rows)
  )
}
