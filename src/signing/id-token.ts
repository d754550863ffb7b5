/** Where the OIDC token that Fulcio certifies comes from: SIGSTORE_ID_TOKEN, else GitHub's OIDC service. */

/** GitHub's OIDC token for an audience (the entry fetches it; only it speaks the runner's protocol). */
export type GithubIdToken = (audience: string) => Promise<string>

export const SIGSTORE_AUDIENCE = 'sigstore'

/** Where tokens come from: `fetch` gets one; `renewable` when each call gets a fresh one (GitHub's service). */
export interface TokenSource {
  fetch: () => Promise<string>
  renewable: boolean
}

/**
 * The token source, or undefined when none can be had: no SIGSTORE_ID_TOKEN, and no
 * GitHub OIDC service (a job without `id-token: write`, a pull request from a fork).
 * GitHub's is asked anew for each certificate (one lives 10 minutes); SIGSTORE_ID_TOKEN
 * is the one token given, and must outlast the run.
 */
export function identityTokenSource(
  env: Readonly<Record<string, string | undefined>>,
  github: GithubIdToken | undefined,
): TokenSource | undefined {
  const given = env.SIGSTORE_ID_TOKEN?.trim()
  if (given) return { fetch: async () => given, renewable: false }
  if (github && env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    return { fetch: () => github(SIGSTORE_AUDIENCE), renewable: true }
  return undefined
}
