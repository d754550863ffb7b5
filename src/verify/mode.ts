/**
 * `verify` mode: the converge job. Reads every record of this run and makes every tag
 * hold the newest recorded build per platform (and, with prune, nothing else), under
 * the same newest-run-wins rule as append. Run once after all platform jobs, it is
 * the repair of last resort: it writes every tag (a read that shows everything may be
 * stale), after waiting out any write a crashed job may have left in flight.
 */
import type { Deps, ModeResult } from '../mode/deps.js'
import { type Clock, systemClock } from '../common/clock.js'
import { BuildSource } from '../convergence/builds.js'
import { convergeTag } from '../convergence/converge.js'
import { KnownIndexes } from '../convergence/known-indexes.js'
import { openRegistries } from '../convergence/registries.js'
import { OrphanHorizon } from '../convergence/orphan-horizon.js'
import {
  type TagReport,
  keptNewerNotes,
  logOtherAnnotations,
  outcomeWarnings,
  reportTags,
  requestSummary,
} from '../convergence/report.js'
import { registryTag } from '../convergence/tag-access.js'
import {
  type BuildRecord,
  DEFAULT_ORPHAN_HORIZON_SECONDS,
  currentRun,
  recordMismatch,
  releaseOf,
} from '../records/record.js'
import { errorMessage } from '../common/errors.js'
import { parseReference } from '../oci/reference.js'
import type { ImageIndex } from '../oci/types.js'
import { type TagPlan, allOrNothing, describeRepair, orphanWait, refusalOf, uncheckedReleases } from './plan.js'
import { type SignStep, signTags, signerFor } from './sign.js'
import { withCleanup } from './cleanup.js'
import type { ValidatedVerify, VerifyOptions } from './validate.js'

export async function runVerify(
  { options, records, plans, missing, unbuilt, tokenSource }: ValidatedVerify,
  deps: Deps,
): Promise<ModeResult> {
  logOtherAnnotations(options.otherAnnotations, deps.log)
  for (const target of uncheckedReleases(records)) {
    deps.log.warning(
      `target ${target}: its records state no target platforms (appended without a bake file), so a missing platform cannot be told: give append the bake file`,
    )
  }
  deps.log.info(`${records.length} records, ${plans.length} tags`)
  for (const conflict of plans.flatMap((p) => p.choices.flatMap((c) => (c.conflict ? [c.conflict] : []))))
    deps.log.warning(conflict)
  const clock = deps.clock ?? systemClock
  // Everything that can refuse signing is checked before any write; the token must outlast the orphan wait.
  const signsAfterMs = orphanWait(records, clock.now()).ms
  const signer = tokenSource ? await signerFor(options, tokenSource, signsAfterMs, deps) : undefined
  if (!options.dryRun) await waitForOrphans(records, clock, deps)
  const horizonSeconds = Math.max(DEFAULT_ORPHAN_HORIZON_SECONDS, ...records.map((r) => r.orphanHorizon ?? 0))
  const horizon = new OrphanHorizon(horizonSeconds * 1000, clock)
  const pool = openRegistries(options.insecureRegistries, deps)
  // verify believes no record: each digest is read from the registry once and checked against the record.
  const source = new BuildSource(pool, deps.log, { copy: !options.dryRun, recordedEntries: false })
  try {
    // Releases (a target in its fan-out) not to publish: a lying record, or a platform without a record.
    const refused = await checkRecords(records, source)
    const published = allOrNothing(missing, options.partial)
    for (const warning of published.partial) deps.log.warning(warning)
    for (const [release, why] of published.refused) refused.set(release, why)
    // A tag holding a union of the records (what the appends wrote) is known by its HEAD digest: no GET.
    const listing = { records, startedAt: -Infinity }
    const held = { latest: async () => listing, fresh: async () => listing }
    // One lookup per set of index annotations (a target's): each computes the bytes its tags' writers wrote.
    const lookups = new Map<string, KnownIndexes>()
    const known = (annotations: TagPlan['annotations']) => {
      const key = JSON.stringify(annotations)
      let lookup = lookups.get(key)
      if (!lookup) lookups.set(key, (lookup = new KnownIndexes(source, held, { annotations, now: () => clock.now() })))
      return lookup
    }
    const context = {
      seen: new Map<string, Promise<ImageIndex | undefined>>(),
      known,
      records,
      source,
      options,
      clock,
      horizon,
      deps,
    }
    const reports = await Promise.all(
      plans.map(async (plan): Promise<TagReport> => {
        const platforms = targetPlatformsOf(plan.ref, records)
        const refusal = refusalOf(plan.ref, records, refused)
        if (!refusal) return { ...(await verifyTag(plan, context)), ...(platforms && { targetPlatforms: platforms }) }
        const held = records.find((r) => r.tags.includes(plan.ref) && refused.has(releaseOf(r)))
        const absent = held && missing.get(releaseOf(held))?.platforms
        return {
          ref: plan.ref,
          ours: plan.choices.map((c) => c.platform),
          error: refusal,
          ...(platforms && { targetPlatforms: platforms }),
          ...(absent && { missing: absent }),
        }
      }),
    )
    const summaryContext = { mode: 'verify' as const, ...(deps.run ?? currentRun(deps.env)), at: clock.now() }
    const tags = reportTags({ title: 'bake-fanout verify', dryRun: options.dryRun, reports, context: summaryContext })
    const signing = options.sign
      ? await signTags({ plans, reports, records }, unbuilt, signer, options, pool, deps)
      : undefined
    const result = withSigning(tags, signing)
    const cleaned = options.cleanup ? await withCleanup(result, { records, reports }, options, pool, deps) : result
    deps.log.info(requestSummary(await pool.stats()))
    return cleaned
  } finally {
    await pool.close()
  }
}

