/**
 * The transport against in-process fake servers: redirects (credentials never follow to
 * another origin), the plain-HTTP fallback of an insecure registry, loopback's plain HTTP
 * first (and TLS once a handshake shows it), request counts and named network failures.
 */
import { readFile } from 'node:fs/promises'
import { type AddressInfo, type Socket, connect, createServer as createNetServer } from 'node:net'
import { Readable } from 'node:stream'
import type { RegistryClient } from '../../src/registry/client.js'
import { Connections } from '../../src/registry/connections.js'
import { RetryableError } from '../../src/registry/retry.js'
import { Transport } from '../../src/registry/transport.js'
import {
  type FakeServer,
  closeAll,
  fakeClient,
  fakeServer,
  instantClock,
  json,
  pathOf,
  registryError,
} from '../helpers/fake-server.js'
import { selfSignedCertificate } from '../helpers/certificates.js'
import { recordingLogger } from '../helpers/logger.js'

afterEach(closeAll)

const BLOB = `sha256:${'a'.repeat(64)}`
/** A registry that wants Basic credentials, then redirects a blob GET to `to(path)`. */
async function redirectingRegistry(to: (path: string) => string, status = 307) {
  return fakeServer((req, res) => {
    if (req.headers.authorization !== `Basic ${Buffer.from('u:secret').toString('base64')}`)
      return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end()
    if (pathOf(req).startsWith('/v2/app/blobs/')) return void res.writeHead(status, { location: to(req.url) }).end()
    res.writeHead(200).end('{}')
  })
}

describe('redirects', () => {
  test.each([301, 302, 303, 307, 308])(
    'a %d to another origin (object storage) carries no Authorization',
    async (status) => {
      const storage = await fakeServer((_req, res) => void res.writeHead(200).end('{}'))
      const registry = await redirectingRegistry((path) => `${storage.origin}/bucket${path}?sig=1`, status)
      const client = fakeClient(registry, { credentials: { username: 'u', password: 'secret' } })
      // The blob's bytes are `{}`: its digest is that of `{}`.
      const digest = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
      expect((await client.blobs.get('app', digest)).toString()).toBe('{}')
      expect(storage.requests).toHaveLength(1)
      expect(storage.requests[0].url).toBe(`/bucket/v2/app/blobs/${digest}?sig=1`)
      expect(storage.requests[0].headers.authorization).toBeUndefined()
    },
  )

  test('a redirect within the same origin keeps the credentials', async () => {
    const registry = await redirectingRegistry((path) => `/moved${path}`)
    const digest = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    const client = fakeClient(registry, { credentials: { username: 'u', password: 'secret' } })
    // The registry itself answers /moved/… (its handler answers 200 `{}` to any path but blobs).
    expect((await client.blobs.get('app', digest)).toString()).toBe('{}')
    expect(registry.requests.filter((r) => r.url.startsWith('/moved/'))).toHaveLength(1)
    const moved = registry.requests.find((r) => r.url.startsWith('/moved/'))!
    expect(moved.headers.authorization).toBe(`Basic ${Buffer.from('u:secret').toString('base64')}`)
  })

  test('a redirect to the same host on another port is another origin: no credentials', async () => {
    const other = await fakeServer((_req, res) => void res.writeHead(200).end('{}'))
    const registry = await redirectingRegistry((path) => `http://${other.host}${path}`)
    const client = fakeClient(registry, { credentials: { username: 'u', password: 'secret' } })
    await client.blobs.get('app', 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a')
    expect(other.requests[0].headers.authorization).toBeUndefined()
  })

  test('a redirect loop is cut after five hops, naming the request', async () => {
    const registry = await fakeServer((req, res) => void res.writeHead(302, { location: req.url }).end())
    const error = await fakeClient(registry)
      .blobs.get('app', BLOB)
      .catch((e: Error) => e)
    expect((error as Error).message).toBe(`GET /v2/app/blobs/${BLOB}: too many redirects`)
    expect(registry.requests).toHaveLength(6)
  })

  test('a redirect answer to a PUT is returned, not followed (a write is never replayed elsewhere)', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(307, { location: '/elsewhere' }).end())
    const error = await fakeClient(registry)
      .putManifest('app', 'v1', { bytes: Buffer.from('{}'), mediaType: 'application/json' })
      .catch((e: Error) => e)
    expect(error).toMatchObject({ name: 'RegistryError', status: 307 })
    expect(registry.requests.map((r) => r.method)).toEqual(['PUT'])
  })
})

