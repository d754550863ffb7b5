/**
 * `append` mode: after a platform job's build, put its digest into every tag of its
 * target, on every registry. Everything is validated, and every read that can refuse
 * the input is made, before the first write; the record is saved before the first tag
 * write (docs/design.md, "Why append converges").
 */
import type { Deps, ModeResult } from '../action/deps.js'
import { InputError } from '../common/errors.js'
import { formatReference, repositoryName } from '../oci/reference.js'
import { BuildSource } from '../publish/builds.js'
import { convergeTag } from '../publish/converge.js'
import { BuildMissingError, type BuildEntries, readBuildEntries } from '../publish/read.js'
import { openRegistries } from '../publish/registries.js'
import { type TagReport, describeOutcome, logOtherAnnotations, reportTags, requestSummary } from '../publish/report.js'
import { type PrefetchedTag, registryTag } from '../publish/tag-access.js'
import { FreshListing } from '../records/fresh-listing.js'
import { type BuildRecord, currentRun } from '../records/record.js'
import { type RecordStore, openRecordStore } from '../records/store.js'
import { actionsArtifactService } from '../records/artifact.js'
import type { RegistryPool } from '../registry/pool.js'
import { realClock } from '../registry/retry.js'
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
  const store = await openRecordStore(options.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env))
  if (!store && !options.dryRun && validated.noStore) deps.log.warning(validated.noStore)
  const pool = openRegistries(options.insecureRegistries, deps)
  try {
    // The tags' first reads go out with the build's: the critical path is read → write.
    const tags = await openTags(pool, plans)
    for (const tag of tags.values()) tag.prefetch()
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
    for (const { record, build } of prepared) source.remember(record.digest, build)
    const reports = (await Promise.all(prepared.map((p) => publish(tags, source, p, runRecords, options, deps)))).flat()
    deps.log.info(requestSummary(await pool.stats()))
    return reportTags({ title: 'bake-fanout append', dryRun: options.dryRun, reports })
  } finally {
    await pool.close()
  }
}

/** Every tag of every target, by full ref, ready to be read and written. */
async function openTags(pool: RegistryPool, plans: readonly TargetPlan[]): Promise<Map<string, PrefetchedTag>> {
  const tags = new Map<string, PrefetchedTag>()
  for (const repo of plans.flatMap((p) => p.repositories)) {
    const client = await pool.client(repo.registry)
    client.willPush(repo.repository)
    for (const tag of repo.tags)
      tags.set(formatReference({ ...repo, tag }), registryTag({ client, repository: repo.repository, tag }))
  }
  return tags
}

/** Reads only: the build's entries, its presence in every repository it names, and that it belongs to the target. */
async function prepare(pool: RegistryPool, plan: TargetPlan, mediaType: string | undefined, deps: Deps) {
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
  tags: ReadonlyMap<string, PrefetchedTag>,
  source: BuildSource,
  { plan, build, record }: Prepared,
  runRecords: () => Promise<BuildRecord[]>,
  options: AppendOptions,
  deps: Deps,
): Promise<TagReport[]> {
  const clock = deps.clock ?? realClock
  const perRepository = plan.repositories.map(async (repo) => {
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
            tags.get(ref)!,
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