/** Every platform the tag's targets build, as their records say; undefined when no record says. */
function targetPlatformsOf(ref: string, records: readonly BuildRecord[]): string[] | undefined {
  const stated = records.filter((r) => r.tags.includes(ref) && r.targetPlatforms)
  return stated.length > 0 ? [...new Set(stated.flatMap((r) => r.targetPlatforms!))] : undefined
}

/** The tags' result, with the signing step's outputs, summary and failure added. */
function withSigning(tags: ModeResult, signing: SignStep | undefined): ModeResult {
  if (!signing) return tags
  const failure = [tags.failure, signing.failure].filter(Boolean).join('; ')
  return {
    outputs: { ...tags.outputs, ...signing.outputs },
    summary: tags.summary + signing.summary,
    ...(failure && { failure }),
  }
}

/**
 * Each record's digest read from the registry once (a digest is immutable; the read is
 * reused for the tags): a record whose digest does not hold the platforms it claims
 * makes its release (target in its fan-out) untrusted. Returns release → why. A digest the registry lacks is left
 * to the tag that needs it, which fails naming it.
 */
async function checkRecords(records: readonly BuildRecord[], source: BuildSource): Promise<Map<string, string>> {
  const untrusted = new Map<string, string>()
  await Promise.all(
    records.map(async (record) => {
      const near = parseReference(record.repositories[0])
      const build = await source.entriesOf(record, near).catch(() => undefined)
      const why = build && recordMismatch(record, build.platforms)
      if (why && !untrusted.has(releaseOf(record)))
        untrusted.set(releaseOf(record), `${why}: none of ${record.target}'s tags is written`)
    }),
  )
  return untrusted
}

/** Waits until no append of the run can still have a write in flight (plan.ts, orphanWait). */
async function waitForOrphans(records: readonly BuildRecord[], clock: Clock, deps: Deps): Promise<void> {
  const { ms, incomplete } = orphanWait(records, clock.now())
  if (ms <= 0) return
  const jobs = incomplete.map((r) => `${r.target} ${r.platforms.join(', ')}`)
  const why =
    incomplete.length > 0
      ? `${incomplete.length} record(s) of this run have no completion mark (${jobs.join('; ')}): a job crashed, was cancelled or could not mark it`
      : 'an append of this run reported an orphan horizon that has not passed on this clock'
  deps.log.info(`${why}; waiting ${(ms / 1000).toFixed(1)} s so that no write it left in flight lands after verify's`)
  await clock.sleep(ms)
}

interface VerifyContext {
  /** Indexes by digest, shared by every tag (content-addressed: one GET serves them all). */
  seen: Map<string, Promise<ImageIndex | undefined>>
  /** The known-index lookup for a tag's index annotations. */
  known: (annotations: TagPlan['annotations']) => KnownIndexes
  records: readonly BuildRecord[]
  source: BuildSource
  options: VerifyOptions
  clock: Clock
  horizon: OrphanHorizon
  deps: Deps
}

async function verifyTag(
  plan: TagPlan,
  { seen, known, records, source, options, clock, horizon, deps }: VerifyContext,
): Promise<TagReport> {
  const ours = plan.choices.map((c) => c.platform)
  try {
    const client = await source.client(plan.registry)
    client.willPush(plan.repository)
    const outcome = await convergeTag(
      registryTag({
        client,
        repository: plan.repository,
        tag: plan.tag,
        horizon,
        clock,
        seen,
        known: (digest, bases) => known(plan.annotations).find(digest, plan, bases),
      }),
      () => source.forTag(plan, records),
      {
        annotations: plan.annotations,
        prune: options.prune,
        dryRun: options.dryRun,
        alwaysWrite: true,
        settleMs: 0,
        clock,
      },
    )
    const kept = new Set(outcome.keptNewer.keys())
    const repairs = describeRepair(
      outcome.before?.manifests ?? [],
      outcome.after.manifests,
      new Set(ours.filter((p) => !kept.has(p))),
    )
    const conflicts = plan.choices.flatMap((c) => (c.conflict ? [`newest record used for ${c.platform}`] : []))
    const note = [...repairs, ...keptNewerNotes(outcome), ...conflicts].join('; ') || undefined
    const verb = outcome.changed
      ? options.dryRun
        ? 'would repair'
        : 'repaired'
      : options.dryRun
        ? 'ok'
        : 'ok (rewritten)'
    deps.log.info(`${plan.ref}: ${verb}${note ? ` (${note})` : ''}`)
    for (const warning of outcomeWarnings(plan.ref, outcome)) deps.log.warning(warning)
    return { ref: plan.ref, ours, outcome, ...(note && { note }) }
  } catch (error) {
    return { ref: plan.ref, ours, error: errorMessage(error) }
  }
}
