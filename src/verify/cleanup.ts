/**
 * verify's `cleanup` step (src/cleanup/): after the tags are written, the GHCR versions
 * this run wrote and superseded are deleted. Its summary is added to verify's; a
 * failure (a tag or child missing afterwards) fails the step.
 */
import type { Deps, ModeResult } from '../mode/deps.js'
import type { TagReport } from '../convergence/report.js'
import type { BuildRecord } from '../records/record.js'
import type { RegistryPool } from '../registry/pool.js'
import type { VerifyOptions } from './validate.js'

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

export async function withCleanup(
  result: ModeResult,
  { records, reports }: { records: readonly BuildRecord[]; reports: readonly TagReport[] },
  options: VerifyOptions,
  pool: RegistryPool,
  deps: Deps,
): Promise<ModeResult> {
  const { cleanupRun } = await import('../cleanup/run.js')
  const finals = new Map(reports.map((r) => [r.ref, r.outcome?.digest]))
  const token = options.githubToken || deps.env.GITHUB_TOKEN
  const step = await cleanupRun(
    records,
    finals,
    {
      ghcrRegistry: options.ghcrRegistry,
      ...(token && { token }),
      apiUrl: deps.env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL,
      dryRun: options.dryRun,
    },
    { client: (registry) => pool.client(registry), env: deps.env, log: deps.log, retry: deps.retry, clock: deps.clock },
  )
  const failure = [result.failure, step.failure].filter(Boolean).join('; ')
  return { ...result, summary: result.summary + step.summary, ...(failure && { failure }) }
}
