/** Where the OIDC token comes from: SIGSTORE_ID_TOKEN (given once), else GitHub's service (asked anew each time). */
import { SIGSTORE_AUDIENCE, identityTokenSource } from '../../src/signing/id-token.js'

test('SIGSTORE_ID_TOKEN is the one token given; not renewable', async () => {
  const source = identityTokenSource({ SIGSTORE_ID_TOKEN: ' given \n' }, async () => 'github')
  expect(source?.renewable).toBe(false)
  expect(await source?.fetch()).toBe('given')
})

test('GitHub’s OIDC service, when the job may ask it, for the sigstore audience, each time anew', async () => {
  const asked: string[] = []
  const env = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }
  const source = identityTokenSource(env, async (audience) => (asked.push(audience), `tok${asked.length}`))
  expect(source?.renewable).toBe(true)
  expect([await source?.fetch(), await source?.fetch()]).toEqual(['tok1', 'tok2'])
  expect(asked).toEqual([SIGSTORE_AUDIENCE, SIGSTORE_AUDIENCE])
})

test('no token at all: a job without id-token permission, a fork’s pull request', () => {
  expect(identityTokenSource({}, async () => 'github')).toBeUndefined()
  expect(identityTokenSource({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }, async () => 'github')).toBeUndefined()
  expect(
    identityTokenSource({ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }, undefined),
  ).toBeUndefined()
})
