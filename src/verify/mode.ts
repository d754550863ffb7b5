/**
 * `verify` mode: the converge job. Reads every record of the run and makes every tag
 * hold exactly the recorded digest per platform (and, with prune, nothing else).
 * It does not rest on timing: run once after all platform jobs, it is the guarantee.
 */
import { copySource } from '../append/plan.js'
import type { Descriptor } from '../oci/types.js'
import { InputError } from '../common/errors.js'
import type { Inputs } from '../action/inputs.js'
import { copyEntries } from '../registry/copy.js'
import { type BuildEntries, readBuildEntries } from '../publish/read.js'
import type { RegistryPool } from '../registry/pool.js'
import { realClock } from '../registry/retry.js'
import { actionsArtifactService } from '../records/artifact.js'
import type { BuildRecord } from '../records/record.js'
import { openRecordStore } from '../records/store.js'
import { parseReference, repositoryName } from '../oci/reference.js'
import type { Deps, ModeResult } from '../action/deps.js'
import { upsertTag } from '../publish/tag-writer.js'
import { entriesForPlatforms } from '../index-model/entries.js'
import { type TagPlan, describeRepair, planVerify } from './plan.js'
import { openRegistries } from '../publish/registries.js'
import { type TagReport, failureMessage, requestSummary, resultOutput, tagsSummary } from '../publish/report.js'

export async function runVerify(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  const store = await openRecordStore(inputs.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env))
  if (!store)
    throw new InputError('records', 'required outside Actions: the directory the append steps wrote their records to')
  const records = await store.loadAll()
  if (records.length === 0) {
    throw new InputError(
      'records',
      `no bake-fanout records in ${store.description}: did the append jobs of this run save them there?`,
    )
  }
  const plans = planVerify(records)
  deps.log.info(`${records.length} records, ${plans.length} tags`)
  for (const conflict of plans.flatMap((p) => p.choices.flatMap((c) => (c.conflict ? [c.conflict] : []))))
    deps.log.warning(conflict)

  const pool = openRegistries(inputs, deps)
  const verifier = new Verifier(pool, inputs, deps)
  try {
    const reports = await Promise.all(plans.map((plan) => verifier.verifyTag(plan)))
    deps.log.info(requestSummary(await pool.stats()))
    const title = inputs.dryRun ? 'bake-fanout verify (dry run)' : 'bake-fanout verify'
    const failure = failureMessage(reports)
    return {
      outputs: { result: resultOutput(reports) },
      summary: tagsSummary(title, reports),
      ...(failure && { failure }),
    }
  } finally {
    await pool.close()
  }
}

class Verifier {
  /** One read of each recorded digest, and one copy per digest and repository. */
  private readonly entries = new Map<string, Promise<BuildEntries>>()
  private readonly copies = new Map<string, Promise<unknown>>()

  constructor(
    private readonly pool: RegistryPool,
    private readonly inputs: Inputs,
    private readonly deps: Deps,
  ) {}

  async verifyTag(plan: TagPlan): Promise<TagReport> {
    const ours = plan.choices.map((c) => c.platform)
    try {
      const client = await this.pool.client(plan.registry)
      client.willPush(plan.repository)
      const add: Descriptor[] = []
      for (const record of new Set(plan.choices.map((c) => c.record))) {
        const build = await this.entriesOf(record)
        if (!this.inputs.dryRun) await this.ensureIn(plan, record, build)
        const platforms = new Set(plan.choices.filter((c) => c.record === record).map((c) => c.platform))
        add.push(...entriesForPlatforms(build.entries, platforms))
      }
      const outcome = await upsertTag({
        client,
        repository: plan.repository,
        tag: plan.tag,
        add,
        annotations: this.inputs.annotations,
        prune: this.inputs.prune,
        settleMs: 0,
        dryRun: this.inputs.dryRun,
        clock: this.deps.clock ?? realClock,
      })
      const repairs = describeRepair(outcome.before?.manifests ?? [], outcome.after.manifests, new Set(ours))
      const conflicts = plan.choices.flatMap((c) => (c.conflict ? [`newest record used for ${c.platform}`] : []))
      const note = [...repairs, ...conflicts].join('; ') || undefined
      this.deps.log.info(
        `${plan.ref}: ${outcome.changed ? (this.inputs.dryRun ? 'would repair' : 'repaired') : 'ok'}${note ? ` (${note})` : ''}`,
      )
      return { ref: plan.ref, ours, outcome, ...(note && { note }) }
    } catch (error) {
      return { ref: plan.ref, ours, error: (error as Error).message }
    }
  }

  private entriesOf(record: BuildRecord): Promise<BuildEntries> {
    let entries = this.entries.get(record.digest)
    if (!entries) {
      const source = parseReference(record.repositories[0])
      entries = this.pool
        .client(source.registry)
        .then((client) => readBuildEntries(client, source.repository, record.digest))
        .catch((error: Error) => {
          throw new Error(`recorded digest of ${record.target} ${record.platforms.join(', ')}: ${error.message}`)
        })
      this.entries.set(record.digest, entries)
    }
    return entries
  }

  /** Copies the record's manifests into the tag's repository when the build was not pushed there. */
  private async ensureIn(plan: TagPlan, record: BuildRecord, build: BuildEntries): Promise<void> {
    const target = repositoryName(plan)
    if (record.repositories.includes(target)) return
    const key = `${record.digest} ${target}`
    let copy = this.copies.get(key)
    if (!copy) {
      const sources = record.repositories.map((r) => {
        const ref = parseReference(r)
        return { registry: ref.registry, repository: ref.repository }
      })
      const from = copySource(plan.registry, sources)
      copy = (async () =>
        copyEntries(
          { client: await this.pool.client(from.registry), repository: from.repository },
          { client: await this.pool.client(plan.registry), repository: plan.repository },
          build.entries,
        ))()
      this.copies.set(key, copy)
    }
    await copy
  }
}
