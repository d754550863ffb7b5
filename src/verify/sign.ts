/**
 * verify's signing step: the tags as verify left them → which digests to sign
 * (signing/plan.ts) → signed and attached (signing/sign.ts) → outputs, log and summary.
 */
import type { Deps } from '../mode/deps.js'
import type { TagReport } from '../convergence/report.js'
import { type Cell, code, escapeHtml, markdownTable, shortDigest } from '../common/markdown.js'
import type { RegistryPool } from '../registry/pool.js'
import { type BuildRecord, releaseOf } from '../records/record.js'
import type { TokenSource } from '../signing/id-token.js'
import { cosignVerifyCommand } from '../signing/identity.js'
import { type DigestToSign, type SignableTag, type SigningPlan, planSigning } from '../signing/plan.js'
import {
  type PreparedSigner,
  type SigningResult,
  type SigningServices,
  prepareSigning,
  signDigests,
} from '../signing/sign.js'
import { errorMessage } from '../common/errors.js'
import { systemClock } from '../common/clock.js'
import { isInsecureRegistry } from '../registry/pool.js'
import type { TagPlan, Unbuilt } from './plan.js'

/** What verify did, as signing reads it. */
export interface VerifiedTags {
  plans: readonly TagPlan[]
  reports: readonly TagReport[]
  records: readonly BuildRecord[]
}

export interface SignStep {
  outputs: Record<string, string>
  summary: string
  failure?: string
}

/**
 * Before any write: the signer, or what refuses it (a SigningSetupError, thrown), from
 * the token source validation resolved. `signsAfterMs`: how long verify waits and works
 * before it signs. Undefined in a dry run.
 */
export async function signerFor(
  options: { signing: SigningServices; dryRun: boolean },
  tokenSource: TokenSource,
  signsAfterMs: number,
  deps: Deps,
): Promise<PreparedSigner | undefined> {
  if (options.dryRun) return undefined
  const clock = deps.clock ?? systemClock
  return prepareSigning(options.signing, tokenSource, {
    log: deps.log,
    now: () => clock.now(),
    signsAfterMs,
  })
}

/** After the tags converged: signs what may be signed. A failure here fails the step, never the tags' outputs. */
export async function signTags(
  tags: VerifiedTags,
  unbuilt: ReadonlyMap<string, Unbuilt>,
  signer: PreparedSigner | undefined,
  options: { signing: SigningServices; insecureRegistries: readonly string[] },
  pool: RegistryPool,
  deps: Deps,
): Promise<SignStep> {
  const plan = planSigning(signableTags(tags, unbuilt))
  for (const { ref, why } of plan.refused) deps.log.warning(`${ref}: not signed: ${why}`)
  let result: SigningResult
  try {
    result = await signDigests(plan, signer, {
      client: (registry) => pool.client(registry),
      log: deps.log,
      // The signing time on the injected clock, like every other time of the run.
      now: () => new Date((deps.clock ?? systemClock).now()),
    })
  } catch (error) {
    result = { signed: [], failures: [signer ? signer.redact(errorMessage(error)) : errorMessage(error)] }
  }
  const command =
    result.signer && result.witnessing && result.signed.length > 0
      ? cosignVerifyCommand(
          result.signed.flatMap((s) => s.refs),
          result.signer,
          {
            rekor: result.witnessing.rekor,
            ...(options.signing.trustedRoot && { trustedRoot: options.signing.trustedRoot }),
            insecure: signedSites(plan, result).some((site) =>
              isInsecureRegistry(site.registry, options.insecureRegistries),
            ),
          },
        )
      : ''
  if (command) deps.log.info(`check the signatures with: ${command}`)
  const failures = [
    ...result.failures.map((f) => `signing ${f}`),
    ...(plan.refused.length > 0 && signer ? [`${plan.refused.length} tag(s) not signed (see the warnings)`] : []),
  ]
  return {
    outputs: { signed: JSON.stringify(result.signed), 'cosign-verify': command },
    summary: signingSummary(result, plan.refused, command),
    ...(failures.length > 0 && { failure: failures.join('; ') }),
  }
}

/** Where the signed digests live, as the plan names them (registry and repository apart, never split from text). */
function signedSites(plan: SigningPlan, result: SigningResult): DigestToSign['sites'] {
  const signed = new Set(result.signed.map((s) => s.digest))
  return plan.sign.filter((d) => signed.has(d.digest)).flatMap((d) => d.sites)
}

function signableTags({ plans, reports, records }: VerifiedTags, unbuilt: ReadonlyMap<string, Unbuilt>): SignableTag[] {
  return plans.map((plan) => {
    const report = reports.find((r) => r.ref === plan.ref)!
    const releases = new Set(records.filter((r) => r.tags.includes(plan.ref)).map(releaseOf))
    const absent = [...releases].flatMap((release) => unbuilt.get(release)?.platforms ?? [])
    const outcome = report.outcome
    return {
      ref: plan.ref,
      registry: plan.registry,
      repository: plan.repository,
      // The run's entries as the tag's convergence last listed them: what signing may vouch for.
      runEntries: outcome?.runEntries ?? new Set<string>(),
      missing: absent,
      ...(outcome && { written: { digest: outcome.digest, index: outcome.after, keptNewer: outcome.keptNewer } }),
      ...(report.error && { error: report.error }),
    }
  })
}

/** The signatures below the tags: short digests (whole on hover), one tag per line, who signed, how to check. */
export function signingSummary(
  result: SigningResult,
  refused: ReadonlyArray<{ ref: string; why: string }>,
  command: string,
) {
  const rows: Cell[][] = [
    ...result.signed.map((s): Cell[] => [
      { html: shortDigest(s.digest) },
      { html: s.refs.map(code).join('<br>') },
      s.bundle,
    ]),
    ...result.failures.map((f): Cell[] => ['', f, 'failed']),
    ...refused.map((r): Cell[] => ['', `${r.ref}: ${r.why}`, 'not signed']),
  ]
  if (rows.length === 0) return ''
  const who = result.signer ? `\nSigner ${code(result.signer.identity)}, issuer ${code(result.signer.issuer)}.\n` : ''
  const check = command ? `\nCheck with:\n\n<pre>${escapeHtml(readableCommand(command))}</pre>\n` : ''
  return `\n### Signatures\n\n${markdownTable(['index digest', 'tags', 'signature'], rows)}${who}${check}`
}

/** One flag per line (`\` continues it, the same command pasted); a command with quoted words is left whole. */
function readableCommand(command: string): string {
  return /['"]/.test(command) ? command : command.replaceAll(' --', ' \\\n  --')
}
