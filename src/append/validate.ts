/**
 * Append's first phase: everything that can refuse the input without a registry —
 * the metadata, the bake definition, the plans, the records store. It loads no network
 * code, so a bad input fails as fast as the process starts.
 */
import { readFile, stat } from '../common/fs.js'
import type { Deps } from '../mode/deps.js'
import type { OtherAnnotations } from '../common/annotations.js'
import { loadBake } from '../bake/load.js'
import { InputError } from '../common/errors.js'
import { assertActionsRuntime, hasArtifactService } from '../records/artifact.js'
import { prepareRecordDirectory } from '../records/store.js'
import { type BuildResult, MAX_METADATA_BYTES, buildResults, metadataTargets, parseMetadataText } from './metadata.js'
import { type AppendTarget, type TargetPlan, planTarget } from './plan.js'
import { indexAnnotationsOf } from '../bake/annotations.js'
import type { ResolvedTarget } from '../bake/types.js'

/** What append reads: the build, where it goes, and how to write it. */
export interface AppendOptions {
  metadata: string
  workdir: string
  files: string[]
  targets: string[]
  set: string[]
  annotations: Array<[string, string]>
  otherAnnotations: OtherAnnotations
  tags: string[]
  /** Each target's refs, when the `tags` lines name their targets (a packed matrix entry). */
  targetTags?: Record<string, string[]>
  settleSeconds: number
  orphanHorizonSeconds: number
  dryRun: boolean
  defer: boolean
  records?: string
  recordsRetentionDays: number
  insecureRegistries: string[]
  /** The registry whose repositories are GitHub packages: a write there leaves a version (a notice says how many). */
  ghcrRegistry: string
}

/** What the second phase (registry I/O) starts from. */
export interface ValidatedAppend {
  options: AppendOptions
  plans: TargetPlan[]
  results: BuildResult[]
  /** Why there is no record store, when there is none: said once, as a warning. */
  noStore?: string
}

const NO_RECORDS =
  "no 'records': without a record store shared by the run's jobs, append falls back to the settle-only guard, " +
  "which a slow registry can defeat; set 'records' to a shared directory, or use 'defer: true' with verify"
const NO_ARTIFACT_SERVICE =
  'GitHub Enterprise Server has no v4 artifact service to keep the records in: append falls back to the ' +
  "settle-only guard, which a slow registry can defeat; give 'records' a directory the jobs share, or use " +
  "'defer: true' with verify and such a directory"

export async function validateAppend(options: AppendOptions, deps: Deps): Promise<ValidatedAppend> {
  const metadata = parseMetadataText(await readMetadataInput(options.metadata))
  const { targets, platformsKnown } = await appendTargets(options, metadata, deps)
  const results = buildResults(
    metadata,
    targets.map((t) => t.name),
  )
  const plans = targets.map((target, i) => planTarget(target, results[i], options.annotations, platformsKnown))
  checkTagsOwned(plans)
  const records = await checkRecords(options, deps)
  const noStore = records !== undefined ? undefined : options.records === 'artifact' ? NO_ARTIFACT_SERVICE : NO_RECORDS
  return { options: { ...options, records }, plans, results, ...(noStore && { noStore }) }
}

/**
 * The targets, their tags and platforms. With `tags` (fixed once in the matrix job), the
 * bake definition is read only for the platforms each build is checked against, and
 * not at all when there is no bake file: then the targets are `targets`, else the
 * metadata's. A packed entry's `tags` name each line's target: each target gets its own.
 */
async function appendTargets(options: AppendOptions, metadata: Record<string, unknown>, deps: Deps) {
  const { workdir, files, targets: requested, set, tags } = options
  const source = { workdir, files, targets: requested, set, env: deps.env }
  if (tags.length === 0) {
    const bake = await loadBake(source, deps.exec)
    return { targets: bake.map((t) => appendTarget(t, t.tags)), platformsKnown: true }
  }
  const bake = await loadBake({ ...source, optional: true }, deps.exec)
  const tagsOf = targetTagsLookup(options)
  if (bake) {
    checkTaggedTargets(
      options,
      bake.map((t) => t.name),
    )
    return { targets: bake.map((t) => appendTarget(t, tagsOf(t.name))), platformsKnown: true }
  }
  deps.log.warning("no bake file: the build's platforms are not checked against the target's ('files' names one)")
  const names =
    requested.length > 0 ? requested : options.targetTags ? Object.keys(options.targetTags) : metadataTargets(metadata)
  checkTaggedTargets(options, names)
  const targets = names.map((name): AppendTarget => ({ name, tags: tagsOf(name), platforms: [], indexAnnotations: [] }))
  return { targets, platformsKnown: false }
}

function appendTarget(target: ResolvedTarget, tags: string[]): AppendTarget {
  return { name: target.name, platforms: target.platforms, tags, indexAnnotations: indexAnnotationsOf(target.outputs) }
}

/** A tag is one target's: two builds of a platform in one index would leave the pull to chance. */
function checkTagsOwned(plans: readonly TargetPlan[]): void {
  const owner = new Map<string, string>()
  for (const plan of plans) {
    for (const tag of plan.tags) {
      const other = owner.get(tag)
      if (other !== undefined && other !== plan.target) {
        throw new InputError(
          'tags',
          `${tag} is a tag of both '${other}' and '${plan.target}': a tag holds one target's images`,
        )
      }
      owner.set(tag, plan.target)
    }
  }
}

function targetTagsLookup({ tags, targetTags }: AppendOptions): (target: string) => string[] {
  return (target) => (targetTags ? (Object.hasOwn(targetTags, target) ? targetTags[target] : []) : tags)
}

/** Lines naming a target that is not appended would be dropped without a word: refused instead. */
function checkTaggedTargets({ targetTags }: AppendOptions, targets: readonly string[]): void {
  if (!targetTags) return
  const stray = Object.keys(targetTags).filter((name) => !targets.includes(name))
  if (stray.length > 0) {
    throw new InputError(
      'tags',
      `names ${stray.map((s) => `'${s}'`).join(', ')}, not among the targets appended (${targets.join(', ')})`,
    )
  }
}

/** The metadata input: JSON text, or a path to a file holding it. */
export async function readMetadataInput(value: string): Promise<string> {
  if (value === '') throw new InputError('metadata', "required in append mode (docker/bake-action's metadata output)")
  if (/^\uFEFF?[{[]/.test(value)) return value
  try {
    const info = await stat(value)
    if (info.size > MAX_METADATA_BYTES)
      throw new InputError('metadata', `file '${value}' is larger than ${MAX_METADATA_BYTES} bytes`)
    return await readFile(value, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError('metadata', `is neither JSON nor a readable file: '${value.slice(0, 200)}'`)
  }
}

/** The records input, checked before any registry request: the store to use, or none (the settle-only guard). */
async function checkRecords(options: AppendOptions, deps: Deps): Promise<string | undefined> {
  const { records, dryRun, defer } = options
  const artifactsMissing = records === 'artifact' && !deps.artifacts && !hasArtifactService(deps.env)
  const usable = artifactsMissing ? undefined : records
  if (usable === undefined && defer) {
    const where = artifactsMissing ? 'GitHub Enterprise Server has no v4 artifact service: ' : ''
    throw new InputError('defer', `${where}needs 'records' (a directory shared with verify)`)
  }
  if (usable === 'artifact' && !deps.artifacts) assertActionsRuntime(deps.env)
  if (usable !== undefined && usable !== 'artifact' && !dryRun) await prepareRecordDirectory(usable)
  return usable
}
