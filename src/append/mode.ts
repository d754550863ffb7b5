/**
 * `append` mode: after a platform job's build, put its digest into every tag of its
 * target, on every registry. Everything is validated, and every read that can refuse
 * the input is made, before the first write; the record is saved before the first tag
 * write (docs/design.md, "Why append converges").
 */
import type { Deps, ModeResult } from '../mode/deps.js'
import { type Clock, monotonicMs, systemClock } from '../common/clock.js'
import { InputError, errorMessage } from '../common/errors.js'
import { loadDigests } from '../oci/digest.js'
import { formatReference } from '../oci/reference.js'
import { BuildSource } from '../convergence/builds.js'
import { convergeTag } from '../convergence/converge.js'
import { KnownIndexes, type Listing } from '../convergence/known-indexes.js'
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
import type { PrefetchedTag } from '../convergence/tag-access.js'
import { FreshListing } from '../records/fresh-listing.js'
import { type BuildRecord, type WrittenIndex, currentRun } from '../records/record.js'
import { withOwn } from '../records/own-records.js'
import { type KnownIndexesByTarget, deferred, openTags, recordsNamer, startReads } from './tags.js'
import { intermediatesNotice } from '../cleanup/notice.js'
import { type RecordStore, openRecordStore } from '../records/store.js'
import { actionsArtifactService } from '../records/artifact.js'
import { type Prepared, prepare } from './prepare.js'
import type { AppendOptions, ValidatedAppend } from './validate.js'

