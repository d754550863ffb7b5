/**
 * `verify` mode: the converge job. Reads every record of this run and makes every tag
 * hold the newest recorded build per platform (and, with prune, nothing else), under
 * the same newest-build-wins rule as append. Run once after all platform jobs, it is
 * the single writer: one index version per tag, whatever the registry's read lag.
 */
import type { Deps, ModeResult } from '../action/deps.js'
import { BuildSource } from '../publish/builds.js'
import { convergeTag } from '../publish/converge.js'
import { openRegistries } from '../publish/registries.js'
import { type TagReport, keptNewerNotes, logOtherAnnotations, reportTags, requestSummary } from '../publish/report.js'
import { registryTag } from '../publish/tag-access.js'
import type { BuildRecord } from '../records/record.js'
import { realClock } from '../registry/retry.js'
import { type TagPlan, describeRepair } from './plan.js'
import type { ValidatedVerify, VerifyOptions } from './validate.js'

export async function runVerify({ options, records, plans }: ValidatedVerify, deps: Deps): Promise<ModeResult> {
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
