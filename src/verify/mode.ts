/**
 * `verify` mode: the converge job. Reads every record of this run and makes every tag
 * hold the newest recorded build per platform (and, with prune, nothing else), under
 * the same newest-build-wins rule as append. Run once after all platform jobs, it is
 * the single writer: one index version per tag, whatever the registry's read lag.
 */
import type { Deps, ModeResult } from '../action/deps.js'
import { InputError } from '../common/errors.js'
import type { OtherAnnotations } from '../action/inputs.js'
import { BuildSource } from '../publish/builds.js'
import { convergeTag } from '../publish/converge.js'
import { openRegistries } from '../publish/registries.js'
import { type TagReport, keptNewerNotes, logOtherAnnotations, reportTags, requestSummary } from '../publish/report.js'
import { registryTag } from '../publish/tag-access.js'
import { actionsArtifactService } from '../records/artifact.js'
import { type BuildRecord, currentRun } from '../records/record.js'
import { openRecordStore } from '../records/store.js'
import { realClock } from '../registry/retry.js'
import { type TagPlan, describeRepair, planVerify } from './plan.js'

export interface VerifyOptions {
  records?: string
  annotations: ReadonlyArray<readonly [string, string]>
  otherAnnotations: OtherAnnotations
  /** Full tag refs that replace the records' (a matrix entry's `tags`). */
  tags: string[]
  prune: boolean
  dryRun: boolean
  insecureRegistries: string[]
}

export async function runVerify(options: VerifyOptions, deps: Deps): Promise<ModeResult> {
  const recorded = await runRecords(options, deps)
  const records = options.tags.length > 0 ? recorded.map((r) => ({ ...r, tags: options.tags })) : recorded
  const plans = planVerify(records)
  logOtherAnnotations(options.otherAnnotations, deps.log)
  deps.log.info(`${records.length} records, ${plans.length} tags`)
  for (const conflict of plans.flatMap((p) => p.choices.flatMap((c) => (c.conflict ? [c.conflict] : []))))
    deps.log.warning(conflict)
  const pool = openRegistries(options.insecureRegistries, deps)
  const source = new BuildSource(pool, deps.log, !options.dryRun)
  try {
    const reports = await Promise.all(plans.map((plan) => verifyTag(plan, records, source, options, deps)))
    deps.log.info(requestSummary(await pool.stats()))
    return reportTags({ title: 'bake-fanout verify', dryRun: options.dryRun, reports })
  } finally {
    await pool.close()
  }
}

/** This run's records; those of other runs (a shared directory) are listed and left out. */
async function runRecords(options: VerifyOptions, deps: Deps): Promise<BuildRecord[]> {
  const store = await openRecordStore(options.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env))
  if (!store)
    throw new InputError('records', 'required outside Actions: the directory the append steps wrote their records to')
  const { runId } = currentRun(deps.env)
  const all = await store.loadAll()
  const others = all.filter((r) => r.runId !== runId)
  for (const r of others) {
    deps.log.info(`ignored: record of run ${r.runId} (${r.target} ${r.platforms.join(', ')}, ${r.digest})`)
  }
  const records = all.filter((r) => r.runId === runId)
  if (records.length === 0) {
    const ignored = others.length > 0 ? ` (${others.length} of other runs ignored)` : ''
    throw new InputError(
      'records',
      `no bake-fanout records of run ${runId} in ${store.description}${ignored}: did the append jobs of this run save them there?`,
    )
  }
  return records
}

async function verifyTag(
  plan: TagPlan,
  records: readonly BuildRecord[],
  source: BuildSource,
  options: VerifyOptions,
  deps: Deps,
): Promise<TagReport> {
  const ours = plan.choices.map((c) => c.platform)
  try {
    const client = await source.client(plan.registry)
    client.willPush(plan.repository)
    const clock = deps.clock ?? realClock
    const outcome = await convergeTag(
      registryTag({ client, repository: plan.repository, tag: plan.tag }),
      () => source.forTag(plan, records),
      {
        annotations: options.annotations,
        prune: options.prune,
        dryRun: options.dryRun,
        settleMs: 0,
        sleep: (ms) => clock.sleep(ms),
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
    const verb = outcome.changed ? (options.dryRun ? 'would repair' : 'repaired') : 'ok'
    deps.log.info(`${plan.ref}: ${verb}${note ? ` (${note})` : ''}`)
    return { ref: plan.ref, ours, outcome, ...(note && { note }) }
  } catch (error) {
    return { ref: plan.ref, ours, error: (error as Error).message }
  }
}