export async function runAppend(validated: ValidatedAppend, deps: Deps): Promise<ModeResult> {
  const { options, plans, results } = validated
  logOtherAnnotations(options.otherAnnotations, deps.log)
  const store = openRecordStore(options.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env), {
    onSkipped: (file, reason) => deps.log.warning(`records: skipped ${JSON.stringify(file)}: ${reason}`),
    ...(deps.clock && { clock: deps.clock }),
    // A dry run does not create the directory: not made yet, it holds no records.
    missingIsEmpty: options.dryRun,
    retentionDays: options.recordsRetentionDays,
  })
  if (!store && !options.dryRun && validated.noStore) deps.log.warning(validated.noStore)
  const clock = deps.clock ?? systemClock
  const run = deps.run ?? currentRun(deps.env)
  const { runId } = run
  const horizon = new OrphanHorizon(options.orphanHorizonSeconds * 1000, clock)
  const pool = openRegistries(options.insecureRegistries, deps)
  const saved: BuildRecord[] = []
  const written: WrittenIndex[] = []
  try {
    // The tags' first reads go out with the build's: the critical path is read → write. A digest
    // they meet is looked up among the unions of the run's records once those are listed.
    const known = deferred<KnownIndexesByTarget>()
    // The job's own records count before they are listed: they are being saved, or never are (a dry run).
    const ownRecords = deferred<readonly BuildRecord[]>()
    const listing = store && new FreshListing(() => store.loadAll(runId))
    let latest: Promise<Listing> | undefined
    let latestAt = -Infinity
    const runRecords = async (): Promise<BuildRecord[]> =>
      withOwn(listing ? await listing.get() : [], await ownRecords.promise).filter((r) => r.runId === runId)
    const list = (): Promise<Listing> => {
      const startedAt = (latestAt = monotonicMs())
      return (latest = runRecords().then((records) => ({ records, startedAt })))
    }
    // A lookup needs a listing begun after its tag's answer: begun then, it is read while the
    // build's own read (which the lookup needs too) may still be out.
    const listAfter = (answeredAt: number) => {
      if (listing && latestAt < answeredAt) list().catch(() => {}) // a failed one is listed again when used
    }
    // Asked right after listAfter, it joins the listing that one queued (begun after the answer, not yet started).
    const recordsName = recordsNamer(listing && (() => listing.get()), runId)
    const lookups = { indexes: known.promise, listAfter, recordsName }
    const tags = await openTags(pool, plans, horizon, clock, written, lookups)
    startReads(tags, options.defer)
    const preparing = Promise.all(
      plans.map((plan, i) => prepare(pool, plan, results[i].mediaType, options, clock, run)),
    )
    // Every first request is issued; their connections open, and they are written, in the next
    // turn's poll phase (this turn's began before they were issued). After that one, while they
    // are out: the digests' module loads (their answers need it), and the store is read (the
    // artifact client loads first, ~135 ms), so the listings after the answers read little.
    setImmediate(() =>
      setImmediate(() => {
        loadDigests()
        store?.warm(runId)
      }),
    )
    const prepared = await preparing.catch((error: unknown) => {
      ownRecords.reject(error)
      return known.fail(error)
    })
    const own = prepared.map((p) => p.record)
    ownRecords.resolve(own)
    // Saved once the build is known to be in every repository, while the tags' digests are looked
    // up (those lookups need not wait for that read); no tag is written before (publish waits for it).
    const saving = Promise.all(prepared.map((p) => p.present)).then(() =>
      store && !options.dryRun ? saveRecords(store, own, deps) : [],
    )
    saving.catch(() => {}) // awaited below, where a failure fails the job
    // Other jobs' builds come from their records' entries: no GET of their manifests (Docker Hub counts GETs).
    const source = new BuildSource(pool, deps.log, { copy: !options.dryRun, recordedEntries: true })
    for (const { record, build } of prepared) source.remember(record.digest, build)
    // A lookup takes the latest listing; one that failed (nobody waited on it) is listed again.
    const held = { latest: () => (latest ? latest.catch(() => list()) : list()), fresh: list }
    // Each target's index carries its own annotations (its author's annotation-index.*, then the input).
    known.resolve(
      new Map(
        plans.map((plan) => [
          plan.target,
          new KnownIndexes(source, held, { annotations: plan.annotations, now: () => clock.now() }),
        ]),
      ),
    )
    saved.push(...(await saving))
    const savedAt = monotonicMs()
    // Round 0 wants a listing begun after the save: one now, while tags' reads may be out, not one per tag after them.
    if (listing && !options.defer) list().catch(() => {}) // a failed one is listed again when used
    /**
     * A tag's records, listed after its read and after the job's own records were saved (the
     * order the convergence proof needs: a listing from before the save can miss a job that
     * wrote meanwhile and checked before that save, and a round 0 built on it may skip its
     * write). The first time, the latest listing when it began after both (a known-index
     * lookup lists them then), so that lookup costs no listing of its own.
     */
    const recordsFor = (tag: PrefetchedTag) => {
      let first = true
      return async () => {
        const earlier = first && latest ? await latest.catch(() => undefined) : undefined
        first = false
        if (earlier && earlier.startedAt >= Math.max(tag.answeredAt ?? Infinity, savedAt)) return earlier.records
        return (await list()).records
      }
    }
    const publishing = prepared.map((p) => publish(tags, source, p, recordsFor, options, clock, deps))
    const reports = (await Promise.all(publishing)).flat()
    const notice = intermediatesNotice(written, options.ghcrRegistry)
    if (notice) deps.log.notice(notice)
    deps.log.info(requestSummary(await pool.stats()))
    const context = { mode: 'append' as const, ...run, at: clock.now() }
    return reportTags({ title: 'bake-fanout append', dryRun: options.dryRun, reports, context })
  } finally {
    await endJob(horizon, store, saved, written, clock, deps)
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
  written: readonly WrittenIndex[],
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
    for (const record of saved) {
      // What the job PUT to this record's tags: the only versions verify's cleanup may delete.
      const own = written.filter((w) => record.tags.includes(w.ref))
      await store.saveCompletion(record, { ...completion, ...(own.length > 0 && { written: own }) })
    }
  } catch (error) {
    deps.log.warning(
      `could not mark the record complete in ${store.description} (verify will wait one orphan horizon for it): ${errorMessage(error)}`,
    )
  }
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
  recordsFor: (tag: PrefetchedTag) => () => Promise<readonly BuildRecord[]>,
  options: AppendOptions,
  clock: Clock,
  deps: Deps,
): Promise<TagReport[]> {
  // What every tag's report says of the build: this job's platforms, and all the target's (when a bake file says).
  const ours = { ours: build.platforms, ...(plan.platforms && { targetPlatforms: plan.platforms }) }
  const perRepository = plan.repositories.map(async (repo) => {
    const refOf = (tag: string) => formatReference({ ...repo, tag })
    try {
      await source.ensureIn(record, build, repo)
    } catch (error) {
      const message = `copying from ${record.repositories.join(', ')} failed: ${errorMessage(error)}`
      return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ...ours, error: message }))
    }
    if (options.defer) return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ...ours, deferred: true }))
    return Promise.all(
      repo.tags.map(async (tag): Promise<TagReport> => {
        const ref = refOf(tag)
        const access = tags.get(ref)!
        const runRecords = recordsFor(access)
        try {
          const outcome = await convergeTag(access, async () => source.forTag({ ...repo, ref }, await runRecords()), {
            annotations: plan.annotations,
            prune: false,
            dryRun: options.dryRun,
            alwaysWrite: false,
            settleMs: options.settleSeconds * 1000,
            clock,
          })
          deps.log.info(describeOutcome(ref, outcome, options.dryRun))
          for (const warning of outcomeWarnings(ref, outcome)) deps.log.warning(warning)
          return { ref, ...ours, outcome }
        } catch (error) {
          return { ref, ...ours, error: errorMessage(error) }
        }
      }),
    )
  })
  return (await Promise.all(perRepository)).flat()
}
