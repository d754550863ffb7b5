/**
 * What we print is ours: the credentials and tokens a client holds are blanked from
 * every message built from a registry's (or token server's) answer, however the answer
 * echoes them; a token failure never makes a write ambiguous.
 */
import type { ServerResponse } from 'node:http'
import { Secrets } from '../../src/registry/secrets.js'
import { closeAll, fakeClient, fakeServer, json, pathOf } from '../helpers/fake-server.js'

afterEach(closeAll)

const BLOB = `sha256:${'d'.repeat(64)}`
const PASSWORD = 'pa"ss\\word-1'
const basicValue = (user: string, secret: string) => Buffer.from(`${user}:${secret}`).toString('base64')

/** A registry that refuses every request, quoting its Authorization header in a JSON error body and as text. */
async function echoingRegistry(challenge: string, tokenAnswer?: (auth?: string) => object) {
  return fakeServer((req, res) => {
    if (pathOf(req) === '/token')
      return json(res, 200, tokenAnswer?.(req.headers.authorization) ?? { token: 'bearer-tok-123' })
    const auth = req.headers.authorization
    if (!auth) return void res.writeHead(401, { 'www-authenticate': challenge }).end()
    json(res, 403, {
      errors: [{ code: 'DENIED', message: `you sent ${auth}`, detail: { authorization: auth, password: PASSWORD } }],
    })
  })
}

function messageOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no error',
    (e: Error) => `${e.message} ${JSON.stringify((e as { errors?: unknown }).errors ?? '')}`,
  )
}

test('a Basic header value and the password echoed in an error body are blanked', async () => {
  const registry = await echoingRegistry('Basic realm="r"')
  const client = fakeClient(registry, { credentials: { username: 'me', password: PASSWORD } })
  const message = await messageOf(client.blobs.get('app', BLOB))
  expect(message).toContain('DENIED: you sent Basic ***')
  expect(message).not.toContain(basicValue('me', PASSWORD))
  expect(message).not.toContain('ss\\\\word')
  expect(message).not.toContain('ss\\word')
})

test('a bearer token fetched, echoed in an error body, is blanked', async () => {
  const registry = await echoingRegistry('Bearer realm="/token"')
  const message = await messageOf(fakeClient(registry).blobs.get('app', BLOB))
  expect(message).toContain('DENIED: you sent Bearer ***')
  expect(message).not.toContain('bearer-tok-123')
})

test('a ready registry token and an identity token are blanked, in the token server’s refusal too', async () => {
  const ready = await echoingRegistry('Bearer realm="/token"')
  const readyMessage = await messageOf(
    fakeClient(ready, { credentials: { registryToken: 'ready-tok-9' } }).blobs.get('app', BLOB),
  )
  expect(readyMessage).toContain('you sent Bearer ***')
  expect(readyMessage).not.toContain('ready-tok-9')

  const refusing = await fakeServer((req, res) => {
    if (pathOf(req) !== '/token') return void res.writeHead(401, { 'www-authenticate': 'Bearer realm="/token"' }).end()
    if (req.method === 'POST') return void res.writeHead(404).end()
    json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: `bad credentials ${req.headers.authorization}` }] })
  })
  const client = fakeClient(refusing, { credentials: { username: 'me', identityToken: 'id-tok-77' } })
  const message = await messageOf(client.blobs.get('app', BLOB))
  expect(message).toContain('refused the token (HTTP 401): UNAUTHORIZED: bad credentials Basic ***')
  expect(message).not.toContain(basicValue('me', 'id-tok-77'))
})

test.each([
  ['answers 503', (res: ServerResponse) => void res.writeHead(503).end()],
  ['never answers (past the PUT’s own bound too)', () => undefined],
])('a token server that %s never makes a PUT ambiguous (the PUT was never sent)', async (_name, answer) => {
  const registry = await fakeServer((req, res) => {
    if (pathOf(req) === '/token') return answer(res)
    res.writeHead(401, { 'www-authenticate': 'Bearer realm="/token"' }).end()
  })
  const heard: number[] = []
  const client = fakeClient(registry, {
    requestTimeoutMs: 100,
    retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 60_000 },
  })
  const put = client.putManifest('app', 'v1', { bytes: Buffer.from('{}'), mediaType: 'x' }, (at) => heard.push(at))
  await expect(put).rejects.toMatchObject({ name: 'AuthError' })
  expect(heard).toEqual([])
  expect(registry.requests.filter((r) => r.method === 'PUT')).toHaveLength(1)
})

test('a token server that echoes the refresh-token form has the identity token blanked', async () => {
  const identityToken = 'id tok/+=&9'
  const registry = await fakeServer((req, res) => {
    if (pathOf(req) !== '/token') return void res.writeHead(401, { 'www-authenticate': 'Bearer realm="/token"' }).end()
    json(res, 400, { errors: [{ code: 'INVALID_GRANT', message: `bad form ${req.body.toString()}` }] })
  })
  const message = await messageOf(fakeClient(registry, { credentials: { identityToken } }).blobs.get('app', BLOB))
  expect(message).toContain('INVALID_GRANT: bad form grant_type=refresh_token&refresh_token=***&client_id=bake-fanout')
  expect(message).not.toContain(new URLSearchParams({ v: identityToken }).toString().slice(2))
})

test('Secrets blanks longest first, and nothing for an empty secret', () => {
  const secrets = new Secrets(['abc', 'abcdef', ''])
  expect(secrets.redact('x abcdef y abc z')).toBe('x *** y *** z')
  expect(new Secrets(['']).redact('text')).toBe('text')
})
