/**
 * verify's `cleanup`: on the GHCR registry, delete the index versions this run's appends
 * wrote and superseded (plan.ts says when one may go), then check that every tag of the
 * run resolves and every child of every tagged index is served. Thin I/O around the
 * pure planner: list, walk, re-check each candidate right before its DELETE.
 *
 * Cleanup never fails the step for what GitHub refuses (a warning naming the fix); it
 * fails it only when the check afterwards finds a tag or child missing.
 */
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import { Connections } from '../registry/connections.js'
import type { RegistryClient } from '../registry/client.js'
import { DEFAULT_RETRY, type RetryClock, type RetryPolicy } from '../registry/retry.js'
import type { BuildRecord } from '../records/record.js'
import { PackagesAccessError, PackagesApi, type PackageRef } from './packages-api.js'
import { type PackageWork, packagesOf } from './packages.js'
import { type Kept, descendants, finalCheck, listedCandidates, protectedDigests, versionsToWalk } from './plan.js'
import { type PackageOutcome, accessAdvice, cleanupSummary } from './report.js'
import { walkManifests } from './walk.js'

export interface CleanupOptions {
  /** The registry whose repositories are GitHub packages (`ghcr.io`, GHES' `containers.HOST`). */
  ghcrRegistry: string
  /** The `github-token` input (or GITHUB_TOKEN); none: nothing is deleted, with a warning. */
  token?: string
  /** GITHUB_API_URL. */
  apiUrl: string
  dryRun: boolean
}

export interface CleanupDeps {
  client(registry: string): Promise<RegistryClient>
  env: Readonly<Record<string, string | undefined>>
  log: Logger
  retry?: RetryPolicy
  clock?: RetryClock
}

export interface CleanupStep {
  summary: string
  failure?: string
}

/** Runs the cleanup of every GHCR package the run's tags are in. */
export async function cleanupRun(
  records: readonly BuildRecord[],
  finals: ReadonlyMap<string, string | undefined>,
  options: CleanupOptions,
  deps: CleanupDeps,
): Promise<CleanupStep> {
  const packages = packagesOf(options.ghcrRegistry, records, finals)
  if (packages.length === 0) {
    deps.log.info(`cleanup: no tag of this run is on ${options.ghcrRegistry}: nothing to clean`)
    return { summary: '' }
  }
  if (!options.token) {
    deps.log.warning(`cleanup: no token: ${accessAdvice}`)
    return { summary: '' }
  }
  deps.log.setSecret(options.token)
  const connections = new Connections(deps.env)
  try {
    const api = new PackagesApi({
      baseUrl: options.apiUrl,
      token: options.token,
      connections,
      retry: deps.retry ?? DEFAULT_RETRY,
      ...(deps.clock && { clock: deps.clock }),
    })
    const kinds = new Map<string, Promise<'orgs' | 'users'>>()
    const outcomes: PackageOutcome[] = []
    // One package at a time: GITHUB_TOKEN's REST budget is 1,000 requests an hour.
    for (const work of packages) {
      let kind = kinds.get(work.owner)
      if (!kind) {
        kind = api.ownerKind(work.owner)
        kind.catch(() => {}) // a package that never asks (one skipped) leaves no unhandled rejection
        kinds.set(work.owner, kind)
      }
      outcomes.push(await cleanPackage(work, kind, api, options, deps))
    }
    const broken = outcomes.flatMap((o) => o.broken)
    return {
      summary: cleanupSummary(outcomes, options.dryRun),
      ...(broken.length > 0 && { failure: `cleanup: after deleting, ${broken.join('; ')}` }),
    }
  } finally {
    await connections.destroy()
  }
}

async function cleanPackage(
  work: PackageWork,
  kind: Promise<'orgs' | 'users'>,
  api: PackagesApi,
  options: CleanupOptions,
  deps: CleanupDeps,
): Promise<PackageOutcome> {
  const where = `${work.registry}/${work.repository}`
  const outcome: PackageOutcome = { where, deleted: [], kept: [], broken: [] }
  if (work.failed.length > 0) {
    outcome.skipped = `tags ${work.failed.join(', ')} were not written, so their final digests are unknown`
    deps.log.warning(`cleanup of ${where}: nothing deleted: ${outcome.skipped}`)
    return outcome
  }
  try {
    const pkg: PackageRef = { owner: work.owner, name: work.name, kind: await kind }
    const client = await deps.client(work.registry)
    const versions = await api.listVersions(pkg)
    const { candidates, kept } = listedCandidates(versions, work)
    outcome.kept.push(...kept)
    deps.log.info(
      `cleanup of ${where}: ${versions.length} versions, ${candidates.length} candidate(s) of this run's ${work.written.size} written index(es)`,
    )
    if (candidates.length === 0) return outcome
    const walked = await walkManifests(
      client,
      work.repository,
      versionsToWalk(versions, work.runStartedAt).map((v) => v.digest),
    )
    const protect = protectedDigests(versions, walked)
    for (const candidate of candidates) {
      const fresh = await api.getVersion(pkg, candidate.id)
      const tagDigests = await resolveTags(client, work)
      const why = finalCheck(candidate, { fresh, tagDigests, protect, run: work })
      if (why) {
        outcome.kept.push({ version: candidate, why })
        continue
      }
      if (options.dryRun) {
        deps.log.info(`cleanup: would delete version ${candidate.id} (${candidate.digest}) of ${where}`)
        outcome.deleted.push(candidate)
        continue
      }
      await api.deleteVersion(pkg, candidate.id)
      outcome.deleted.push(candidate)
      deps.log.info(
        `cleanup: deleted version ${candidate.id} (${candidate.digest}) of ${where}; restore within 30 days: ${api.restoreEndpoint(pkg, candidate.id)}`,
      )
    }
    for (const k of outcome.kept) logKept(k, where, deps.log)
    if (outcome.deleted.length > 0 && !options.dryRun) {
      const tagged = versions.filter((v) => v.tags.length > 0).map((v) => v.digest)
      const children = new Set(tagged.flatMap((d) => [...descendants(d, walked)]))
      outcome.broken = await validate(client, work, children)
    }
  } catch (error) {
    outcome.skipped = errorMessage(error)
    const advice = error instanceof PackagesAccessError ? `: ${accessAdvice}` : ''
    const left = outcome.deleted.length > 0 ? `stopped after ${outcome.deleted.length} deletion(s)` : 'nothing deleted'
    deps.log.warning(`cleanup of ${where}: ${left}: ${outcome.skipped}${advice}`)
  }
  return outcome
}

function logKept({ version, why }: Kept, where: string, log: Logger): void {
  log.info(`cleanup: kept version ${version.id} (${version.digest}) of ${where}: ${why}`)
}

/** The digests the run's tags of this package resolve to now (HEAD, no pull). */
async function resolveTags(client: RegistryClient, work: PackageWork): Promise<Set<string>> {
  const heads = await Promise.all(work.tags.map((tag) => client.headManifest(work.repository, tag)))
  return new Set(heads.flatMap((h) => (h ? [h.digest] : [])))
}

/** After deleting: every tag of the run resolves, every child of every tagged index answers 200. */
async function validate(client: RegistryClient, work: PackageWork, children: ReadonlySet<string>): Promise<string[]> {
  const where = `${work.registry}/${work.repository}`
  const broken: string[] = []
  for (const tag of work.tags)
    if (!(await client.headManifest(work.repository, tag))) broken.push(`${where}:${tag} does not resolve`)
  for (const child of children)
    if (!(await client.headManifest(work.repository, child))) broken.push(`${where}@${child} (a child) is gone`)
  return broken
}
