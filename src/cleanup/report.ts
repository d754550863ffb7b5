/** What cleanup says: the fix for a refusal, and the job summary's section. Pure. */
import { markdownTable } from '../common/markdown.js'
import type { PackageVersion } from './packages-api.js'
import type { Kept } from './plan.js'

/** Said with every 401/403/404 (and a missing token): what lets the job delete versions. */
export const accessAdvice =
  'give the verify job `permissions: packages: write`, give this repository the admin role on the package ' +
  '(package settings → Manage Actions access; the repository that published it has it), or pass a `github-token` ' +
  'that may delete it (a classic PAT with read:packages and delete:packages)'

export interface PackageOutcome {
  /** `registry/repository`. */
  where: string
  /** Versions deleted (in a dry run: that would be). */
  deleted: PackageVersion[]
  kept: Kept[]
  /** Why the package was left (partly) alone, when it was. */
  skipped?: string
  /** What the check afterwards found missing. */
  broken: string[]
}

export function cleanupSummary(outcomes: readonly PackageOutcome[], dryRun: boolean): string {
  const rows = outcomes.map((o) => [
    o.where,
    String(o.deleted.length),
    String(o.kept.length),
    [o.skipped, ...o.broken].filter(Boolean).join('; ') || 'ok',
  ])
  const deleted = dryRun ? 'would delete' : 'deleted'
  return `\n### GHCR cleanup${dryRun ? ' (dry run)' : ''}\n\n${markdownTable(['package', deleted, 'kept', 'status'], rows)}`
}
