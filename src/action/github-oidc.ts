/**
 * GitHub's OIDC token, through @actions/core (which honours the runner's proxy and masks
 * the token). Imported lazily: core's OIDC client is ~1 MB that only `sign` needs.
 */
import type { GithubIdToken } from '../signing/id-token.js'

export const githubIdToken: GithubIdToken = async (audience) => (await import('@actions/core')).getIDToken(audience)
