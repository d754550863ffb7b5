/**
 * `append` mode: after a platform job's build, put its digest into every tag of its
 * target, on every registry. Everything is validated, and every read that can refuse
 * the input is made, before the first write; the record is saved before the first tag
 * write (docs/design.md, "Why append converges").
 */
import { readFile, stat } from 'node:fs/promises'
import type { Deps, ModeResult } from '../action/deps.js'
import { loadBake } from '../bake/load.js'
import { InputError } from '../common/errors.js'
import type { OtherAnnotations } from '../action/inputs.js'
import { formatReference, repositoryName } from '../oci/reference.js'
import { BuildSource } from '../publish/builds.js'
import { convergeTag } from '../publish/converge.js'
import { BuildMissingError, type BuildEntries, readBuildEntries } from '../publish/read.js'
import { openRegistries } from '../publish/registries.js'
import { type TagReport, describeOutcome, logOtherAnnotations, reportTags, requestSummary } from '../publish/report.js'
import { registryTag } from '../publish/tag-access.js'
import { FreshListing } from '../records/fresh-listing.js'
import { type BuildRecord, currentRun } from '../records/record.js'
import { type RecordStore, openRecordStore, prepareRecordDirectory } from '../records/store.js'
import { actionsArtifactService } from '../records/artifact.js'
import type { RegistryPool } from '../registry/pool.js'
import { realClock } from '../registry/retry.js'
import { MAX_METADATA_BYTES, buildResults, metadataTargets, parseMetadataText } from './metadata.js'
import { type TargetPlan, checkBuildPlatforms, planTarget } from './plan.js'

export interface AppendOptions {
  /** JSON text, or a path to a file holding it. */
  metadata: string
  workdir: string
  files: string[]
  targets: string[]
  set: string[]
  annotations: ReadonlyArray<readonly [string, string]>
  otherAnnotations: OtherAnnotations
  /** Full tag refs that replace the bake definition's (a matrix entry's `tags`). */
  tags: string[]
  settleSeconds: number
  dryRun: boolean
  /** Save the record (and copy manifests) but write no tag: verify writes each tag once. */
  defer: boolean
  records?: string
  insecureRegistries: string[]
}

interface Prepared {
  plan: TargetPlan
  build: BuildEntries
  record: BuildRecord
}

export async function runAppend(options: AppendOptions, deps: Deps): Promise<ModeResult> {
  const metadata = parseMetadataText(await readMetadataInput(options.metadata))
  const { targets, platformsKnown } = await appendTargets(options, metadata, deps)
  const results = buildResults(
    metadata,
    targets.map((t) => t.name),
  )
  const plans = targets.map((target, i) => planTarget(target, results[i], platformsKnown))
  logOtherAnnotations(options.otherAnnotations, deps.log)
  const store = await openStore(options, deps)
  const pool = openRegistries(options.insecureRegistries, deps)
  try {
    const prepared = await Promise.all(plans.map((plan, i) => prepare(pool, plan, results[i].mediaType, deps)))
    const own = prepared.map((p) => p.record)
    if (store && !options.dryRun) await saveRecords(store, own, deps)
    const listing = store && new FreshListing(() => store.loadAll())
    const runId = own[0]?.runId
    const runRecords = async () => {
      const saved = listing ? await listing.get() : []
      const unsaved = options.dryRun || !store ? own : []
      return [...saved, ...unsaved].filter((r) => r.runId === runId)
    }
    const source = new BuildSource(pool, deps.log, !options.dryRun)
    const reports = (await Promise.all(prepared.map((p) => publish(pool, source, p, runRecords, options, deps)))).flat()
    deps.log.info(requestSummary(await pool.stats()))
    return reportTags({ title: 'bake-fanout append', dryRun: options.dryRun, reports })
  } finally {
    await pool.close()
  }
}

/**
 * The targets, their tags and platforms. With `tags` (fixed once in the matrix job), the
 * bake definition is read only for the platforms each build is checked against, and
 * not at all when there is no bake file: then the targets are `targets`, else the
 * metadata's.
 */
async function appendTargets(options: AppendOptions, metadata: Record<string, unknown>, deps: Deps) {
  const { workdir, files, targets: requested, set, tags } = options
  const source = { workdir, files, targets: requested, set, env: deps.env }
  if (tags.length === 0) return { targets: await loadBake(source, deps.exec), platformsKnown: true }
  const bake = await loadBake({ ...source, optional: true }, deps.exec)
  if (bake) return { targets: bake.map((t) => ({ ...t, tags })), platformsKnown: true }
  deps.log.warning("no bake file: the build's platforms are not checked against the target's ('files' names one)")
  const names = requested.length > 0 ? requested : metadataTargets(metadata)
  return { targets: names.map((name) => ({ name, tags, platforms: [], definition: {} })), platformsKnown: false }
}

