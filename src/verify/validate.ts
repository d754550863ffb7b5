/**
 * Verify's first phase: this run's records, read and planned, before any network code
 * is loaded (a directory store needs none; the artifact store loads its own client).
 */
import { accessSync, constants, statSync } from 'node:fs'
import type { Deps } from '../mode/deps.js'
import { type TokenSource, identityTokenSource } from '../signing/id-token.js'
import type { SigningServices } from '../signing/sign.js'
import type { OtherAnnotations } from '../common/annotations.js'
import { InputError } from '../common/errors.js'
import { actionsArtifactService, hasArtifactService } from '../records/artifact.js'
import { type BuildRecord, currentRun, releaseOf } from '../records/record.js'
import { openRecordStore } from '../records/store.js'
import { type TagPlan, type Unbuilt, missingPlatforms, planVerify, recordsForTags } from './plan.js'

/** What verify reads: the run's records, and how to converge the tags. */
export interface VerifyOptions {
  records?: string
  annotations: Array<[string, string]>
  otherAnnotations: OtherAnnotations
  tags: string[]
  /** Target names: verify acts only on their records. */
  targets: string[]
  prune: boolean
  partial: boolean
  dryRun: boolean
  insecureRegistries: string[]
  sign: boolean
  signing: SigningServices
  /** Delete the GHCR versions this run wrote and superseded (src/cleanup/). */
  cleanup: boolean
  /** The registry whose repositories are GitHub packages. */
  ghcrRegistry: string
  /** The token cleanup uses (the `github-token` input). */
  githubToken?: string
}

export interface ValidatedVerify {
  options: VerifyOptions
  records: BuildRecord[]
  plans: TagPlan[]
  /** In a `defer` run: release (target and fan-out) → its platforms that no record of this run holds. */
  missing: Map<string, Unbuilt>
  /** The same in any run: a release with a platform unbuilt is not signed. */
  unbuilt: Map<string, Unbuilt>
  /** With `sign`: where the identity tokens come from, resolved once, here. */
  tokenSource?: TokenSource
}

export async function validateVerify(options: VerifyOptions, deps: Deps): Promise<ValidatedVerify> {
  const recorded = await runRecords(options, deps)
  const byTarget = options.targets.length > 0 ? recorded.filter((r) => options.targets.includes(r.target)) : recorded
  if (byTarget.length === 0)
    throw new InputError(
      'targets',
      `no record of this run is of ${options.targets.join(', ')}: verify acts on those targets' records`,
    )
  const records = options.tags.length > 0 ? recordsForTags(byTarget, options.tags) : byTarget
  if (records.length === 0) {
    throw new InputError(
      'tags',
      `no record of this run names ${options.tags.join(', ')}: verify acts on the records of the tags it is given`,
    )
  } // All or nothing per release (a target in its fan-out), for the releases verify acts on.
  const releases = new Set(records.map(releaseOf))
  const ofReleases = recorded.filter((r) => releases.has(releaseOf(r)))
  const tokenSource = options.sign ? checkSigning(options.signing, ofReleases, deps) : undefined
  const missing = missingPlatforms(ofReleases)
  const unbuilt = missingPlatforms(ofReleases, { deferredOnly: false })
  return {
    options,
    records,
    plans: planVerify(records, options.annotations),
    missing,
    unbuilt,
    ...(tokenSource && { tokenSource }),
  }
}

/**
 * What can refuse signing from the inputs and records alone, before any network: no
 * token, a private Sigstore without its trust root, an unreadable trust root, and a
 * release whose records cannot tell a missing platform (a signature would vouch for it).
 * prepareSigning checks the token's claims and the trust root's contents next.
 */
function checkSigning(signing: SigningServices, records: readonly BuildRecord[], deps: Deps): TokenSource {
  const tokenSource = identityTokenSource(deps.env, deps.idToken)
  if (!tokenSource)
    throw new InputError(
      'sign',
      'no identity token to sign with: give the verify job `permissions: id-token: write` (pull requests from forks get none: sign on pushes only), or set SIGSTORE_ID_TOKEN',
    )
  if ((signing.fulcioUrl || signing.rekorUrl || signing.tsaUrl) && !signing.trustedRoot)
    throw new InputError(
      'sigstore-trusted-root',
      "required with sigstore-fulcio-url, -rekor-url or -tsa-url: the public-good root cannot check a private Sigstore's signatures",
    )
  if (signing.trustedRoot && !isReadableFile(signing.trustedRoot))
    throw new InputError('sigstore-trusted-root', `${signing.trustedRoot} is not a readable file`)
  const unchecked = [...new Set(records.filter((r) => !r.targetPlatforms).map((r) => r.target))]
  if (unchecked.length > 0)
    throw new InputError(
      'sign',
      `target ${unchecked.join(', ')}: its records state no target platforms (appended without a bake file), so a platform job that failed cannot be told, and a signature would vouch for what is missing: give append the bake file`,
    )
  return tokenSource
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** This run's records; those of other runs (a shared directory) are listed and left out. */
async function runRecords(options: VerifyOptions, deps: Deps): Promise<BuildRecord[]> {
  if (options.records === 'artifact' && !deps.artifacts && !hasArtifactService(deps.env)) {
    throw new InputError(
      'records',
      'GitHub Enterprise Server has no v4 artifact service: give the directory the append steps wrote their records to',
    )
  }
  const store = openRecordStore(options.records, () => (deps.artifacts ?? actionsArtifactService)(deps.env), {
    onSkipped: (file, reason) => deps.log.warning(`records: skipped ${JSON.stringify(file)}: ${reason}`),
    ...(deps.clock && { clock: deps.clock }),
  })
  if (!store)
    throw new InputError('records', 'required outside Actions: the directory the append steps wrote their records to')
  const { runId } = deps.run ?? currentRun(deps.env)
  const all = await store.loadAll()
  const others = all.filter((r) => r.runId !== runId)
  for (const r of others) {
    deps.log.info(`ignored: record of run ${r.runId} (${r.target} ${r.platforms.join(', ')}, ${r.digest})`)
  }
  const records = all.filter((r) => r.runId === runId)
  if (records.length === 0) {
    const ignored = others.length > 0 ? ` (${others.length} of other runs ignored)` : ''
    throw new InputError(
      'records',
      `no bake-fanout records of run ${runId} in ${store.description}${ignored}: did the append jobs of this run save them there?`,
    )
  }
  return records
}
