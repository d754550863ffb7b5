/**
 * `append` mode: after a platform job's build, upsert its digest into every tag of
 * its target, on every registry. Everything is validated and every registry read that
 * can refuse the input is made before the first write.
 */
import { readFile, stat } from 'node:fs/promises'
import { loadBake } from '../bake/load.js'
import { type RepositoryRef, type TargetPlan, planTarget } from './plan.js'
import { InputError } from '../common/errors.js'
import { type Inputs, MAX_METADATA_BYTES } from '../action/inputs.js'
import { type BuildResult, buildResults, parseMetadataText } from './metadata.js'
import type { Descriptor } from '../oci/types.js'
import { copyEntries } from '../registry/copy.js'
import { type BuildEntries, BuildMissingError, readBuildEntries } from '../publish/read.js'
import type { RegistryClient } from '../registry/client.js'
import type { RegistryPool } from '../registry/pool.js'
import { realClock } from '../registry/retry.js'
import { actionsArtifactService } from '../records/artifact.js'
import type { BuildRecord } from '../records/record.js'
import { openRecordStore } from '../records/store.js'
import { formatReference, repositoryName } from '../oci/reference.js'
import type { Deps, ModeResult } from '../action/deps.js'
import { type TagOutcome, upsertTag } from '../publish/tag-writer.js'
import { platformsOf } from '../index-model/entries.js'
import { openRegistries } from '../publish/registries.js'
import { type TagReport, failureMessage, requestSummary, resultOutput, tagsSummary } from '../publish/report.js'

interface PreparedTarget {
  plan: TargetPlan
  /** What the metadata said of the build. */
  result: BuildResult
  /** What the registry holds for it. */
  build: BuildEntries
}

export async function runAppend(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  const metadata = parseMetadataText(await readMetadataInput(inputs.metadata))
  const targets = await loadBake(
    { workdir: inputs.workdir, files: inputs.files, targets: inputs.targets, set: inputs.set, env: deps.env },
    deps.exec,
  )
  const builds = buildResults(
    metadata,
    targets.map((t) => t.name),
  )
  const plans = targets.map((target, i) => planTarget(target, builds[i]))
  const store = inputs.dryRun
    ? undefined
    : await openRecordStore(inputs.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env))
  const pool = openRegistries(inputs, deps)
  try {
    const prepared = await Promise.all(plans.map((plan, i) => prepareTarget(pool, plan, builds[i])))
    const reports = (await Promise.all(prepared.map((p) => writeTarget(pool, p, inputs, deps)))).flat()
    if (store) {
      for (const p of prepared) await store.save(recordOf(p, deps.env))
      deps.log.info(`records saved to ${store.description}`)
    } else if (!inputs.dryRun) {
      deps.log.warning("no records written: set 'records' to a directory to use verify outside Actions")
    }
    deps.log.info(requestSummary(await pool.stats()))
    const failure = failureMessage(reports)
    return {
      outputs: { result: resultOutput(reports) },
      summary: tagsSummary(inputs.dryRun ? 'bake-fanout append (dry run)' : 'bake-fanout append', reports),
      ...(failure && { failure }),
    }
  } finally {
    await pool.close()
  }
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

/** Reads only: the build's entries, and the digest's presence in every repository it is taken from. */
async function prepareTarget(pool: RegistryPool, plan: TargetPlan, result: BuildResult): Promise<PreparedTarget> {
  for (const repo of plan.repositories) (await pool.client(repo.registry)).willPush(repo.repository)
  const [first, ...others] = plan.sources
  const build = await readBuildEntries(await pool.client(first.registry), first.repository, plan.digest).catch(
    (error: Error) => {
      if (!(error instanceof BuildMissingError)) throw error
      throw new InputError('metadata', `target '${plan.target}': ${error.message}`)
    },
  )
  const used = others.filter((s) =>
    plan.repositories.some((r) => sameRepository(r, s) || (r.copyFrom && sameRepository(r.copyFrom, s))),
  )
  await Promise.all(
    used.map(async (source) => {
      if (!(await (await pool.client(source.registry)).headManifest(source.repository, plan.digest))) {
        const where = `${repositoryName(source)}@${plan.digest}`
        throw new InputError('metadata', `target '${plan.target}': image.name names ${where}, which does not exist`)
      }
    }),
  )
  return { plan, result, build }
}

async function writeTarget(
  pool: RegistryPool,
  prepared: PreparedTarget,
  inputs: Inputs,
  deps: Deps,
): Promise<TagReport[]> {
  const { plan, build } = prepared
  const perRepository = plan.repositories.map(async (repo) => {
    const client = await pool.client(repo.registry)
    const refOf = (tag: string) => formatReference({ ...repo, tag })
    try {
      if (repo.copyFrom && !inputs.dryRun) {
        const from = { client: await pool.client(repo.copyFrom.registry), repository: repo.copyFrom.repository }
        const copied = await copyEntries(from, { client, repository: repo.repository }, build.entries)
        if (copied > 0)
          deps.log.info(`${repositoryName(repo)}: copied ${copied} manifests from ${repositoryName(repo.copyFrom)}`)
      }
    } catch (error) {
      const message = `copying from ${repositoryName(repo.copyFrom!)} failed: ${(error as Error).message}`
      return repo.tags.map((tag): TagReport => ({ ref: refOf(tag), ours: build.platforms, error: message }))
    }
    return Promise.all(repo.tags.map((tag) => writeTag(client, repo, tag, build, inputs, deps)))
  })
  return (await Promise.all(perRepository)).flat()
}

async function writeTag(
  client: RegistryClient,
  repo: RepositoryRef,
  tag: string,
  build: BuildEntries,
  inputs: Inputs,
  deps: Deps,
): Promise<TagReport> {
  const ref = formatReference({ ...repo, tag })
  try {
    const outcome = await upsertTag({
      client,
      repository: repo.repository,
      tag,
      add: build.entries,
      annotations: inputs.annotations,
      settleMs: inputs.settleSeconds * 1000,
      dryRun: inputs.dryRun,
      clock: deps.clock ?? realClock,
    })
    deps.log.info(describeOutcome(ref, outcome, inputs.dryRun))
    return { ref, ours: build.platforms, outcome }
  } catch (error) {
    return { ref, ours: build.platforms, error: (error as Error).message }
  }
}

function describeOutcome(ref: string, o: TagOutcome, dryRun: boolean): string {
  const list = (index?: { manifests: Descriptor[] }) => (index ? platformsOf(index.manifests).join(', ') : 'none')
  if (dryRun) return `${ref}: ${o.changed ? 'would write' : 'unchanged'}: [${list(o.before)}] → [${list(o.after)}]`
  if (!o.changed) return `${ref}: unchanged (${o.digest})`
  const writes = `${o.writes} write${o.writes === 1 ? '' : 's'}, ${o.repairs} repair${o.repairs === 1 ? '' : 's'}`
  return `${ref}: ${o.digest} [${list(o.after)}] (${writes})`
}

function sameRepository(a: RepositoryRef, b: RepositoryRef): boolean {
  return a.registry === b.registry && a.repository === b.repository
}

function recordOf({ plan, result, build }: PreparedTarget, env: Deps['env']): BuildRecord {
  return {
    version: 1,
    target: plan.target,
    platforms: build.platforms,
    digest: plan.digest,
    mediaType: result.mediaType ?? build.mediaType,
    size: result.size ?? build.size,
    repositories: plan.sources.map(repositoryName),
    tags: plan.tags,
    createdAt: new Date().toISOString(),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1) || 1,
  }
}
