/**
 * verify's signing step: the tags as verify left them → which digests to sign
 * (signing/plan.ts) → signed and attached (signing/sign.ts) → outputs, log and summary.
 */
import type { Deps } from '../mode/deps.js'
import type { TagReport } from '../convergence/report.js'
import { type Cell, code, escapeCell, markdownTable } from '../common/markdown.js'
import type { RegistryPool } from '../registry/pool.js'
import { type BuildRecord, releaseOf } from '../records/record.js'
import { identityTokenSource } from '../signing/id-token.js'
import { cosignVerifyCommand } from '../signing/identity.js'
import { type SignableTag, planSigning } from '../signing/plan.js'
import { type SigningResult, type SigningServices, signDigests } from '../signing/sign.js'
import type { TagPlan } from './plan.js'

export interface SignStep {
  outputs: Record<string, string>
  summary: string
  failure?: string
}

export async function signTags(
  tags: { plans: readonly TagPlan[]; reports: readonly TagReport[]; records: readonly BuildRecord[] },
  missing: ReadonlyMap<string, string[]>,
  options: { signing: SigningServices; dryRun: boolean },
  pool: RegistryPool,
  deps: Deps,
): Promise<SignStep> {
  const plan = planSigning(signableTags(tags, missing))
  for (const { ref, why } of plan.refused) deps.log.warning(`${ref}: not signed: ${why}`)
  const idToken = identityTokenSource(deps.env, deps.idToken)!
  const result = await signDigests(
    plan,
    { ...options.signing, dryRun: options.dryRun },
    { client: (registry) => pool.client(registry), log: deps.log, idToken, now: () => new Date() },
  )
  const command =
    result.signer && result.signed.length > 0
      ? cosignVerifyCommand(
          result.signed.flatMap((s) => s.refs),
          result.signer,
          {
            rekor: result.witnessing!.rekor,
            ...(options.signing.trustedRoot && { trustedRoot: options.signing.trustedRoot }),
          },
        )
      : ''
  if (command) deps.log.info(`check the signatures with: ${command}`)
  const failures = [
    ...result.failures.map((f) => `signing ${f}`),
    ...(plan.refused.length > 0 && !options.dryRun
      ? [`${plan.refused.length} tag(s) not signed (see the warnings)`]
      : []),
  ]
  return {
    outputs: { signed: JSON.stringify(result.signed), 'cosign-verify': command },
    summary: signingSummary(result, plan.refused, command),
    ...(failures.length > 0 && { failure: failures.join('; ') }),
  }
}

function signableTags(
  {
    plans,
    reports,
    records,
  }: { plans: readonly TagPlan[]; reports: readonly TagReport[]; records: readonly BuildRecord[] },
  missing: ReadonlyMap<string, string[]>,
): SignableTag[] {
  return plans.map((plan) => {
    const report = reports.find((r) => r.ref === plan.ref)!
    const releases = new Set(records.filter((r) => r.tags.includes(plan.ref)).map(releaseOf))
    const absent = [...releases].flatMap((release) => missing.get(release) ?? [])
    const outcome = report.outcome
    return {
      ref: plan.ref,
      registry: plan.registry,
      repository: plan.repository,
      recorded: plan.choices.map((c) => c.platform),
      missing: absent,
      ...(outcome && { written: { digest: outcome.digest, index: outcome.after, keptNewer: outcome.keptNewer } }),
      ...(report.error && { error: report.error }),
    }
  })
}

function signingSummary(result: SigningResult, refused: ReadonlyArray<{ ref: string; why: string }>, command: string) {
  const rows: Cell[][] = [
    ...result.signed.map((s): Cell[] => [{ html: code(s.digest) }, s.refs.join(', '), s.bundle]),
    ...result.failures.map((f): Cell[] => ['', f, 'failed']),
    ...refused.map((r): Cell[] => ['', `${r.ref}: ${r.why}`, 'not signed']),
  ]
  if (rows.length === 0) return ''
  const who = result.signer ? `\nSigner ${code(result.signer.identity)}, issuer ${code(result.signer.issuer)}.\n` : ''
  const check = command ? `\nCheck with:\n\n<pre>${escapeCell(command)}</pre>\n` : ''
  return `\n### Signatures\n\n${markdownTable(['index digest', 'tags', 'signature'], rows)}${who}${check}`
}
