/**
 * Three job summaries as users meet them, for the report tests (and for reading them
 * rendered at GitHub's width): an early append, a defer run's verify that refuses a
 * target, and a signed verify.
 */
import type { TagOutcome } from '../../src/convergence/converge.js'
import { type ReportContext, type TagReport, reportTags } from '../../src/convergence/report.js'
import { RUN_ATTEMPT, RUN_ID } from '../../src/image-index/runs.js'
import { type Descriptor, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { cosignVerifyCommand } from '../../src/signing/identity.js'
import { signingSummary } from '../../src/verify/sign.js'

export const digest = (n: number) => 'sha256:' + String(n).repeat(64).slice(0, 64)
export const AT = Date.parse('2026-12-06T20:55:12.345Z')

/** An image entry of `platform`, stamped with the run that built it. */
export function image(platform: string, run: string, n: number): Descriptor {
  const [os, architecture, variant] = platform.split('/')
  return {
    mediaType: OCI_MANIFEST,
    digest: digest(n),
    size: 1,
    platform: { os, architecture, ...(variant && { variant }) },
    annotations: { [RUN_ID]: run, [RUN_ATTEMPT]: '1' },
  }
}

export function outcome(index: string, manifests: Descriptor[], extra: Partial<TagOutcome> = {}): TagOutcome {
  return {
    after: { schemaVersion: 2, mediaType: OCI_INDEX, manifests },
    digest: index,
    changed: true,
    writes: 1,
    repairs: 0,
    keptNewer: new Map(),
    untrusted: new Map(),
    horizonWaitMs: 0,
    runEntries: new Set(manifests.map((m) => m.digest)),
    ...extra,
  }
}

const context = (mode: 'append' | 'verify'): ReportContext => ({ mode, runId: '4711', runAttempt: 2, at: AT })
const TARGET = ['linux/amd64', 'linux/arm64', 'linux/arm/v7']
const TAGS = ['ghcr.io/acme/webapp:1.4.0', 'ghcr.io/acme/webapp:latest', 'docker.io/acme/webapp:1.4.0']

/**
 * An early platform job of run 4711: its amd64 in, arm64 from another job of this run,
 * armv7 of yesterday's run kept until this run's arrives, s390x still to come.
 */
export function earlyAppend() {
  const manifests = [image('linux/amd64', '4711', 1), image('linux/arm64', '4711', 2), image('linux/arm/v7', '4690', 5)]
  const reports: TagReport[] = TAGS.map((ref) => ({
    ref,
    ours: ['linux/amd64'],
    targetPlatforms: [...TARGET, 'linux/s390x'],
    outcome: outcome(digest(7), manifests, { writes: ref.endsWith('latest') ? 2 : 1 }),
  }))
  return reportTags({ title: 'bake-fanout append', dryRun: false, reports, context: context('append') })
}

/** A defer run whose arm/v7 job failed: verify writes none of the target's tags (all or nothing). */
export function deferFailure() {
  const why =
    "target webapp: no record of this run for linux/arm/v7 (its platform job failed, was cancelled or skipped): none of webapp's tags is written; 'partial: true' publishes what was built"
  const reports: TagReport[] = TAGS.map((ref) => ({
    ref,
    ours: ['linux/amd64', 'linux/arm64'],
    targetPlatforms: TARGET,
    missing: ['linux/arm/v7'],
    error: why,
  }))
  return reportTags({ title: 'bake-fanout verify', dryRun: false, reports, context: context('verify') })
}

/** verify with sign: every platform of this run, one index signed for every tag. */
export function signedVerify() {
  const manifests = [image('linux/amd64', '4711', 1), image('linux/arm64', '4711', 3), image('linux/arm/v7', '4711', 4)]
  const reports: TagReport[] = TAGS.map((ref) => ({
    ref,
    ours: TARGET,
    targetPlatforms: TARGET,
    outcome: outcome(digest(8), manifests, { changed: false }),
  }))
  const tags = reportTags({ title: 'bake-fanout verify', dryRun: false, reports, context: context('verify') })
  const signer = {
    identity: 'https://github.com/acme/webapp/.github/workflows/images.yml@refs/tags/v1.4.0',
    issuer: 'https://token.actions.githubusercontent.com',
  }
  const command = cosignVerifyCommand(TAGS, signer, { rekor: true })
  const signing = signingSummary(
    {
      signed: [
        { digest: digest(8), refs: TAGS, sites: ['ghcr.io/acme/webapp', 'docker.io/acme/webapp'], bundle: 'signed' },
      ],
      failures: [],
      signer,
    },
    [],
    command,
  )
  return { ...tags, summary: tags.summary + signing }
}
