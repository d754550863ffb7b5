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
 * The identity Fulcio certifies for these claims: on GitHub, the workflow that runs the
 * job (`job_workflow_ref`, which for a reusable workflow is the reusable workflow);
 * elsewhere a verified email, else the subject. Used to find our own earlier signature
 * and to print the command; the certificate itself is what verification checks.
 */
export function expectedIdentity(claims: Record<string, unknown>): SignerIdentity {
  const issuer = text(claims.iss)
  if (!issuer) throw new Error('the identity token names no issuer (iss)')
  const workflow = text(claims.job_workflow_ref)
  if (issuer === GITHUB_ISSUER && workflow) return { identity: `https://github.com/${workflow}`, issuer }
  const email = claims.email_verified === true ? text(claims.email) : undefined
  const identity = email ?? text(claims.sub)
  if (!identity) throw new Error('the identity token names no subject (sub)')
  return { identity, issuer }
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
 * timestamp instead. `auto` decides by the token's `repository_visibility` (GitHub);
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
  const visibility = text(claims.repository_visibility)
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