/** The metadata input: JSON text, or a path to a file holding it. */
export async function readMetadataInput(value: string): Promise<string> {
  if (value === '') throw new InputError('metadata', "required in append mode (docker/bake-action's metadata output)")
  if (value.startsWith('{') || value.startsWith('[')) return value
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

/** The record store, checked before any registry request; none means the settle-only guard. */
async function openStore(options: AppendOptions, deps: Deps): Promise<RecordStore | undefined> {
  if (options.records !== undefined && options.records !== 'artifact' && !options.dryRun) {
    await prepareRecordDirectory(options.records)
  }
  const store = await openRecordStore(options.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env))
  if (!store && options.defer) throw new InputError('defer', "needs 'records' (a directory shared with verify)")
  if (!store && !options.dryRun) {
    deps.log.warning(
      "no 'records': without a record store shared by the run's jobs, append falls back to the settle-only guard, " +
        "which a slow registry can defeat; set 'records' to a shared directory, or use 'defer: true' with verify",
    )
  }
  return store
}

/** Reads only: the build's entries, its presence in every repository it names, and that it belongs to the target. */
async function prepare(pool: RegistryPool, plan: TargetPlan, mediaType: string | undefined, deps: Deps) {
  for (const repo of plan.repositories) (await pool.client(repo.registry)).willPush(repo.repository)
  const [first, ...others] = plan.sources
  const build = await readBuildEntries(await pool.client(first.registry), first.repository, plan.digest).catch(
    (error: Error) => {
      if (!(error instanceof BuildMissingError)) throw error
      throw new InputError('metadata', `target '${plan.target}': ${error.message}`)
    },
  )
  checkBuildPlatforms(plan, build.platforms)
  await Promise.all(
    others.map(async (source) => {
      if (!(await (await pool.client(source.registry)).headManifest(source.repository, plan.digest))) {
        const where = `${repositoryName(source)}@${plan.digest}`
        throw new InputError('metadata', `target '${plan.target}': image.name names ${where}, which does not exist`)
      }
    }),
  )
  const record: BuildRecord = {
    version: 1,
    target: plan.target,
    platforms: build.platforms,
    digest: plan.digest,
    mediaType: mediaType ?? build.mediaType,
    size: build.size,
    repositories: plan.sources.map(repositoryName),
    tags: plan.tags,
    createdAt: new Date().toISOString(),
    ...currentRun(deps.env),
  }
  return { plan, build, record } satisfies Prepared
}

async function saveRecords(store: RecordStore, records: readonly BuildRecord[], deps: Deps): Promise<void> {
  try {
    for (const record of records) await store.save(record)
  } catch (error) {
    const reason = (error as Error).message
    throw new InputError(
      'records',
      `could not save the record to ${store.description}, so no tag was written: ${reason}`,
    )
  }
  deps.log.info(`records saved to ${store.description}`)
}

/** Every tag of the target, per repository: copies first where the build was not pushed, then the tags. */
async function publish(
  pool: RegistryPool,
  source: BuildSource,
  { plan, build, record }: Prepared,
  runRecords: () => Promise<BuildRecord[]>,
  options: AppendOptions,
  deps: Deps,
): Promise<TagReport[]> {
  const clock = deps.clock ?? realClock
  const perRepository = plan.repositories.map(async (repo) => {
    const client = await pool.client(repo.registry)
    const refOf = (tag: string) => formatReference({ ...repo, tag })
    try {
      await source.ensureIn(record, build, repo)
    } catch (error) {
      const message = `copying from ${record.repositories.join(', ')} failed: ${(error as Error).message}`
      return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ours: build.platforms, error: message }))
    }
    if (options.defer)
      return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ours: build.platforms, deferred: true }))
    return Promise.all(
      repo.tags.map(async (tag): Promise<TagReport> => {
        const ref = refOf(tag)
        try {
          const outcome = await convergeTag(
            registryTag({ client, repository: repo.repository, tag }),
            async () => source.forTag({ ...repo, ref }, await runRecords()),
            {
              annotations: options.annotations,
              prune: false,
              dryRun: options.dryRun,
              settleMs: options.settleSeconds * 1000,
              sleep: (ms) => clock.sleep(ms),
            },
          )
          deps.log.info(describeOutcome(ref, outcome, options.dryRun))
          return { ref, ours: build.platforms, outcome }
        } catch (error) {
          return { ref, ours: build.platforms, error: (error as Error).message }
        }
      }),
    )
  })
  return (await Promise.all(perRepository)).flat()
}
