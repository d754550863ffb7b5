/**
 * `append` mode: after a platform job's build, put its digest into every tag of its
 * target, on every registry. Everything is validated, and every read that can refuse
 * the input is made, before the first write; the record is saved before the first tag
 * write (docs/design.md, "Why append converges").
 */
import type { Deps, ModeResult } from '../mode/deps.js'
import { type Clock, systemClock } from '../common/clock.js'
import { InputError, errorMessage } from '../common/errors.js'
import { formatReference, repositoryName } from '../oci/reference.js'
import type { ImageIndex } from '../oci/types.js'
import { BuildSource } from '../convergence/builds.js'
import { convergeTag } from '../convergence/converge.js'
import { BuildMissingError, type BuildEntries, readBuildEntries } from '../convergence/read.js'
import { openRegistries } from '../convergence/registries.js'
import { OrphanHorizon } from '../convergence/orphan-horizon.js'
import {
  type TagReport,
  describeOutcome,
  logOtherAnnotations,
  outcomeWarnings,
  reportTags,
  requestSummary,
} from '../convergence/report.js'
import { type PrefetchedTag, registryTag } from '../convergence/tag-access.js'
import { FreshListing } from '../records/fresh-listing.js'
import { type BuildRecord, currentRun } from '../records/record.js'
import { type RecordStore, openRecordStore } from '../records/store.js'
import { actionsArtifactService } from '../records/artifact.js'
import type { RegistryPool } from '../registry/pool.js'
import { type TargetPlan, checkBuildPlatforms } from './plan.js'
import type { AppendOptions, ValidatedAppend } from './validate.js'

interface Prepared {
  plan: TargetPlan
  build: BuildEntries
  record: BuildRecord
}

export async function runAppend(validated: ValidatedAppend, deps: Deps): Promise<ModeResult> {
  const { options, plans, results } = validated
  logOtherAnnotations(options.otherAnnotations, deps.log)
  const store = await openRecordStore(options.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env), {
    onSkipped: (file, reason) => deps.log.warning(`records: skipped ${JSON.stringify(file)}: ${reason}`),
    ...(deps.clock && { clock: deps.clock }),
    // A dry run does not create the directory: not made yet, it holds no records.
    missingIsEmpty: options.dryRun,
    retentionDays: options.recordsRetentionDays,
  })
  if (!store && !options.dryRun && validated.noStore) deps.log.warning(validated.noStore)
  const clock = deps.clock ?? systemClock
  const horizon = new OrphanHorizon(options.orphanHorizonSeconds * 1000, clock)
  const pool = openRegistries(options.insecureRegistries, deps)
  const saved: BuildRecord[] = []
  try {
    // The tags' first reads go out with the build's: the critical path is read → write.
    const tags = await openTags(pool, plans, horizon, clock)
    for (const tag of tags.values()) tag.prefetch()
    const prepared = await Promise.all(
      plans.map((plan, i) => prepare(pool, plan, results[i].mediaType, options, clock, deps)),
    )
    const own = prepared.map((p) => p.record)
    if (store && !options.dryRun) saved.push(...(await saveRecords(store, own, deps)))
    const listing = store && new FreshListing(() => store.loadAll())
    const runId = own[0]?.runId
    const runRecords = async () => {
      const listed = listing ? await listing.get() : []
      const unsaved = options.dryRun || !store ? own : []
      return [...listed, ...unsaved].filter((r) => r.runId === runId)
    }
    // Other jobs' builds come from their records' entries: no GET of their manifests (Docker Hub counts GETs).
    const source = new BuildSource(pool, deps.log, { copy: !options.dryRun, recordedEntries: true })
    for (const { record, build } of prepared) source.remember(record.digest, build)
    const publishing = prepared.map((p) => publish(tags, source, p, runRecords, options, clock, deps))
    const reports = (await Promise.all(publishing)).flat()
    deps.log.info(requestSummary(await pool.stats()))
    return reportTags({ title: 'bake-fanout append', dryRun: options.dryRun, reports })
  } finally {
    await endJob(horizon, store, saved, clock, deps)
    await pool.close()
  }
}

/**
 * The job's last act, failed or not: wait out the orphan horizon of its ambiguous
 * writes (an abandoned attempt landing later could drop another job's platform after
 * that job finished green), then mark its records complete, so verify knows no write
 * of this job is still in flight.
 */
