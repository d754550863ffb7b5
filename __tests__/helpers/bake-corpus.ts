/**
 * Real users' bake files as matrix fixtures. A corpus folder holds one folder per file:
 * the files as their repository has them, `source.json` (repository, path, commit, the
 * selection its own workflow makes: targets, set lines, environment) and `print.json`
 * (`docker buildx bake --print` of that selection). Where `entries-print.json` is there
 * too (scripts/bake-corpus-print.mjs writes it with a real buildx), it holds buildx's own
 * resolution of every matrix entry's set lines.
 *
 * The files are public repositories' content, so they are not committed here: the corpus
 * is read from BAKE_CORPUS, else from ../shared/bake-corpus beside the checkout.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { type BakeEntry, entryType } from '../../src/bake/entries.js'
import { isIndexAnnotation } from '../../src/bake/annotations.js'
import { type Override, parseOverride } from '../../src/bake/overrides.js'
import { resolveBake, resolvePrinted } from '../../src/bake/resolve.js'
import type { JsonObject, ResolvedTarget } from '../../src/bake/types.js'
import { InputError } from '../../src/common/errors.js'
import { type MatrixEntry, buildMatrix, repositoriesOf } from '../../src/matrix/plan.js'
import { isImageOutput } from '../../src/bake/output-types.js'
import { selectImageTargets } from '../../src/matrix/selection.js'

export interface Fixture {
  dir: string
  name: string
  source: { repository: string; path: string; commit: string; selection: Selection }
  printed: JsonObject
  /** buildx's resolution of each entry, by selected name: the entry's set lines and what buildx printed. */
  buildx?: Record<string, Array<{ target: string; set: string; print: JsonObject }>>
}

interface Selection {
  targets: string[]
  set: string[]
  env: Record<string, string>
}

export function corpusDir(): string | undefined {
  const candidates = [process.env.BAKE_CORPUS, path.resolve(import.meta.dirname, '../../../shared/bake-corpus')]
  return candidates.find((dir): dir is string => !!dir && existsSync(dir))
}

export function loadCorpus(dir: string): Fixture[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, 'print.json')))
    .map((d) => {
      const at = path.join(dir, d.name)
      const json = (file: string) => JSON.parse(readFileSync(path.join(at, file), 'utf8')) as JsonObject
      const buildx = existsSync(path.join(at, 'entries-print.json')) ? json('entries-print.json') : undefined
      return {
        dir: at,
        name: d.name,
        source: json('source.json') as unknown as Fixture['source'],
        printed: json('print.json'),
        ...(buildx && { buildx: buildx as Fixture['buildx'] }),
      }
    })
}

export type Outcome =
  | { kind: 'refused'; message: string }
  | { kind: 'planned'; entries: MatrixEntry[]; images: ResolvedTarget[]; leftOut: string[] }

/** What `matrix` does with one name of the selection, given the printed definition (as in a job without buildx). */
export function planSelection(fixture: Fixture, name: string): Outcome {
  const overrides = fixture.source.selection.set.map(parseOverride)
  const file = { name: 'print.json', content: fixture.printed }
  try {
    const targets = resolveBake([file], { targets: [name], overrides, env: {} })
    const { images, leftOut } = selectImageTargets(targets, [name])
    const entries = buildMatrix(images, {
      runners: [],
      cache: 'none',
      set: fixture.source.selection.set,
      maxEntries: 256,
    })
    return { kind: 'planned', entries, images, leftOut: leftOut.map((l) => l.target) }
  } catch (error) {
    if (error instanceof InputError) return { kind: 'refused', message: error.message }
    throw error
  }
}

/** An entry's targets as bake resolves its set lines over the printed definition: natively, or as buildx printed them. */
export function builtTargets(fixture: Fixture, entry: MatrixEntry, names: readonly string[]): ResolvedTarget[] {
  const overrides: Override[] = entry.set.split('\n').map(parseOverride)
  return resolveBake([{ name: 'print.json', content: fixture.printed }], { targets: names, overrides, env: {} })
}

export function buildxTargets(print: JsonObject, names: readonly string[]): ResolvedTarget[] {
  return resolvePrinted(print, names)
}

const OURS = new Set(['name', 'push', 'push-by-digest', 'name-canonical'])
const attrs = (entry: BakeEntry) => Object.fromEntries(entry.attrs)
/** The author's attributes a job keeps: all but ours, and the index annotations append writes to the tag's index. */
const authorsKept = (entry: BakeEntry) =>
  Object.fromEntries(entry.attrs.filter(([k]) => !OURS.has(k) && !isIndexAnnotation(k)))

/**
 * What must hold of an entry's built target, whoever resolved the set lines: one
 * platform, no tags, the author's image output with ours set and every other attribute
 * kept, the author's other outputs as written, every linked target on the same platform.
 */
export function entryProblems(original: ResolvedTarget, built: ResolvedTarget[], platform: string): string[] {
  const problems: string[] = []
  const [target, ...rest] = built
  const say = (what: string) => problems.push(`${original.name} ${platform}: ${what}`)
  if (JSON.stringify(target.platforms) !== JSON.stringify([platform])) say(`platforms ${target.platforms.join(',')}`)
  if (target.tags.length > 0) say(`tags ${target.tags.join(',')}`)
  const images = target.outputs.filter(isImageOutput)
  if (images.length !== 1) say(`${images.length} image outputs`)
  const [image] = images
  if (image) {
    const ours = attrs(image)
    const expected = {
      name: repositoriesOf(original.tags).join(','),
      push: 'true',
      'push-by-digest': 'true',
      'name-canonical': 'true',
    }
    for (const [key, value] of Object.entries(expected)) if (ours[key] !== value) say(`output ${key}=${ours[key]}`)
    const authors = original.outputs.find(isImageOutput)
    if (authors && JSON.stringify(authorsKept(authors)) !== JSON.stringify(authorsKept(image))) {
      say(
        `output attributes ${JSON.stringify(authorsKept(image))}, the author wrote ${JSON.stringify(authorsKept(authors))}`,
      )
    }
  }
  const others = (list: BakeEntry[]) => JSON.stringify(list.filter((o) => !isImageOutput(o)).map((o) => attrs(o)))
  if (others(target.outputs) !== others(original.outputs)) say(`other outputs ${others(target.outputs)}`)
  for (const linked of rest) {
    if (JSON.stringify(linked.platforms) !== JSON.stringify([platform])) {
      say(`linked target '${linked.name}' built for ${linked.platforms.join(',') || 'its default'}`)
    }
  }
  return problems
}

export { entryType }
