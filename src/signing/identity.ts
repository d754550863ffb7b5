/**
 * Who signs, and how a consumer checks it (pure): the identity Fulcio will certify for
 * an OIDC token, where the signature is witnessed (Rekor, or a timestamp only), and the
 * `cosign verify` command that checks the result.
 */

/** The certificate identity a signature carries: Fulcio's subject alternative name, and the OIDC issuer. */
export interface SignerIdentity {
  identity: string
  issuer: string
}

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const GITLAB_ISSUER = 'https://gitlab.com'

/** An OIDC token's claims (its payload), unverified: Fulcio verifies the token; we only read who it names. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1]
  let claims: unknown
  try {
    claims = payload ? JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) : undefined
  } catch {
    claims = undefined
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims))
    throw new Error('the identity token is not a JWT with a JSON payload')
  return claims as Record<string, unknown>
}

/**
 * A token that expires within a minute is refused before any write (a SIGSTORE_ID_TOKEN
 * given once, a step that ran long): Fulcio would refuse it after the tags are written.
 */
export function assertUnexpired(claims: Record<string, unknown>, now: number): void {
  if (typeof claims.exp !== 'number') return
  if (claims.exp * 1000 < now + 60_000)
    throw new Error(`the identity token expires at ${new Date(claims.exp * 1000).toISOString()}: fetch a fresh one`)
}

/** Who Fulcio will certify for a token: its issuer, and its identity where Fulcio's mapping is known. */
export interface ExpectedSigner {
  issuer: string
  /** The certificate's SAN, when predictable from the claims; else learnt from the first certificate. */
  identity?: string
}

/**
 * The identity Fulcio certifies for these claims, where its mapping is known: on GitHub,
 * the workflow that runs the job (`job_workflow_ref`; for a reusable workflow, the
 * reusable workflow); on gitlab.com, the pipeline definition (`ci_config_ref_uri`); for
 * an email token, the verified email. It finds our earlier signatures; the certificate
 * itself is what every check and the printed command use.
 */
export function expectedSigner(claims: Record<string, unknown>): ExpectedSigner {
  const issuer = text(claims.iss)
  if (!issuer) throw new Error('the identity token names no issuer (iss)')
  // @sigstore/sign (and Fulcio) refuse a token with an email its issuer did not verify, whatever the issuer.
  if (claims.email !== undefined && claims.email_verified !== true)
    throw new Error("the identity token's email is not verified by its issuer")
  const workflow = text(claims.job_workflow_ref)
  if (issuer === GITHUB_ISSUER && workflow) return { issuer, identity: `https://github.com/${workflow}` }
  const pipeline = text(claims.ci_config_ref_uri)
  if (issuer === GITLAB_ISSUER && pipeline) return { issuer, identity: `https://${pipeline}` }
  if (claims.email !== undefined) return { issuer, identity: text(claims.email) }
  if (!text(claims.sub)) throw new Error('the identity token names no subject (sub)')
  return { issuer }
}

export type TlogChoice = 'auto' | 'true' | 'false'

export interface Witnessing {
  /** A Rekor entry (public); else a signed timestamp only. */
  rekor: boolean
  why: string
}

/**
 * Rekor publishes the certificate, and with it the repository's and workflow's names:
 * right for a public repository, a leak for a private one, which gets a signed
 * timestamp instead. `auto` decides by the token's `repository_visibility` (GitHub) or
 * `project_visibility` (GitLab);
 * where that is unknown it keeps names private. A TSA URL given without a Rekor URL
 * asks for timestamps only (DESIGN §13).
 */
export function chooseWitnessing(
  choice: TlogChoice,
  urls: { rekor?: string; tsa?: string },
  claims: Record<string, unknown>,
): Witnessing {
  if (choice === 'true') return { rekor: true, why: 'sign-tlog: true' }
  if (choice === 'false') return { rekor: false, why: 'sign-tlog: false' }
  if (urls.tsa && !urls.rekor) return { rekor: false, why: 'a timestamp authority and no Rekor URL were given' }
  if (urls.rekor && !urls.tsa) return { rekor: true, why: 'a Rekor URL was given' }
  // GitHub's claim, and GitLab's (whose Fulcio provider maps project_visibility the same way).
  const visibility = text(claims.repository_visibility) ?? text(claims.project_visibility)
  if (visibility === 'public') return { rekor: true, why: 'the repository is public' }
  if (visibility) return { rekor: false, why: `the repository is ${visibility}: its names stay out of the public log` }
  return { rekor: false, why: "the repository's visibility is unknown: its names stay out of the public log" }
}

/** The command that checks every signed tag as a consumer would (cosign v3, which reads bundles). */
export function cosignVerifyCommand(
  refs: readonly string[],
  signer: SignerIdentity,
  options: { rekor: boolean; trustedRoot?: string },
): string {
  const args = [
    'cosign',
    'verify',
    `--certificate-identity=${signer.identity}`,
    `--certificate-oidc-issuer=${signer.issuer}`,
    ...(options.rekor ? [] : ['--use-signed-timestamps', '--insecure-ignore-tlog=true']),
    ...(options.trustedRoot ? [`--trusted-root=${options.trustedRoot}`] : []),
    ...refs,
  ]
  return args.map(shellWord).join(' ')
}

/** A word as a POSIX shell reads it back unchanged. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
