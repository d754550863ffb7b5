/**
 * Signs the final index digests verify wrote. `prepareSigning` runs before any write:
 * the token, its claims and expiry, and the trust root are checked there (the services
 * themselves are first called after the tags are written). Then per
 * digest: an existing bundle of the same identity is reused (no Sigstore call), else one
 * is made and checked; it is attached in every repository holding the digest, then read
 * back as a consumer reads it and verified.
 */
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { RegistryClient } from '../registry/client.js'
import { referrerManifest, signStatement } from './artifact.js'
import {
  type ExpectedSigner,
  type TlogChoice,
  type Witnessing,
  assertUnexpired,
  chooseWitnessing,
  claimsOf,
  expectedSigner,
} from './identity.js'
import type { TokenSource } from './id-token.js'
import type { DigestToSign, SigningPlan } from './plan.js'
import type { RepositoryHandle } from '../registry/copy.js'
import { listReferrers } from '../registry/referrers.js'
import { attach, readBundle, readBundles } from './referrers.js'
import type { CertifiedSigner, SignerPolicy, Sigstore } from './sigstore.js'

export const PUBLIC_GOOD = {
  fulcio: 'https://fulcio.sigstore.dev',
  rekor: 'https://rekor.sigstore.dev',
  tsa: 'https://timestamp.sigstore.dev/api/v1/timestamp',
}

/** Services (undefined: public-good, which also tells `auto` witnessing what was asked for) and trust root. */
export interface SigningServices {
  fulcioUrl?: string
  rekorUrl?: string
  tsaUrl?: string
  tlog: TlogChoice
  trustedRoot?: string
}

export interface SigningDeps {
  client(registry: string): Promise<RegistryClient>
  log: Logger
  now: () => Date
}

/** A signer ready to sign: checked before verify writes anything. */
export interface PreparedSigner {
  sigstore: Sigstore
  expected: ExpectedSigner
  witnessing: Witnessing
  /** Removes every token fetched from a text (an error of a Sigstore library may quote it). */
  redact(text: string): string
}

export interface SignedDigest {
  digest: string
  refs: string[]
  /** `registry/repository` each holding the bundle. */
  sites: string[]
  /** `signed` now, `reused` (the same identity had signed it), or `would sign` in a dry run. */
  bundle: 'signed' | 'reused' | 'would sign'
}

export interface SigningResult {
  signed: SignedDigest[]
  failures: string[]
  /** Who the certificate names (the first bundle signed or reused). */
  signer?: CertifiedSigner
  witnessing?: Witnessing
}

export class SigningSetupError extends Error {
  override name = 'SigningSetupError'
}

export class SignatureCheckError extends Error {
  override name = 'SignatureCheckError'
}

/**
 * The token (fetched now for its claims, and again for each certificate: one lives 10
 * minutes), who it names, how signatures are witnessed, and the trust root: everything
 * that can refuse signing, before verify writes a tag.
 */
export async function prepareSigning(
  services: SigningServices,
  source: TokenSource,
  { log, now, signsAfterMs }: { log: Logger; now: () => number; signsAfterMs: number },
): Promise<PreparedSigner> {
  const tokens = new Set<string>()
  const fetchToken = async () => {
    const token = await source.fetch()
    if (!tokens.has(token)) log.setSecret(token)
    tokens.add(token)
    return token
  }
  const redact = (text: string) => [...tokens].reduce((t, token) => t.replaceAll(token, '***'), text)
  try {
    const claims = claimsOf(await fetchToken())
    // A token given once must last until the signing, after verify's waits; a renewable one is asked again then.
    assertUnexpired(claims, now() + (source.renewable ? 0 : signsAfterMs))
    const expected = expectedSigner(claims)
    const witnessing = chooseWitnessing(services.tlog, { rekor: services.rekorUrl, tsa: services.tsaUrl }, claims)
    const who = expected.identity ?? 'the subject of its token (the certificate will say)'
    log.info(
      `signing as ${who} (issuer ${expected.issuer ?? 'as certified'}), ${witnessing.rekor ? 'logged in Rekor' : 'timestamped, not logged'}: ${witnessing.why}`,
    )
    if (!witnessing.rekor && !services.fulcioUrl)
      log.warning(
        "public-good Fulcio logs every certificate it issues in its public certificate-transparency log, with the signer's identity in it: a repository whose names must stay private needs a private Sigstore (sigstore-fulcio-url, sigstore-tsa-url, sigstore-trusted-root)",
      )
    const { openSigstore } = await import('./sigstore.js')
    const sigstore = await openSigstore(
      {
        fulcioUrl: services.fulcioUrl ?? PUBLIC_GOOD.fulcio,
        rekorUrl: services.rekorUrl ?? PUBLIC_GOOD.rekor,
        tsaUrl: services.tsaUrl ?? PUBLIC_GOOD.tsa,
        rekor: witnessing.rekor,
        ...(services.trustedRoot && { trustedRoot: services.trustedRoot }),
      },
      fetchToken,
    )
    return { sigstore, expected, witnessing, redact }
  } catch (error) {
    throw new SigningSetupError(`sign: ${redact(errorMessage(error))}`)
  }
}

