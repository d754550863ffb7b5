/**
 * The auth layer against fake registries and token servers: challenges (Basic, Bearer,
 * several in one header, relative realms), the token request and its answers, identity
 * tokens (POST, 404 → GET), expiry and renewal, a token server down or refusing, and
 * realms that would take credentials in clear text.
 */
import type { ServerResponse } from 'node:http'
import { InsecureRealmError } from '../../src/registry/auth.js'
import type { Credentials } from '../../src/registry/credentials.js'
import { type Seen, closeAll, fakeClient, fakeServer, instantClock, json, pathOf } from '../helpers/fake-server.js'

afterEach(closeAll)

const BLOB = `sha256:${'b'.repeat(64)}`
const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`

/** A registry that answers `challenge` until a request carries `accepted`, then 200. */
async function challengingRegistry(challenge: (origin: string) => string, accepted: (auth?: string) => boolean) {
  const registry = await fakeServer((req, res) => {
    if (pathOf(req) === '/token') return tokenAnswer(req, res)
    if (!accepted(req.headers.authorization))
      return void res.writeHead(401, { 'www-authenticate': challenge(registry.origin) }).end()
    res.writeHead(200).end()
  })
  return registry
}

let tokenAnswer: (req: Seen, res: ServerResponse) => void
beforeEach(() => {
  tokenAnswer = (_req, res) => json(res, 200, { token: 'tok' })
})

async function tokenServer(answer: (req: Seen, res: ServerResponse) => void) {
  return fakeServer((req, res) => answer(req, res))
}

describe('Basic', () => {
  test('the credentials are sent as Basic once the registry asks for them', async () => {
    const registry = await challengingRegistry(
      () => 'Basic realm="Registry"',
      (auth) => auth === basic('u', 'pw'),
    )
    const client = fakeClient(registry, { credentials: { username: 'u', password: 'pw' } })
    expect(await client.blobs.has('app', BLOB)).toBe(true)
    expect(await client.blobs.has('app', BLOB)).toBe(true)
    // The challenge is learned once: the second request carries the credentials at once.
    expect(registry.requests.map((r) => r.headers.authorization)).toEqual([
      undefined,
      basic('u', 'pw'),
      basic('u', 'pw'),
    ])
  })

  test('without credentials a Basic challenge is the registry refusal, with its status', async () => {
    const registry = await challengingRegistry(
      () => 'Basic realm="Registry"',
      () => false,
    )
    await expect(fakeClient(registry).blobs.get('app', BLOB)).rejects.toMatchObject({ status: 401 })
  })

  test('a 401 without a challenge is a refusal, not a loop', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(401).end())
    await expect(fakeClient(registry).blobs.get('app', BLOB)).rejects.toMatchObject({
      name: 'RegistryError',
      status: 401,
    })
    expect(registry.requests).toHaveLength(1)
  })
})

describe('Bearer', () => {
  test('a token is fetched with the service, the scope and Basic credentials, and cached per scope', async () => {
    const tokens = await tokenServer((_req, res) => json(res, 200, { token: 'tok', expires_in: 300 }))
    const registry = await challengingRegistry(
      () => `Bearer realm="${tokens.origin}/token",service="reg.test"`,
      (auth) => auth === 'Bearer tok',
    )
    const client = fakeClient(registry, { credentials: { username: 'u', password: 'pw' } })
    await client.blobs.has('app', BLOB)
    await client.blobs.has('app', BLOB)
    expect(tokens.requests).toHaveLength(1)
    const asked = new URL(tokens.requests[0].url, 'http://x')
    expect(asked.searchParams.get('service')).toBe('reg.test')
    expect(asked.searchParams.getAll('scope')).toEqual(['repository:app:pull'])
    expect(tokens.requests[0].headers.authorization).toBe(basic('u', 'pw'))
    expect(client.stats.tokens).toBe(1)
    // The token is masked as soon as it is known.
    expect(client.log.secrets).toContain('tok')
    // Another repository is another scope: another token.
    await client.blobs.has('other', BLOB)
    expect(tokens.requests).toHaveLength(2)
  })

  test('a relative realm is the registry’s own path', async () => {
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token",service="reg"',
      (auth) => auth === 'Bearer tok',
    )
    await fakeClient(registry).blobs.has('app', BLOB)
    expect(registry.requests.map(pathOf)).toEqual([`/v2/app/blobs/${BLOB}`, '/token', `/v2/app/blobs/${BLOB}`])
  })

  test('of several challenges in one header, Bearer is chosen', async () => {
    const registry = await challengingRegistry(
      (origin) => `Negotiate YIIBAg==, Basic realm="x", Bearer realm="${origin}/token",service="s"`,
      (auth) => auth === 'Bearer tok',
    )
    expect(await fakeClient(registry).blobs.has('app', BLOB)).toBe(true)
  })

  test.each([
    ['access_token', { access_token: 'tok' }],
    ['token', { token: 'tok' }],
    ['token over access_token', { token: 'tok', access_token: 'other' }],
  ])('the token answer may carry %s', async (_name, body) => {
    tokenAnswer = (_req, res) => json(res, 200, body)
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token"',
      (auth) => auth === 'Bearer tok',
    )
    expect(await fakeClient(registry).blobs.has('app', BLOB)).toBe(true)
  })

  test.each([
    ['no JSON', (res: ServerResponse) => void res.writeHead(200).end('<html>'), /answered no JSON/],
    ['no token', (res: ServerResponse) => json(res, 200, { expires_in: 60 }), /answered no token/],
    [
      'a refusal',
      (res: ServerResponse) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad password' }] }),
      /refused the token \(HTTP 401\): UNAUTHORIZED: bad password/,
    ],
  ])('a token answer with %s fails the request, naming the token server', async (_name, answer, message) => {
    tokenAnswer = (_req, res) => answer(res)
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token"',
      () => false,
    )
    const error = (await fakeClient(registry)
      .blobs.has('app', BLOB)
      .catch((e: Error) => e)) as Error
    expect(error.message).toMatch(new RegExp(`^the token server ${registry.origin}/token`))
    expect(error.message).toMatch(message)
  })

  test('a Bearer challenge without a realm is an error, not a token request', async () => {
    const registry = await challengingRegistry(
      () => 'Bearer service="s"',
      () => false,
    )
    await expect(fakeClient(registry).blobs.has('app', BLOB)).rejects.toThrow('bearer challenge without a realm')
  })

  test('a token past its lifetime is fetched anew; one refused by the registry is renewed once', async () => {
    let issued = 0
    tokenAnswer = (_req, res) => json(res, 200, { token: `tok${++issued}`, expires_in: 100 })
    let valid = 'tok1'
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token"',
      (auth) => auth === `Bearer ${valid}`,
    )
    const clock = instantClock()
    const client = fakeClient(registry, { clock })
    await client.blobs.has('app', BLOB)
    clock.advance(89_000)
    await client.blobs.has('app', BLOB)
    expect(issued).toBe(1)
    // Renewed a little before it expires (90 % of its lifetime).
    clock.advance(2_000)
    valid = 'tok2'
    await client.blobs.has('app', BLOB)
    expect(issued).toBe(2)
    // The registry revokes it early: the 401 renews the token once.
    valid = 'tok3'
    await client.blobs.has('app', BLOB)
    expect(issued).toBe(3)
  })

  test('a ready registry token is sent as it is, no token request', async () => {
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token"',
      (auth) => auth === 'Bearer ready',
    )
    await fakeClient(registry, { credentials: { registryToken: 'ready' } }).blobs.has('app', BLOB)
    expect(registry.requests.filter((r) => pathOf(r) === '/token')).toHaveLength(0)
  })
})

describe('identity tokens', () => {
  const credentials: Credentials = { username: 'u', identityToken: 'refresh-me' }

  test('an identity token is exchanged with the OAuth2 refresh-token POST', async () => {
    tokenAnswer = (req, res) => {
      if (req.method !== 'POST') return void res.writeHead(405).end()
      const form = new URLSearchParams(req.body.toString())
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded')
      expect(Object.fromEntries(form)).toEqual({
        grant_type: 'refresh_token',
        refresh_token: 'refresh-me',
        client_id: 'bake-fanout',
        service: 'reg',
        scope: 'repository:app:pull',
      })
      json(res, 200, { access_token: 'tok' })
    }
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token",service="reg"',
      (auth) => auth === 'Bearer tok',
    )
    expect(await fakeClient(registry, { credentials }).blobs.has('app', BLOB)).toBe(true)
  })

  test('a POST answered 404 falls back to GET with the identity token as Basic password', async () => {
    tokenAnswer = (req, res) => {
      if (req.method === 'POST') return void res.writeHead(404).end()
      if (req.headers.authorization !== basic('u', 'refresh-me')) return void res.writeHead(401).end()
      json(res, 200, { token: 'tok' })
    }
    const registry = await challengingRegistry(
      () => 'Bearer realm="/token"',
      (auth) => auth === 'Bearer tok',
    )
    const client = fakeClient(registry, { credentials })
    expect(await client.blobs.has('app', BLOB)).toBe(true)
    expect(registry.requests.filter((r) => pathOf(r) === '/token').map((r) => r.method)).toEqual(['POST', 'GET'])
    expect(client.log.lines).toContain(
      `the token server ${registry.origin}/token has no OAuth2 POST endpoint (404): asking with GET`,
    )
  })
})

describe('a token server that is down or far', () => {
  test('answering 503 it is retried within the policy, then named; the registry request is not retried on top', async () => {
    const tokens = await tokenServer((_req, res) => void res.writeHead(503).end())
    const registry = await challengingRegistry(
      () => `Bearer realm="${tokens.origin}/token"`,
      () => false,
    )
    const error = (await fakeClient(registry)
      .blobs.has('app', BLOB)
      .catch((e: Error) => e)) as Error
    expect(error.message).toBe(
      `the token server ${tokens.origin}/token: HTTP 503 (gave up after 4 tries in ${error.message.match(/in (\d+) ms/)![1]} ms)`,
    )
    expect(tokens.requests).toHaveLength(4)
    expect(registry.requests).toHaveLength(1)
  })

  test('not listening, it is named with its realm, and given up on within the policy', async () => {
    const tokens = await tokenServer((_req, res) => void res.writeHead(200).end())
    await tokens.close()
    const registry = await challengingRegistry(
      () => `Bearer realm="${tokens.origin}/token"`,
      () => false,
    )
    const client = fakeClient(registry)
    const error = (await client.blobs.has('app', BLOB).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(
      new RegExp(`^the token server ${tokens.origin}/token: .*ECONNREFUSED.*\\(gave up after 4 tries`),
    )
    expect(client.stats.tokens).toBe(4)
  })

  test('a token request that never answers is bounded like every request', async () => {
    const tokens = await tokenServer(() => undefined) // headers never come
    const registry = await challengingRegistry(
      () => `Bearer realm="${tokens.origin}/token"`,
      () => false,
    )
    const client = fakeClient(registry, {
      requestTimeoutMs: 200,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 60_000 },
    })
    const error = (await client.blobs.has('app', BLOB).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(
      new RegExp(
        `^the token server ${tokens.origin}/token: no complete answer within 0.2 s \\(the bound on one attempt\\) \\(gave up after 2 tries`,
      ),
    )
    expect(tokens.requests).toHaveLength(2)
    expect(registry.requests).toHaveLength(1)
  })
})

describe('realms in clear text', () => {
  test('credentials never go in clear text to a realm on another host: no token request', async () => {
    const tokens = await tokenServer((_req, res) => json(res, 200, { token: 'tok' }))
    const registry = await challengingRegistry(
      () => `Bearer realm="http://localhost:${tokens.origin.split(':')[2]}/token"`,
      () => false,
    )
    const error = await fakeClient(registry, { credentials: { username: 'u', password: 'pw' } })
      .blobs.has('app', BLOB)
      .catch((e: Error) => e)
    expect(error).toBeInstanceOf(InsecureRealmError)
    expect(tokens.requests).toHaveLength(0)
  })

  test('anonymous, a clear-text realm elsewhere may be asked (nothing secret goes there)', async () => {
    const tokens = await tokenServer((_req, res) => json(res, 200, { token: 'tok' }))
    const registry = await challengingRegistry(
      () => `Bearer realm="http://localhost:${tokens.origin.split(':')[2]}/token"`,
      (auth) => auth === 'Bearer tok',
    )
    expect(await fakeClient(registry).blobs.has('app', BLOB)).toBe(true)
    expect(tokens.requests[0].headers.authorization).toBeUndefined()
  })
})
