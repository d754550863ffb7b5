/** The GitHub Packages REST client against an in-process fake on 127.0.0.1. */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { PackagesAccessError, PackagesApi, PackagesApiError, type PackageRef } from '../../src/cleanup/packages-api.js'
import { Connections } from '../../src/registry/connections.js'

const d = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 2, budgetMs: 1000 }
const asVersion = (id: number) => ({
  id,
  name: d(id),
  created_at: '2026-12-06T10:00:00Z',
  metadata: { container: { tags: id === 1 ? ['latest'] : [] } },
})

let server: Server
let base: string
let handler: (req: IncomingMessage, res: ServerResponse) => void
const seen: Array<{ method: string; url: string; auth: string | undefined }> = []
let connections: Connections

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization })
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api`
})
afterAll(async () => {
  await connections?.destroy()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  seen.length = 0
  connections = new Connections({})
})

const api = () => new PackagesApi({ baseUrl: base, token: 'secret-token', connections, retry: FAST })
const pkg: PackageRef = { owner: 'octo', name: 'a/b', kind: 'orgs' }
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

test('lists every page through Link rel="next", the name URL-encoded as one segment, with the token', async () => {
  handler = (req, res) => {
    const url = new URL(req.url!, 'http://x')
    const page = Number(url.searchParams.get('page'))
    const ids = page === 1 ? Array.from({ length: 100 }, (_, i) => i + 1) : [101, 102]
    const next: Record<string, string> =
      page === 1 ? { link: `<${base}/orgs/octo/packages/container/a%2Fb/versions?page=2>; rel="next"` } : {}
    json(res, 200, ids.map(asVersion), next)
  }
  const versions = await api().listVersions(pkg)
  expect(versions).toHaveLength(102)
  expect(versions[0]).toEqual({ id: 1, digest: d(1), tags: ['latest'], createdAt: '2026-12-06T10:00:00Z' })
  expect(seen.map((s) => s.url)).toEqual([
    '/api/orgs/octo/packages/container/a%2Fb/versions?state=active&per_page=100&page=1',
    '/api/orgs/octo/packages/container/a%2Fb/versions?page=2',
  ])
  expect(seen.every((s) => s.auth === 'Bearer secret-token')).toBe(true)
})

test('a Link to another origin is not followed: the token stays with the API', async () => {
  handler = (_req, res) => json(res, 200, [asVersion(1)], { link: '<http://127.0.0.2:1/steal?page=2>; rel="next"' })
  await expect(api().listVersions(pkg)).rejects.toBeInstanceOf(PackagesApiError)
  expect(seen).toHaveLength(1)
})

test.each([401, 403, 404])('%i is an access error (the fix is a permission or a token)', async (status) => {
  handler = (_req, res) => json(res, status, { message: 'no' })
  const error = await api()
    .listVersions(pkg)
    .catch((e: unknown) => e)
  expect(error).toBeInstanceOf(PackagesAccessError)
  expect((error as PackagesAccessError).status).toBe(status)
})

test('5xx is retried; a version gone (404) reads as undefined and deletes as done', async () => {
  let calls = 0
  handler = (req, res) => {
    if (req.method === 'GET' && calls++ === 0) return json(res, 502, {})
    if (req.url!.endsWith('/versions/7')) return json(res, 404, { message: 'Not Found' })
    if (req.method === 'DELETE') return void res.writeHead(204).end()
    json(res, 200, asVersion(8))
  }
  expect(await api().getVersion(pkg, 8)).toMatchObject({ id: 8, digest: d(8) })
  expect(await api().getVersion(pkg, 7)).toBeUndefined()
  await api().deleteVersion(pkg, 7)
  await api().deleteVersion(pkg, 8)
  expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
    'GET /api/orgs/octo/packages/container/a%2Fb/versions/8',
    'GET /api/orgs/octo/packages/container/a%2Fb/versions/8',
    'GET /api/orgs/octo/packages/container/a%2Fb/versions/7',
    'DELETE /api/orgs/octo/packages/container/a%2Fb/versions/7',
    'DELETE /api/orgs/octo/packages/container/a%2Fb/versions/8',
  ])
})

test('owner type from GET /users/{owner}', async () => {
  handler = (req, res) => json(res, 200, { login: 'x', type: req.url!.includes('org') ? 'Organization' : 'User' })
  expect(await api().ownerKind('an-org')).toBe('orgs')
  expect(await api().ownerKind('someone')).toBe('users')
  handler = (_req, res) => json(res, 200, { login: 'x', type: 'Bot' })
  await expect(api().ownerKind('bot')).rejects.toBeInstanceOf(PackagesApiError)
})

test('a version that is not what GitHub documents is refused, not guessed at', async () => {
  for (const bad of [
    { ...asVersion(1), name: 'latest' },
    { ...asVersion(1), id: '1' },
    { ...asVersion(1), metadata: { container: { tags: [1] } } },
  ]) {
    handler = (_req, res) => json(res, 200, bad)
    await expect(api().getVersion(pkg, 1)).rejects.toBeInstanceOf(PackagesApiError)
  }
})

test('the token goes over plain HTTP to loopback only', () => {
  expect(() => new PackagesApi({ baseUrl: 'http://api.example.com', token: 't', connections, retry: FAST })).toThrow(
    /https only/,
  )
  expect(api().restoreEndpoint(pkg, 5)).toBe(`POST ${base}/orgs/octo/packages/container/a%2Fb/versions/5/restore`)
})