describe('certificates', () => {
  let tls: { cert: string; key: string }
  beforeAll(async () => {
    const { certFile, keyFile } = await selfSignedCertificate('127.0.0.1')
    tls = { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') }
  })

  test('an insecure registry’s own certificate is not checked: it is spoken to over TLS', async () => {
    const registry = await fakeServer((_req, res) => json(res, 200, {}), tls)
    expect(await fakeClient(registry).blobs.has('app', BLOB)).toBe(true)
    expect(registry.requests).toHaveLength(1)
  })

  test('a redirect from it to another host is checked: a self-signed certificate there fails, with the hint', async () => {
    const storage = await fakeServer((_req, res) => void res.writeHead(200).end('{}'), tls)
    const registry = await fakeServer(
      (req, res) => void res.writeHead(307, { location: `${storage.origin}${req.url}` }).end(),
      tls,
    )
    const error = (await fakeClient(registry)
      .blobs.get('app', BLOB)
      .catch((e: Error) => e)) as Error & { code?: string }
    expect(error.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(error.message).toMatch(/point NODE_EXTRA_CA_CERTS at its certificate/)
    expect(storage.requests).toHaveLength(0)
  })

  test('a registry that is not insecure has its certificate checked', async () => {
    const registry = await fakeServer((_req, res) => json(res, 200, {}), tls)
    const client = fakeClient(registry, { insecure: false })
    await expect(client.blobs.has('app', BLOB)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })
    expect(registry.requests).toHaveLength(0)
  })
})

describe('the connection', () => {
  test('an insecure registry that speaks no TLS is plain HTTP from then on; requests are counted by method', async () => {
    const registry = await fakeServer((_req, res) => json(res, 200, {}))
    const client = fakeClient(registry)
    await client.blobs.has('app', BLOB)
    await client.blobs.has('app', BLOB)
    expect(registry.requests.map((r) => r.method)).toEqual(['HEAD', 'HEAD'])
    // The TLS handshake plain HTTP refused is not a request.
    expect(client.stats).toEqual({ byMethod: { HEAD: 2 }, tokens: 0 })
    expect(client.log.lines.some((l) => l.includes('does not speak TLS'))).toBe(true)
  })

  test('a listed insecure registry (TLS first) that speaks no TLS meets one handshake, however many requests start at once', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(404).end())
    const client = fakeClient(registry)
    const heads = await Promise.all(Array.from({ length: 8 }, (_, i) => client.headManifest('app', `t${i}`)))
    expect({ heads, misspoken: registry.misspoken() }).toEqual({ heads: Array(8).fill(undefined), misspoken: 1 })
  })

  test('a registry that is not insecure is never spoken to in plain HTTP', async () => {
    const registry = await fakeServer((_req, res) => json(res, 200, {}))
    const client = fakeClient(registry, { insecure: false, retry: { ...fastNoRetry } })
    await expect(client.blobs.has('app', BLOB)).rejects.toThrow(`HEAD ${registry.host}/v2/app/blobs/${BLOB}:`)
    expect(registry.requests).toHaveLength(0)
  })

  test('a refused connection is named by its request and retried, then given up within the policy', async () => {
    const registry = await fakeServer((_req, res) => json(res, 200, {}))
    await registry.close()
    const client = fakeClient(registry)
    const error = (await client.blobs.has('app', BLOB).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(
      new RegExp(`^HEAD ${registry.host}/v2/app/blobs/${BLOB}: .*ECONNREFUSED.*\\(gave up after 4 tries`),
    )
  })

  test('url() resolves a registry-given Location against the origin', () => {
    const t = new Transport({
      registry: 'r.example',
      host: 'r.example',
      insecure: false,
      connections: new Connections({}),
      log: recordingLogger(),
    })
    expect(t.url('/v2/x?y=1').href).toBe('https://r.example/v2/x?y=1')
    expect(t.url('https://s3.example/b').href).toBe('https://s3.example/b')
  })
})