/** Signs the plan's digests; `signer` undefined is a dry run (says what it would sign). */
export async function signDigests(
  plan: SigningPlan,
  signer: PreparedSigner | undefined,
  deps: SigningDeps,
): Promise<SigningResult> {
  if (!signer)
    return { signed: plan.sign.map((d) => ({ ...describe(d), bundle: 'would sign' as const })), failures: [] }
  const result: SigningResult = { signed: [], failures: [], witnessing: signer.witnessing }
  for (const item of plan.sign) {
    try {
      // Who signs: as predicted from the token, else as the first certificate said.
      const known = signer.expected.identity ? signer.expected : result.signer
      const { signed, certified } = await signOne(item, signer, known, deps)
      result.signed.push(signed)
      result.signer ??= certified
    } catch (error) {
      result.failures.push(`${item.digest} (${item.refs.join(', ')}): ${signer.redact(errorMessage(error))}`)
    }
  }
  return result
}

async function signOne(item: DigestToSign, signer: PreparedSigner, known: SignerPolicy | undefined, deps: SigningDeps) {
  const { sigstore } = signer
  const verified = (bytes: Buffer, policy: SignerPolicy) => {
    try {
      return sigstore.verify(bytes, item.digest, policy)
    } catch {
      return undefined
    }
  }
  const sites = await Promise.all(
    item.sites.map(async ({ registry, repository }) => {
      const site: RepositoryHandle = { client: await deps.client(registry), repository }
      site.client.willPush(repository)
      const listing = await listReferrers(site, item.digest)
      // Only a known signer can recognise its own earlier signature.
      const ours = known
        ? (await readBundles(site, item.digest, listing.referrers, deps.now)).find((b) => verified(b.bytes, known))
        : undefined
      return { site, api: listing.api, ours: ours?.bytes }
    }),
  )
  const existing = sites.find((s) => s.ours)?.ours
  const bundle = existing ?? (await sigstore.sign(signStatement(item.digest)))
  // Checked before it is attached; the identity every later check and the printed command use is its certificate's.
  const certified = sigstore.verify(bundle, item.digest, {})
  if (known && !existing && (certified.identity !== known.identity || certified.issuer !== known.issuer))
    deps.log.warning(
      `Fulcio certified ${certified.identity} (issuer ${certified.issuer}), not ${known.identity} as expected: earlier signatures of that identity are not recognised as ours`,
    )
  const missing = sites.filter((s) => !s.ours)
  for (const { site, api } of missing) {
    const referrer = referrerManifest(bundle, item.subject, deps.now())
    await attach(site, item.digest, referrer, bundle, api)
    await readBack(site, item.digest, referrer.descriptor.digest, (bytes) => verified(bytes, certified) !== undefined)
  }
  const verb = existing ? 'reused the signature already made' : 'signed'
  deps.log.info(
    `${item.digest}: ${verb}; attached in ${missing.length} of ${sites.length} repositories (${item.refs.join(', ')})`,
  )
  return { signed: { ...describe(item), bundle: existing ? ('reused' as const) : ('signed' as const) }, certified }
}

/**
 * As `cosign verify` reads it (the API's first page, or the fallback tag as an OCI
 * index): the listing names our referrer, whose bundle verifies. What cosign cannot see
 * fails the step.
 */
async function readBack(site: RepositoryHandle, digest: string, referrer: string, valid: (bytes: Buffer) => boolean) {
  const where = `${site.client.registry}/${site.repository}`
  const listing = await listReferrers(site, digest)
  if (!listing.referrers.some((d) => d.digest === referrer))
    throw new SignatureCheckError(
      `${where}: the referrers of ${digest} do not list the signature written (${referrer}) as cosign reads them (${listing.api ? 'the referrers API, its first page' : 'the fallback tag, as an OCI index'})`,
    )
  const bytes = await readBundle(site, digest, referrer)
  if (!bytes || !valid(bytes))
    throw new SignatureCheckError(`${where}: the signature written is not found valid when read back`)
}

function describe(item: DigestToSign): Omit<SignedDigest, 'bundle'> {
  return { digest: item.digest, refs: item.refs, sites: item.sites.map((s) => `${s.registry}/${s.repository}`) }
}
