/** The `matrix` planner: resolved bake targets → one job per target × platform. Pure. */
import type { ResolvedTarget } from '../bake/types.js'
import { InputError } from '../common/errors.js'
import { slugFor } from '../common/slug.js'
import { parseTagReference, repositoryName } from '../oci/reference.js'
import { type RunnerLabel, type RunnerRule, needsQemu, runnerFor } from './runners.js'

export type CacheMode = 'none' | 'gha'

export interface MatrixEntry {
  target: string
  platform: string
  /** Same as `platform`: the name docker's own multi-runner examples use. */
  platforms: string
  runner: RunnerLabel
  qemu: boolean
  slug: string
  /** The target's full tag refs, newline-separated, fixed here once for every platform job (`${{ matrix.tags }}`). */
  tags: string
  /** Newline-separated bake overrides for docker/bake-action. */
  set: string
}

export interface MatrixOptions {
  runners: readonly RunnerRule[]
  cache: CacheMode
  /** The user's own overrides, forwarded so the build job builds what was resolved here. */
  set: readonly string[]
  /** GitHub refuses a job matrix of more than 256 entries. */
  maxEntries: number
}

export const GITHUB_MATRIX_LIMIT = 256

/** Keys this planner decides per entry: the user's lines for them are already folded into the resolution. */
const PLANNED_KEYS = new Set(['tags', 'platform', 'output'])

export function buildMatrix(targets: readonly ResolvedTarget[], options: MatrixOptions): MatrixEntry[] {
  const forwarded = options.set.filter((line) => !PLANNED_KEYS.has(overrideKey(line)))
  const entries: MatrixEntry[] = []
  const slugs = new Map<string, string>()
  for (const target of targets) {
    if (target.tags.length === 0) {
      throw new InputError('targets', `target '${target.name}' has no tags: nothing to push the platforms to`)
    }
    if (target.platforms.length === 0) {
      throw new InputError('targets', `target '${target.name}' has no platforms: set 'platforms' in the bake file`)
    }
    const repositories = repositoriesOf(target.tags)
    for (const platform of target.platforms) {
      const slug = slugFor(target.name, platform)
      const clash = slugs.get(slug)
      if (clash) throw new InputError('targets', `'${target.name}' ${platform} and ${clash} share the slug '${slug}'`)
      slugs.set(slug, `'${target.name}' ${platform}`)
      const runner = runnerFor(platform, options.runners)
      const lines = [...forwarded, ...entryOverrides(target.name, platform, repositories, slug, options.cache)]
      entries.push({
        target: target.name,
        platform,
        platforms: platform,
        runner,
        qemu: needsQemu(platform, runner),
        slug,
        tags: target.tags.join('\n'),
        set: lines.join('\n'),
      })
    }
  }
  if (entries.length > options.maxEntries) {
    throw new InputError(
      'targets',
      `the matrix has ${entries.length} entries; GitHub allows at most ${options.maxEntries} per job matrix (split the targets over several jobs)`,
    )
  }
  return entries
}

/** Push this one platform by digest to every repository of the target's tags, tags cleared. */
function entryOverrides(target: string, platform: string, repositories: string[], slug: string, cache: CacheMode) {
  const lines = [
    `${target}.platform=${platform}`,
    `${target}.tags=`,
    `${target}.output=type=image,"name=${repositories.join(',')}",push-by-digest=true,name-canonical=true,push=true`,
  ]
  if (cache === 'gha') {
    lines.push(`${target}.cache-from=type=gha,scope=${slug}`, `${target}.cache-to=type=gha,scope=${slug},mode=max`)
  }
  return lines
}

/** Distinct repositories (`registry/path`) of full tag refs, in first-seen order. */
export function repositoriesOf(tags: readonly string[]): string[] {
  return [...new Set(tags.map((tag) => repositoryName(parseTagReference(tag))))]
}

function overrideKey(line: string): string {
  const key = line.slice(0, Math.max(0, line.indexOf('='))).replace(/\+$/, '')
  return key.split('.')[1] ?? ''
}