const fastNoRetry = { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, budgetMs: 0 }

/**
 * A TLS server on one port that answers plain HTTP with a TLS alert record, as OpenSSL-based
 * servers do. Its handshakes can be switched: served (the fake server's TLS), dropped
 * (`dropHandshakes` of them), held unanswered, or refused as a plain server would.
 */
async function alertingTlsServer(tls: { cert: string; key: string }) {
  const fake = await fakeServer((_req, res) => void res.writeHead(404).end(), tls)
  const state = { alerts: 0, handshakes: 0, dropHandshakes: 0, handshake: 'serve' as 'serve' | 'hang' | 'refuse' }
  const sockets = new Set<Socket>()
  const front = createNetServer((socket) => {
    sockets.add(socket)
    socket.once('data', (first: Buffer) => {
      if (first[0] !== 0x16) {
        state.alerts++
        return void socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x46]))
      }
      state.handshakes++
      if (state.dropHandshakes > 0) return void (state.dropHandshakes--, socket.destroy())
      if (state.handshake === 'hang') return
      if (state.handshake === 'refuse') return void socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
      const upstream = connect(Number(fake.host.split(':')[1]), '127.0.0.1', () => {
        upstream.write(first)
        socket.pipe(upstream).pipe(socket)
      })
      sockets.add(upstream)
      upstream.on('error', () => socket.destroy())
    })
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${(front.address() as AddressInfo).port}`
  return {
    fake: { ...fake, host },
    state,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => front.close(() => resolve()))
    },
  }
}

describe('loopback: plain HTTP first, TLS once a handshake shows the host serves it', () => {
  let tls: { cert: string; key: string }
  beforeAll(async () => {
    const { certFile, keyFile } = await selfSignedCertificate('127.0.0.1')
    tls = { cert: await readFile(certFile, 'utf8'), key: await readFile(keyFile, 'utf8') }
  })
  const loopback = (server: FakeServer) => fakeClient(server, { plainFirst: true })
  /** A plain-first transport of its own to `host`, and HEAD by URL through it; its connections go with the test. */
  const transports: Connections[] = []
  afterEach(() => Promise.all(transports.splice(0).map((connections) => connections.destroy())))
  function loopbackTransport(host: string) {
    const connections = new Connections({})
    transports.push(connections)
    const log = recordingLogger()
    const transport = new Transport({ registry: host, host, insecure: true, plainFirst: true, connections, log })
    return { transport, head: (url: URL) => transport.fetch({ method: 'HEAD', url, headers: {} }) }
  }
  const heads = (client: RegistryClient, count: number, from = 0) =>
    Promise.all(Array.from({ length: count }, (_, i) => client.headManifest('app', `t${from + i}`)))
  const absent = (count: number) => Array(count).fill(undefined)

  test('a plain registry meets no TLS handshake, however many requests start at once', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(404).end())
    const client = loopback(registry)
    expect(await heads(client, 8)).toEqual(absent(8))
    expect(registry.misspoken()).toBe(0)
    expect(registry.requests.map((r) => r.method)).toEqual(Array(8).fill('HEAD'))
    expect(client.stats).toEqual({ byMethod: { HEAD: 8 }, tokens: 0 })
  })

  test('a TLS-only registry that drops plain HTTP: one handshake decides, and TLS it is from then on', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(404).end(), tls)
    const clock = instantClock()
    const client = fakeClient(registry, { plainFirst: true, clock })
    // Nothing waits for the first answer: each of the 8 met the drop once, then went over TLS (no retry).
    expect(await heads(client, 8)).toEqual(absent(8))
    expect(registry.misspoken()).toBe(8)
    expect(registry.requests.filter((r) => r.url === '/v2/')).toHaveLength(1) // the one handshake
    expect(await heads(client, 8, 8)).toEqual(absent(8))
    expect(registry.misspoken()).toBe(8)
    const heard = registry.requests.filter((r) => r.method === 'HEAD').map((r) => r.url)
    expect(heard.sort()).toEqual(Array.from({ length: 16 }, (_, i) => `/v2/app/manifests/t${i}`).sort())
    expect(clock.sleeps).toEqual([])
    // The 8 dropped are counted as sent, as is the handshake's GET.
    expect(client.stats).toEqual({ byMethod: { HEAD: 24, GET: 1 }, tokens: 0 })
    expect(client.log.lines.some((l) => l.includes('answers plain HTTP as a TLS server does: using TLS'))).toBe(true)
  })

  test('a TLS-only registry that answers plain HTTP with a TLS alert (OpenSSL-style): the same', async () => {
    const registry = await alertingTlsServer(tls)
    const client = loopback(registry.fake)
    expect(await heads(client, 2)).toEqual(absent(2))
    expect(registry.state.alerts).toBe(2)
    expect(registry.fake.requests.map((r) => r.url).sort()).toEqual([
      '/v2/',
      '/v2/app/manifests/t0',
      '/v2/app/manifests/t1',
    ])
    await registry.close()
  })

  test('once TLS is decided it stays: a handshake later refused as plain HTTP fails the request, never sent in plain', async () => {
    const registry = await alertingTlsServer(tls)
    const client = fakeClient(registry.fake, { plainFirst: true, retry: fastNoRetry })
    expect(await heads(client, 1)).toEqual(absent(1))
    registry.state.handshake = 'refuse'
    const alerts = registry.state.alerts
    await expect(client.headManifest('app', 'later')).rejects.toThrow(
      /HEAD 127\.0\.0\.1:\d+\/v2\/app\/manifests\/later/,
    )
    expect(registry.state.alerts).toBe(alerts) // no plain request went out
    await registry.close()
  })

  test('a handshake dropped while deciding says nothing: the retry asks again, and TLS it is', async () => {
    const registry = await alertingTlsServer(tls)
    registry.state.dropHandshakes = 1
    const clock = instantClock()
    const client = fakeClient(registry.fake, { plainFirst: true, clock })
    expect(await heads(client, 1)).toEqual(absent(1))
    // The dropped one, then the one that decided (its connection then carries the request).
    expect({ handshakes: registry.state.handshakes, retries: clock.sleeps.length }).toEqual({
      handshakes: 2,
      retries: 1,
    })
    expect(registry.fake.requests.map((r) => r.url)).toEqual(['/v2/', '/v2/app/manifests/t0'])
    await registry.close()
  })

  test('a handshake that stalls while deciding is bounded by the connection bound, and the failure says why', async () => {
    const registry = await alertingTlsServer(tls)
    registry.state.handshake = 'hang'
    const client = fakeClient(
      registry.fake,
      { plainFirst: true, retry: fastNoRetry },
      { connectMs: 200, idleMs: 5_000 },
    )
    await expect(client.headManifest('app', 'a')).rejects.toThrow(/could not tell whether it serves TLS/)
    await registry.close()
  })

  test('a request built before TLS was decided goes over TLS', async () => {
    const registry = await alertingTlsServer(tls)
    const { transport, head } = loopbackTransport(registry.fake.host)
    const early = transport.url('/v2/app/manifests/early')
    expect((await head(transport.url('/v2/app/manifests/t'))).statusCode).toBe(404)
    const alerts = registry.state.alerts
    expect((await head(early)).statusCode).toBe(404)
    expect(registry.state.alerts).toBe(alerts)
    expect(registry.fake.requests.map((r) => r.url)).toContain('/v2/app/manifests/early')
    await registry.close()
  })

  test('once TLS is decided, an answer of 400 over TLS stands: the request is sent once', async () => {
    const registry = await fakeServer(
      (req, res) =>
        pathOf(req).endsWith('/bad') ? registryError(res, 400, 'TAG_INVALID') : void res.writeHead(404).end(),
      tls,
    )
    const client = loopback(registry)
    expect(await heads(client, 1)).toEqual(absent(1))
    await expect(client.headManifest('app', 'bad')).rejects.toMatchObject({ name: 'RegistryError', status: 400 })
    expect(registry.requests.filter((r) => r.url.endsWith('/bad'))).toHaveLength(1)
  })

  test('a plain registry that answered once is plain: a later 400 is no sign of TLS', async () => {
    const registry = await fakeServer((req, res) =>
      pathOf(req).endsWith('/bad') ? registryError(res, 400, 'TAG_INVALID') : void res.writeHead(404).end(),
    )
    const client = loopback(registry)
    expect(await heads(client, 1)).toEqual(absent(1))
    await expect(client.headManifest('app', 'bad')).rejects.toMatchObject({ name: 'RegistryError', status: 400 })
    expect(registry.misspoken()).toBe(0)
  })

  test('a 400 that arrives after another answer settled the host as plain is no sign of TLS', async () => {
    let answered!: () => void
    const first = new Promise<void>((resolve) => (answered = resolve))
    const registry = await fakeServer(async (req, res) => {
      if (pathOf(req).endsWith('/late')) {
        await first
        return void setTimeout(() => registryError(res, 400, 'TAG_INVALID'), 20)
      }
      res.writeHead(404).end()
      answered()
    })
    const client = loopback(registry)
    const late = client.headManifest('app', 'late').catch((e: Error) => e)
    expect(await client.headManifest('app', 'first')).toBeUndefined()
    expect(await late).toMatchObject({ name: 'RegistryError', status: 400 })
    expect(registry.misspoken()).toBe(0)
  })

  test('a request that stalls in plain HTTP is no sign of TLS either', async () => {
    const registry = await fakeServer(() => new Promise(() => {})) // never answers
    const client = fakeClient(registry, { plainFirst: true, retry: fastNoRetry }, { connectMs: 1_000, idleMs: 200 })
    await expect(client.headManifest('app', 'a')).rejects.toThrow('no data for 0.2 s')
    expect(registry.misspoken()).toBe(0)
  })

  test('once TLS is decided, a request to another host (a registry-given Location) keeps its own origin', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(404).end(), tls)
    const storage = await fakeServer((_req, res) => void res.writeHead(204).end())
    const { transport, head } = loopbackTransport(registry.host)
    expect((await head(transport.url('/v2/app/manifests/t'))).statusCode).toBe(404)
    expect((await head(new URL(`${storage.origin}/upload/1?part=2`))).statusCode).toBe(204)
    expect(storage.requests.map((r) => r.url)).toEqual(['/upload/1?part=2'])
  })

  test('a plain registry whose first answer is a 400: the handshake it refuses is the only one, and the 400 stands', async () => {
    const registry = await fakeServer((_req, res) => registryError(res, 400, 'NAME_INVALID'))
    const client = loopback(registry)
    await expect(client.headManifest('app', 'a')).rejects.toMatchObject({ name: 'RegistryError', status: 400 })
    await expect(client.headManifest('app', 'b')).rejects.toMatchObject({ name: 'RegistryError', status: 400 })
    expect(registry.misspoken()).toBe(1)
    expect(registry.requests.map((r) => r.url)).toEqual(['/v2/app/manifests/a', '/v2/app/manifests/b'])
  })

  test('a refused connection is no sign of TLS: no handshake is tried, the error is the request’s', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(404).end())
    await registry.close()
    const client = fakeClient(registry, { plainFirst: true, retry: fastNoRetry })
    const error = (await client.headManifest('app', 'a').catch((e: Error) => e)) as Error
    expect(error.message).toMatch(new RegExp(`^HEAD ${registry.host}/v2/app/manifests/a: .*ECONNREFUSED`))
    expect(client.log.lines.some((l) => l.includes('TLS'))).toBe(false)
  })

  test('a stream body that met a TLS-only registry is left to the caller’s retry, which goes over TLS', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(201).end(), tls)
    const { transport } = loopbackTransport(registry.host)
    const put = () =>
      transport.fetch({
        method: 'PUT',
        url: transport.url('/v2/app/blobs/uploads/u?digest=x'),
        headers: { 'content-type': 'application/octet-stream' },
        body: Readable.from([Buffer.from('layer')]),
      })
    await expect(put()).rejects.toThrow(
      new RetryableError(`PUT ${registry.host}/v2/app/blobs/uploads/u: switching to TLS`),
    )
    expect((await put()).statusCode).toBe(201)
    expect(registry.requests.filter((r) => r.method === 'PUT').map((r) => r.body.toString())).toEqual(['layer'])
  })
})
