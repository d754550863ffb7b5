/**
 * GitHub's OIDC token, asked of the runner's service as @actions/core asks it, through
 * @actions/http-client (which honours the runner's proxy), but without core's debug and
 * add-mask lines on stdout: the CLI's stdout is one JSON object, and the signer masks the
 * token itself (through the entry's logger). Imported lazily: only `sign` needs it.
 */
import type { GithubIdToken } from '../signing/id-token.js'

export const githubIdToken: GithubIdToken = async (audience) => {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL
  const runtimeToken = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
  if (!url || !runtimeToken) throw new Error('no OIDC token service: the job needs `permissions: id-token: write`')
  const { HttpClient } = await import('@actions/http-client')
  const { BearerCredentialHandler } = await import('@actions/http-client/lib/auth')
  const client = new HttpClient('bake-fanout', [new BearerCredentialHandler(runtimeToken)], {
    allowRetries: true,
    maxRetries: 3,
  })
  const answer = await client
    .getJson<{ value?: unknown }>(`${url}&audience=${encodeURIComponent(audience)}`)
    .catch((error: { statusCode?: number }) => {
      throw new Error(`GitHub's OIDC service refused a token (HTTP ${error.statusCode ?? 'error'})`)
    })
  const token = answer.result?.value
  if (typeof token !== 'string' || token === '') throw new Error("GitHub's OIDC service answered without a token")
  return token
}
