/**
 * Signs the final index digests verify wrote: per digest, an existing bundle of the
 * same identity is reused (no Sigstore call), else one is made; it is attached in every
 * repository holding the digest, then read back as a consumer reads it and verified.
 */
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { RegistryClient } from '../registry/client.js'
import { referrerManifest, signStatement } from './artifact.js'
import {
  type SignerIdentity,
  type TlogChoice,
  type Witnessing,
  chooseWitnessing,
  claimsOf,
  expectedIdentity,
} from './identity.js'
import type { DigestToSign, SigningPlan } from './plan.js'
import { type Listing, type Site, attach, listReferrers, readBundles } from './referrers.js'
import type { Sigstore } from './sigstore.js'

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

export interface SigningOptions extends SigningServices {
  dryRun: boolean
}

export interface SigningDeps {
  client(registry: string): Promise<RegistryClient>
  log: Logger
  /** A fresh OIDC token (see id-token.ts). */
  idToken: () => Promise<string>
  now: () => Date
}

export interface SignedDigest {
  digest: string
  refs: string[]
  /** `registry/repository` each holding the bundle. */
  sites: string[]
  /** `signed` now, or `reused`: a bundle of the same identity was attached already. */
  bundle: 'signed' | 'reused' | 'would sign'
}

export interface SigningResult {
  signed: SignedDigest[]
  failures: string[]
  signer?: SignerIdentity
  witnessing?: Witnessing
}

export class SignatureCheckError extends Error {
  override name = 'SignatureCheckError'
}

export async function signDigests(
  plan: SigningPlan,
  options: SigningOptions,
  deps: SigningDeps,
): Promise<SigningResult> {
  if (options.dryRun || plan.sign.length === 0) {
    const signed = plan.sign.map((d) => ({ ...describe(d), bundle: 'would sign' as const }))
    return { signed: options.dryRun ? signed : [], failures: [] }
  }
  // The token is fetched just before signing (a certificate lives 10 minutes); it is a secret.
  const token = await deps.idToken()
  deps.log.setSecret(token)
  const claims = claimsOf(token)
  const signer = expectedIdentity(claims)
  const witnessing = chooseWitnessing(options.tlog, { rekor: options.rekorUrl, tsa: options.tsaUrl }, claims)
  deps.log.info(
    `signing as ${signer.identity} (issuer ${signer.issuer}), ${witnessing.rekor ? 'logged in Rekor' : 'timestamped, not logged'}: ${witnessing.why}`,
  )
  const { openSigstore } = await import('./sigstore.js')
  const sigstore = await openSigstore(
    {
      fulcioUrl: options.fulcioUrl ?? PUBLIC_GOOD.fulcio,
      rekorUrl: options.rekorUrl ?? PUBLIC_GOOD.rekor,
      tsaUrl: options.tsaUrl ?? PUBLIC_GOOD.tsa,
      rekor: witnessing.rekor,
      ...(options.trustedRoot && { trustedRoot: options.trustedRoot }),
    },
    deps.idToken,
  )
  const signed: SignedDigest[] = []
  const failures: string[] = []
  for (const item of plan.sign) {
    try {
      signed.push(await signOne(item, { sigstore, signer, deps }))
    } catch (error) {
      failures.push(`${item.digest} (${item.refs.join(', ')}): ${errorMessage(error)}`)
    }
  }
  return { signed, failures, signer, witnessing }
}

interface SignContext {
  sigstore: Sigstore
  signer: SignerIdentity
  deps: SigningDeps
}

async function signOne(item: DigestToSign, { sigstore, signer, deps }: SignContext): Promise<SignedDigest> {
  const ours = (bundles: readonly Buffer[]) => bundles.find((b) => holds(sigstore, b, signer, item.digest))
  const sites = await Promise.all(
    item.sites.map(async ({ registry, repository }) => {
      const site: Site = { client: await deps.client(registry), repository }
      site.client.willPush(repository)
      const listing = await listReferrers(site, item.digest)
      return {
        site,
        name: `${registry}/${repository}`,
        listing,
        ours: ours(await readBundles(site, item.digest, listing)),
      }
    }),
  )
  const existing = sites.find((s) => s.ours)?.ours
  const bundle = existing ?? (await sigstore.sign(signStatement(item.digest)))
  const missing = sites.filter((s) => !s.ours)
  for (const { site, listing } of missing) {
    await attach(site, item.digest, referrerManifest(bundle, item.subject, deps.now()), bundle, listing.api)
  }
  // Read back as `cosign verify` reads: the listing, each referrer manifest, its bundle, verified.
  for (const { site, name } of missing) {
    const listing: Listing = await listReferrers(site, item.digest)
    if (!ours(await readBundles(site, item.digest, listing)))
      throw new SignatureCheckError(`${name}: the signature written is not found valid when read back`)
  }
  const verb = existing ? 'reused the signature already made' : 'signed'
  deps.log.info(
    `${item.digest}: ${verb}; attached in ${missing.length} of ${sites.length} repositories (${item.refs.join(', ')})`,
  )
  return { ...describe(item), bundle: existing ? 'reused' : 'signed' }
}

function holds(sigstore: Sigstore, bundle: Buffer, signer: SignerIdentity, digest: string): boolean {
  try {
    sigstore.verify(bundle, signer, digest)
    return true
  } catch {
    return false
  }
}

function describe(item: DigestToSign): Omit<SignedDigest, 'bundle'> {
  return { digest: item.digest, refs: item.refs, sites: item.sites.map((s) => `${s.registry}/${s.repository}`) }
}
