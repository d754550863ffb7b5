/** Where the OIDC token that Fulcio certifies comes from: SIGSTORE_ID_TOKEN, else GitHub's OIDC service. */

/** GitHub's OIDC token for an audience (the entry fetches it; only it speaks the runner's protocol). */
export type GithubIdToken = (audience: string) => Promise<string>

export const SIGSTORE_AUDIENCE = 'sigstore'

/**
 * A function that fetches a fresh token, or undefined when none can be had: no
 * SIGSTORE_ID_TOKEN, and no GitHub OIDC service (a job without `id-token: write`, a
 * pull request from a fork). Fetched anew for each certificate, which lives 10 minutes.
 */
export function identityTokenSource(
  env: Readonly<Record<string, string | undefined>>,
  github: GithubIdToken | undefined,
): (() => Promise<string>) | undefined {
  const given = env.SIGSTORE_ID_TOKEN?.trim()
  if (given) return async () => given
  if (github && env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    return () => github(SIGSTORE_AUDIENCE)
  return undefined
}
