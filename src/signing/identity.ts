/**
 * Who signs, and how a consumer checks it (pure): the identity Fulcio will certify for
 * an OIDC token, where the signature is witnessed (Rekor, or a timestamp only), and the
 * `cosign verify` command that checks the result.
 */
import { shellWord } from '../common/shell-word.js'

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
 * A token that expires within a minute of when it will sign is refused before any write
 * (a SIGSTORE_ID_TOKEN given once, a long orphan wait): Fulcio would refuse it after
 * the tags are written.
 */
export function assertUnexpired(claims: Record<string, unknown>, signsAt: number): void {
  if (typeof claims.exp !== 'number') return
  if (claims.exp * 1000 < signsAt + 60_000)
    throw new Error(`the identity token expires at ${new Date(claims.exp * 1000).toISOString()}: fetch a fresh one`)
}

/** Who Fulcio will certify for a token, where its mapping is known (else learnt from the first certificate). */
export interface ExpectedSigner {
  issuer?: string
  identity?: string
  /** GitHub: the repository whose workflow runs (a reusable workflow's identity is shared by every caller). */
  repository?: string
}

/**
 * The certificate Fulcio will issue for these claims, where its mapping is known: on
 * GitHub, the workflow that runs the job (`job_workflow_ref`; for a reusable workflow,
 * the reusable workflow) in the calling `repository`; on gitlab.com, the pipeline
 * definition (`ci_config_ref_uri`). It finds our earlier signatures; elsewhere (a
 * federated issuer, an email token) the first certificate tells, and a re-run signs anew.
 */
export function expectedSigner(claims: Record<string, unknown>): ExpectedSigner {
  const issuer = text(claims.iss)
  if (!issuer) throw new Error('the identity token names no issuer (iss)')
  // @sigstore/sign (and Fulcio) refuse a token with an email its issuer did not verify, whatever the issuer.
  if (claims.email !== undefined && claims.email_verified !== true)
    throw new Error("the identity token's email is not verified by its issuer")
  if (!text(claims.sub) && !text(claims.email)) throw new Error('the identity token names no subject (sub)')
  const workflow = text(claims.job_workflow_ref)
  const repository = text(claims.repository)
  if (issuer === GITHUB_ISSUER && workflow && repository)
    return { issuer, identity: `https://github.com/${workflow}`, repository }
  const pipeline = text(claims.ci_config_ref_uri)
  if (issuer === GITLAB_ISSUER && pipeline) return { issuer, identity: `https://${pipeline}` }
  return {}
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

/**
 * The command that checks every signed tag as a consumer would (cosign v3, which reads
 * bundles): the certificate's identity and issuer, and on GitHub its repository (a
 * reusable workflow's identity alone would accept any caller's signature).
 */
export function cosignVerifyCommand(
  refs: readonly string[],
  signer: SignerIdentity & { repository?: string },
  options: { rekor: boolean; trustedRoot?: string; insecure?: boolean },
): string {
  const args = [
    'cosign',
    'verify',
    `--certificate-identity=${signer.identity}`,
    `--certificate-oidc-issuer=${signer.issuer}`,
    ...(signer.repository && signer.issuer === GITHUB_ISSUER
      ? [`--certificate-github-workflow-repository=${signer.repository}`]
      : []),
    ...(options.rekor ? [] : ['--use-signed-timestamps', '--insecure-ignore-tlog=true']),
    ...(options.trustedRoot ? [`--trusted-root=${options.trustedRoot}`] : []),
    ...(options.insecure ? ['--allow-http-registry', '--allow-insecure-registry'] : []),
    ...refs,
  ]
  return args.map(shellWord).join(' ')
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}
