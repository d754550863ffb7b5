/**
 * Append's reads before anything is saved or written: the build's entries, that it belongs
 * to the target and that every repository image.name names holds it, and the record that
 * says so. Every refusal here is bad input, and nothing has been written.
 */
import type { Clock } from '../common/clock.js'
import { InputError } from '../common/errors.js'
import { type RepositoryRef, repositoryName } from '../oci/reference.js'
import { BuildMissingError, type BuildEntries, readBuildEntries } from '../convergence/read.js'
import type { BuildRecord, RunIdentity } from '../records/record.js'
import { MAX_RECORD_BYTES } from '../records/store.js'
import type { RegistryPool } from '../registry/pool.js'
import { type TargetPlan, checkBuildPlatforms } from './plan.js'
import type { AppendOptions } from './validate.js'

export interface Prepared {
  plan: TargetPlan
  build: BuildEntries
  record: BuildRecord
  /** The build found in every other repository image.name names: awaited before anything is saved or written. */
  present: Promise<unknown>
}

/** Reads only: the build's entries and that it belongs to the target; its presence in every repository it names, asked. */
export async function prepare(
  pool: RegistryPool,
  plan: TargetPlan,
  mediaType: string | undefined,
  options: AppendOptions,
  clock: Clock,
  run: RunIdentity,
) {
  const [first, ...others] = plan.sources
  // The other repositories are asked at once, alongside the read: one request latency, not two.
  const present = Promise.all(others.map((source) => checkPresent(pool, plan, source)))
  present.catch(() => {}) // the read's failure is the one reported when both fail
  const build = await readBuildEntries(await pool.client(first.registry), first.repository, plan.digest).catch(
    (error: Error) => {
      if (!(error instanceof BuildMissingError)) throw error
      throw new InputError('metadata', `target '${plan.target}': ${error.message}`)
    },
  )
  checkBuildPlatforms(plan, build.platforms)
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
    ...run,
    orphanHorizon: options.orphanHorizonSeconds,
    ...(options.defer && { deferred: true }),
    ...(plan.annotations.length > 0 && { indexAnnotations: Object.fromEntries(plan.annotations) }),
  }
  checkRecordSize(record)
  return { plan, build, record, present } satisfies Prepared
}

/** A record every job can read back (they read records up to MAX_RECORD_BYTES), refused before any write. */
function checkRecordSize(record: BuildRecord): void {
  const size = Buffer.byteLength(JSON.stringify(record, null, 2)) + 1
  if (size <= MAX_RECORD_BYTES) return
  const annotations = Buffer.byteLength(JSON.stringify(record.indexAnnotations ?? {}))
  throw new InputError(
    'annotations',
    `target '${record.target}': its record would be ${size} bytes, over the ${MAX_RECORD_BYTES} every job reads ` +
      `records up to; its index annotations (the bake file's annotation-index.* and this input) take ${annotations}`,
  )
}

/** The build's digest is in this repository too, as image.name says. */
async function checkPresent(pool: RegistryPool, plan: TargetPlan, source: RepositoryRef): Promise<void> {
  if (await (await pool.client(source.registry)).headManifest(source.repository, plan.digest)) return
  const where = `${repositoryName(source)}@${plan.digest}`
  throw new InputError('metadata', `target '${plan.target}': image.name names ${where}, which does not exist`)
}