async function endJob(
  horizon: OrphanHorizon,
  store: RecordStore | undefined,
  saved: readonly BuildRecord[],
  clock: Clock,
  deps: Deps,
): Promise<void> {
  const waited = await horizon.waitOut()
  if (waited > 0) {
    deps.log.info(
      `waited ${(waited / 1000).toFixed(1)} s before exiting: the orphan horizon of an ambiguous tag write (the registry may apply an abandoned attempt until then)`,
    )
  }
  if (!store || saved.length === 0) return
  const until = horizon.until
  const completion = {
    completedAt: new Date(clock.now()).toISOString(),
    ...(until !== undefined && { horizonUntil: new Date(until).toISOString() }),
  }
  try {
    for (const record of saved) await store.saveCompletion(record, completion)
  } catch (error) {
    deps.log.warning(
      `could not mark the record complete in ${store.description} (verify will wait one orphan horizon for it): ${errorMessage(error)}`,
    )
  }
}

/** Every tag of every target, by full ref, ready to be read and written. */
async function openTags(
  pool: RegistryPool,
  plans: readonly TargetPlan[],
  horizon: OrphanHorizon,
  clock: Clock,
): Promise<Map<string, PrefetchedTag>> {
  const tags = new Map<string, PrefetchedTag>()
  const seen = new Map<string, Promise<ImageIndex | undefined>>()
  for (const repo of plans.flatMap((p) => p.repositories)) {
    const client = await pool.client(repo.registry)
    client.willPush(repo.repository)
    for (const tag of repo.tags)
      tags.set(
        formatReference({ ...repo, tag }),
        registryTag({ client, repository: repo.repository, tag, horizon, clock, seen }),
      )
  }
  return tags
}

/** Reads only: the build's entries, its presence in every repository it names, and that it belongs to the target. */
async function prepare(
  pool: RegistryPool,
  plan: TargetPlan,
  mediaType: string | undefined,
  options: AppendOptions,
  clock: Clock,
  deps: Deps,
) {
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
    version: 2,
    target: plan.target,
    platforms: build.platforms,
    // Only a bake definition knows the target's platforms; without one, the record states none (never its own).
    ...(plan.platforms && { targetPlatforms: plan.platforms }),
    entries: build.entries,
    digest: plan.digest,
    mediaType: mediaType ?? build.mediaType,
    size: build.size,
    repositories: plan.sources.map(repositoryName),
    tags: plan.tags,
    // The build's time, on the injected clock: it decides which of two records of a platform wins.
    createdAt: new Date(clock.now()).toISOString(),
    ...(deps.run ?? currentRun(deps.env)),
    orphanHorizon: options.orphanHorizonSeconds,
    ...(options.defer && { deferred: true }),
  }
  return { plan, build, record } satisfies Prepared
}

/** Saves the records before any tag write; returns those saved (a failure is bad input: nothing was written). */
async function saveRecords(store: RecordStore, records: readonly BuildRecord[], deps: Deps): Promise<BuildRecord[]> {
  try {
    for (const record of records) await store.save(record)
  } catch (error) {
    const reason = errorMessage(error)
    throw new InputError(
      'records',
      `could not save the record to ${store.description}, so no tag was written: ${reason}`,
    )
  }
  deps.log.info(`records saved to ${store.description}`)
  return [...records]
}

/** Every tag of the target, per repository: copies first where the build was not pushed, then the tags. */
async function publish(
  tags: ReadonlyMap<string, PrefetchedTag>,
  source: BuildSource,
  { plan, build, record }: Prepared,
  runRecords: () => Promise<BuildRecord[]>,
  options: AppendOptions,
  clock: Clock,
  deps: Deps,
): Promise<TagReport[]> {
  const perRepository = plan.repositories.map(async (repo) => {
    const refOf = (tag: string) => formatReference({ ...repo, tag })
    try {
      await source.ensureIn(record, build, repo)
    } catch (error) {
      const message = `copying from ${record.repositories.join(', ')} failed: ${errorMessage(error)}`
      return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ours: build.platforms, error: message }))
    }
    if (options.defer)
      return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ours: build.platforms, deferred: true }))
    return Promise.all(
      repo.tags.map(async (tag): Promise<TagReport> => {
        const ref = refOf(tag)
        try {
          const outcome = await convergeTag(
            tags.get(ref)!,
            async () => source.forTag({ ...repo, ref }, await runRecords()),
            {
              annotations: options.annotations,
              prune: false,
              dryRun: options.dryRun,
              alwaysWrite: false,
              settleMs: options.settleSeconds * 1000,
              clock,
            },
          )
          deps.log.info(describeOutcome(ref, outcome, options.dryRun))
          for (const warning of outcomeWarnings(ref, outcome)) deps.log.warning(warning)
          return { ref, ours: build.platforms, outcome }
        } catch (error) {
          return { ref, ours: build.platforms, error: errorMessage(error) }
        }
      }),
    )
  })
  return (await Promise.all(perRepository)).flat()
}
