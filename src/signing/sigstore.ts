/**
 * The Sigstore libraries behind two calls: sign a statement (a Fulcio certificate, a
 * DSSE bundle v0.3, witnessed by Rekor or a timestamp authority) and verify a bundle as
 * a consumer does. Loaded lazily, only when `sign` is on: it is most of the bundle's
 * weight. The libraries fetch through make-fetch-happen, which reads the proxy variables.
 */
import { readFile } from '../common/fs.js'
import { BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, bundleToJSON, isBundleWithDsseEnvelope } from '@sigstore/bundle'
import { X509Certificate } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { getTrustedRoot } from '@sigstore/tuf'
import { type TrustMaterial, Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify'
import { IN_TOTO_PAYLOAD_TYPE, statementSubject } from './artifact.js'

export interface SigstoreServices {
  fulcioUrl: string
  rekorUrl: string
  tsaUrl: string
  /** A Rekor entry; else a signed timestamp only. */
  rekor: boolean
  /** A trusted_root.json; default the public-good root, fetched and checked through TUF. */
  trustedRoot?: string
}

/** Whose signature counts: all given fields must match the certificate. */
export interface SignerPolicy {
  issuer?: string
  identity?: string
  /** GitHub: the repository whose workflow signed (a reusable workflow's identity is shared by its callers). */
  repository?: string
}

/** Who a certificate names. */
export interface CertifiedSigner {
  identity: string
  issuer: string
  repository?: string
}

/** Fulcio's GitHub Workflow Repository extension (raw text), what cosign's --certificate-github-workflow-repository checks. */
const GITHUB_WORKFLOW_REPOSITORY_OID = '1.3.6.1.4.1.57264.1.5'

/** Each Sigstore request's bound, and its retries (the service calls are idempotent). */
const FETCH = { timeout: 30_000, retry: { retries: 2, factor: 2, minTimeout: 1_000 } }

export class SigstoreError extends Error {
  override name = 'SigstoreError'
}

export interface Sigstore {
  /** A DSSE bundle (JSON bytes) over `statement`, certified for the identity the token names. */
  sign(statement: Buffer): Promise<Buffer>
  /**
   * Throws unless `bundle` is a DSSE bundle v0.3 over cosign's statement for `digest`,
   * by a certificate matching `policy`, witnessed as this signer witnesses (a Rekor
   * entry, or a signed timestamp: what the printed `cosign verify` command will require).
   * Returns who the certificate names.
   */
  verify(bundle: Buffer, digest: string, policy: SignerPolicy): CertifiedSigner
}

export async function openSigstore(services: SigstoreServices, token: () => Promise<string>): Promise<Sigstore> {
  const trust = await trustMaterial(services.trustedRoot, services.rekor)
  const witnesses: Witness[] = services.rekor
    ? [new RekorWitness({ rekorBaseURL: services.rekorUrl, entryType: 'dsse', ...FETCH })]
    : [new TSAWitness({ tsaBaseURL: services.tsaUrl, ...FETCH })]
  const builder = new DSSEBundleBuilder({
    signer: new FulcioSigner({ fulcioBaseURL: services.fulcioUrl, identityProvider: { getToken: token }, ...FETCH }),
    witnesses,
  })
  const verifier = new Verifier(trust, {
    tlogThreshold: services.rekor ? 1 : 0,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  })
  return {
    async sign(statement) {
      const bundle = await builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE })
      return Buffer.from(JSON.stringify(bundleToJSON(bundle)))
    },
    verify(bytes, digest, policy) {
      const bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')))
      if (bundle.mediaType !== BUNDLE_V03_MEDIA_TYPE || !isBundleWithDsseEnvelope(bundle))
        throw new SigstoreError(`not a DSSE bundle v0.3 (${bundle.mediaType})`)
      const envelope = bundle.content.dsseEnvelope
      if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE || statementSubject(envelope.payload) !== digest)
        throw new SigstoreError(`its statement is not cosign's signature of ${digest}`)
      const timestamps = bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps ?? []
      if (!services.rekor && timestamps.length === 0) throw new SigstoreError('it carries no signed timestamp')
      const signer = verifier.verify(toSignedEntity(bundle), {
        ...(policy.identity && { subjectAlternativeName: policy.identity }),
        ...(policy.issuer && { extensions: { issuer: policy.issuer } }),
      })
      const identity = signer.identity?.subjectAlternativeName
      const issuer = signer.identity?.extensions?.issuer
      if (!identity || !issuer) throw new SigstoreError('its certificate names no identity or no issuer')
      const repository = workflowRepository(bundle.verificationMaterial.content)
      if (policy.repository !== undefined && repository !== policy.repository)
        throw new SigstoreError(
          `its certificate names the repository ${repository ?? '(none)'}, not ${policy.repository}`,
        )
      return { identity, issuer, ...(repository && { repository }) }
    },
  }
}

function workflowRepository(content: { $case: string; certificate?: { rawBytes: Buffer } }): string | undefined {
  if (content.$case !== 'certificate' || !content.certificate) return undefined
  const value = X509Certificate.parse(Buffer.from(content.certificate.rawBytes)).extension(
    GITHUB_WORKFLOW_REPOSITORY_OID,
  )?.value
  return value?.toString('utf8')
}

/** The trust root, refused when it cannot check what this signer makes. */
async function trustMaterial(path: string | undefined, rekor: boolean): Promise<TrustMaterial> {
  const trust = toTrustMaterial(path ? TrustedRoot.fromJSON(await readJson(path)) : await getTrustedRoot(FETCH))
  const where = path ?? 'the public-good trusted root'
  const lacks = [
    trust.certificateAuthorities.length === 0 && 'certificate authorities',
    trust.ctlogs.length === 0 && 'certificate transparency logs',
    rekor && trust.tlogs.length === 0 && 'transparency logs',
    !rekor && trust.timestampAuthorities.length === 0 && 'timestamp authorities',
  ].filter(Boolean)
  if (lacks.length > 0)
    throw new SigstoreError(`${where} names no ${lacks.join(', ')}: it cannot check these signatures`)
  return trust
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown
  } catch (error) {
    throw new SigstoreError(`cannot read the trusted root ${path}: ${(error as Error).message}`)
  }
}
