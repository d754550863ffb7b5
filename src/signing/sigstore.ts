/**
 * The Sigstore libraries behind two calls: sign a statement (a Fulcio certificate, a
 * DSSE bundle v0.3, witnessed by Rekor or a timestamp authority) and verify a bundle as
 * a consumer does. Loaded lazily, only when `sign` is on: it is most of the bundle's
 * weight. The libraries fetch through make-fetch-happen, which reads the proxy variables.
 */
import { readFile } from 'node:fs/promises'
import { BUNDLE_V03_MEDIA_TYPE, bundleFromJSON, bundleToJSON, isBundleWithDsseEnvelope } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { getTrustedRoot } from '@sigstore/tuf'
import { type TrustMaterial, Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify'
import { IN_TOTO_PAYLOAD_TYPE, statementSubject } from './artifact.js'
import type { SignerIdentity } from './identity.js'

export interface SigstoreServices {
  fulcioUrl: string
  rekorUrl: string
  tsaUrl: string
  /** A Rekor entry; else a signed timestamp only. */
  rekor: boolean
  /** A trusted_root.json; default the public-good root, fetched and checked through TUF. */
  trustedRoot?: string
}

/** Each Sigstore request's bound, and its retries (the service calls are idempotent). */
const FETCH = { timeout: 30_000, retry: { retries: 2, factor: 2, minTimeout: 1_000 } }

export class SigstoreError extends Error {
  override name = 'SigstoreError'
}

export interface Sigstore {
  /** A DSSE bundle (JSON bytes) over `statement`, certified for the identity the token names. */
  sign(statement: Buffer): Promise<Buffer>
  /** Throws unless `bundle` is a valid DSSE bundle v0.3 by `signer` over the statement for `digest`. */
  verify(bundle: Buffer, signer: SignerIdentity, digest: string): void
}

export async function openSigstore(services: SigstoreServices, token: () => Promise<string>): Promise<Sigstore> {
  const trust = await trustMaterial(services.trustedRoot)
  const witnesses: Witness[] = services.rekor
    ? [new RekorWitness({ rekorBaseURL: services.rekorUrl, entryType: 'dsse', ...FETCH })]
    : [new TSAWitness({ tsaBaseURL: services.tsaUrl, ...FETCH })]
  const builder = new DSSEBundleBuilder({
    signer: new FulcioSigner({ fulcioBaseURL: services.fulcioUrl, identityProvider: { getToken: token }, ...FETCH }),
    witnesses,
  })
  // A signature counts when its time is witnessed, by a log entry or a timestamp, whichever this signer used.
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 1, timestampThreshold: 1 })
  return {
    async sign(statement) {
      const bundle = await builder.create({ data: statement, type: IN_TOTO_PAYLOAD_TYPE })
      return Buffer.from(JSON.stringify(bundleToJSON(bundle)))
    },
    verify(bytes, signer, digest) {
      const bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')))
      if (bundle.mediaType !== BUNDLE_V03_MEDIA_TYPE || !isBundleWithDsseEnvelope(bundle))
        throw new SigstoreError(`not a DSSE bundle v0.3 (${bundle.mediaType})`)
      const envelope = bundle.content.dsseEnvelope
      if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE || statementSubject(envelope.payload) !== digest)
        throw new SigstoreError(`its statement is not cosign's signature of ${digest}`)
      verifier.verify(toSignedEntity(bundle), {
        subjectAlternativeName: signer.identity,
        extensions: { issuer: signer.issuer },
      })
    },
  }
}

async function trustMaterial(path: string | undefined): Promise<TrustMaterial> {
  if (!path) return toTrustMaterial(await getTrustedRoot(FETCH))
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new SigstoreError(`cannot read the trusted root ${path}: ${(error as Error).message}`)
  }
  return toTrustMaterial(TrustedRoot.fromJSON(json))
}
