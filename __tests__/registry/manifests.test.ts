/**
 * Manifest reads and writes against fake registries: HEAD/GET/PUT answers, bounded
 * bodies, digests checked, the digest of a PUT taken from our bytes, retries (429 with
 * Retry-After, 5xx, resets mid-body), bounded in count and time, and which failed
 * writes are ambiguous (DESIGN §6).
 */
import { sha256Digest } from '../../src/oci/digest.js'
import { DOCKER_MANIFEST, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { WrittenDigestError } from '../../src/registry/client.js'
import { AttemptTimeoutError, RegistryError } from '../../src/registry/errors.js'
import { TooLargeError } from '../../src/registry/http.js'
import { RetriesSpentError } from '../../src/registry/retry.js'
import { closeAll, fakeClient, fakeServer, instantClock, json, registryError } from '../helpers/fake-server.js'

afterEach(closeAll)

const INDEX = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }))
const DIGEST = sha256Digest(INDEX)

describe('GET and HEAD', () => {
  test('a manifest read by tag: its bytes, their digest, the body’s own media type over the header', async () => {
    const registry = await fakeServer((req, res) => {
      expect(req.headers.accept).toBe(
        [OCI_INDEX, 'application/vnd.docker.distribution.manifest.list.v2+json', OCI_MANIFEST, DOCKER_MANIFEST].join(
          ', ',
        ),
      )
      res.writeHead(200, { 'content-type': DOCKER_MANIFEST, 'docker-content-digest': DIGEST }).end(INDEX)
    })
    expect(await fakeClient(registry).getManifest('app', 'v1')).toEqual({
      bytes: INDEX,
      digest: DIGEST,
      mediaType: OCI_INDEX,
      size: INDEX.length,
    })
  })

  test('a missing tag is undefined, for GET and HEAD', async () => {
    const registry = await fakeServer((_req, res) => registryError(res, 404, 'MANIFEST_UNKNOWN'))
    const client = fakeClient(registry)
    expect(await client.getManifest('app', 'v1')).toBeUndefined()
    expect(await client.headManifest('app', 'v1')).toBeUndefined()
  })

  test('content that is not the digest asked for is retried, then refused', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(200).end('{"other":1}'))
    const error = (await fakeClient(registry)
      .getManifest('app', DIGEST)
      .catch((e: Error) => e)) as Error
    expect(error).toBeInstanceOf(RetriesSpentError)
    expect(error.message).toContain(
      `the registry served content with digest ${sha256Digest(Buffer.from('{"other":1}'))}, not ${DIGEST}`,
    )
    expect(registry.requests).toHaveLength(4)
  })

  test('a tag served with a Docker-Content-Digest of other content is not believed', async () => {
    const lie = `sha256:${'9'.repeat(64)}`
    const registry = await fakeServer(
      (_req, res) => void res.writeHead(200, { 'docker-content-digest': lie }).end(INDEX),
    )
    await expect(fakeClient(registry).getManifest('app', 'v1')).rejects.toThrow(`not ${lie}`)
  })

  test('a declared body over the bound is refused before it is read; an undeclared one once it passes it', async () => {
    const declared = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) })
      res.write('{') // and never more
    })
    const error = await fakeClient(declared)
      .getManifest('app', 'v1')
      .catch((e: Error) => e)
    expect(error).toBeInstanceOf(TooLargeError)
    expect((error as Error).message).toBe(
      `manifest ${declared.host}/app:v1 is larger than 4194304 bytes (Content-Length 5242880)`,
    )
    expect(declared.requests).toHaveLength(1)

    const streamed = await fakeServer((_req, res) => {
      res.writeHead(200) // chunked: no length declared
      res.end(Buffer.alloc(4 * 1024 * 1024 + 1, 32))
    })
    await expect(fakeClient(streamed).getManifest('app', 'v1')).rejects.toThrow(
      `manifest ${streamed.host}/app:v1 is larger than 4194304 bytes`,
    )
  })

  test('HEAD answers the digest, media type and size from the headers, without a GET', async () => {
    const registry = await fakeServer(
      (_req, res) =>
        void res
          .writeHead(200, { 'docker-content-digest': DIGEST, 'content-type': OCI_INDEX, 'content-length': '42' })
          .end(),
    )
    expect(await fakeClient(registry).headManifest('app', 'v1')).toEqual({
      digest: DIGEST,
      mediaType: OCI_INDEX,
      size: 42,
    })
    expect(registry.requests.map((r) => r.method)).toEqual(['HEAD'])
  })

  test('HEAD without a well-formed digest header is asked again with GET (it would go into a path)', async () => {
    const registry = await fakeServer((req, res) => {
      if (req.method === 'HEAD') return void res.writeHead(200, { 'docker-content-digest': '../../x' }).end()
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(INDEX)
    })
    expect(await fakeClient(registry).headManifest('app', 'v1')).toMatchObject({ digest: DIGEST, size: INDEX.length })
    expect(registry.requests.map((r) => r.method)).toEqual(['HEAD', 'GET'])
  })
})

describe('PUT', () => {
  const put = (client: ReturnType<typeof fakeClient>, onAmbiguous?: (at: number) => void) =>
    client.putManifest('app', 'v1', { bytes: INDEX, mediaType: OCI_INDEX }, onAmbiguous)

  test('the digest of a PUT is that of the bytes written, with or without the header', async () => {
    const registry = await fakeServer((req, res) => {
      expect(req.headers['content-type']).toBe(OCI_INDEX)
      expect(req.body.equals(INDEX)).toBe(true)
      res.writeHead(201, req.url.endsWith('v1') ? { 'docker-content-digest': DIGEST } : {}).end()
    })
    const client = fakeClient(registry)
    expect(await put(client)).toBe(DIGEST)
    expect(await client.putManifest('app', 'v2', { bytes: INDEX, mediaType: OCI_INDEX })).toBe(DIGEST)
  })

  test('a Docker-Content-Digest that names other content fails the write, saying so', async () => {
    const lie = `sha256:${'6'.repeat(64)}`
    const registry = await fakeServer((_req, res) => void res.writeHead(201, { 'docker-content-digest': lie }).end())
    const error = await put(fakeClient(registry)).catch((e: Error) => e)
    expect(error).toBeInstanceOf(WrittenDigestError)
    expect(error).toMatchObject({ written: DIGEST, answered: lie })
    expect((error as Error).message).toBe(
      `PUT ${registry.host}/app:v1: the registry answered that it stored ${lie}, but the manifest written is ${DIGEST}: ` +
        'the write is not taken as done (a registry or proxy that stores other content than it is sent)',
    )
  })

  test('a refusal fails at once with the registry’s own code and message', async () => {
    const registry = await fakeServer((_req, res) => registryError(res, 400, 'MANIFEST_INVALID', 'manifest invalid'))
    const error = await put(fakeClient(registry)).catch((e: Error) => e)
    expect(error).toBeInstanceOf(RegistryError)
    expect((error as RegistryError).hasCode('MANIFEST_INVALID')).toBe(true)
    expect((error as Error).message).toBe(
      `PUT ${registry.host}/v2/app/manifests/v1: MANIFEST_INVALID: manifest invalid`,
    )
    expect(registry.requests).toHaveLength(1)
  })

  /** A registry that fails the first PUT as `fail` says, then stores it. */
  async function failingOnce(
    fail: (res: import('node:http').ServerResponse, raw: import('node:http').IncomingMessage) => void,
  ) {
    let tries = 0
    return fakeServer((_req, res, raw) => {
      if (++tries === 1) return fail(res, raw)
      res.writeHead(201, { 'docker-content-digest': DIGEST }).end()
    })
  }

  test.each([500, 502, 503, 504])(
    'a PUT answered %d is ambiguous: it may land later; it is retried',
    async (status) => {
      const registry = await failingOnce((res) => registryError(res, status, 'UNKNOWN'))
      const clock = instantClock(5_000)
      const heard: number[] = []
      expect(await put(fakeClient(registry, { clock }), (at) => heard.push(at))).toBe(DIGEST)
      expect(heard).toEqual([5_000])
      expect(registry.requests).toHaveLength(2)
    },
  )

  test.each([429, 400, 403])('a PUT answered %d is a refusal, not ambiguous', async (status) => {
    const registry = await failingOnce((res) => registryError(res, status, 'DENIED'))
    const heard: number[] = []
    await put(fakeClient(registry), (at) => heard.push(at)).catch(() => undefined)
    expect(heard).toEqual([])
  })

  test.each([501, 505])('a PUT answered %d (not implemented) is a refusal, not retried', async (status) => {
    const registry = await failingOnce((res) => registryError(res, status, 'UNSUPPORTED'))
    const heard: number[] = []
    await expect(put(fakeClient(registry), (at) => heard.push(at))).rejects.toMatchObject({ status })
    expect(heard).toEqual([])
    expect(registry.requests).toHaveLength(1)
  })

  test('a connection lost after the request was sent is ambiguous', async () => {
    const registry = await failingOnce((_res, raw) => raw.socket.destroy())
    const heard: number[] = []
    expect(await put(fakeClient(registry), (at) => heard.push(at))).toBe(DIGEST)
    expect(heard).toHaveLength(1)
  })

  test('an attempt past its bound is abandoned, ambiguous, and retried', async () => {
    const registry = await failingOnce(() => undefined) // the first PUT is never answered
    const heard: number[] = []
    const client = fakeClient(registry, { requestTimeoutMs: 150 })
    expect(await put(client, (at) => heard.push(at))).toBe(DIGEST)
    expect(heard).toHaveLength(1)
  })

  test('a PUT whose attempts all time out says so, with the bound, and gives up', async () => {
    const registry = await fakeServer(() => undefined)
    const client = fakeClient(registry, {
      requestTimeoutMs: 100,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 60_000 },
    })
    const error = (await put(client).catch((e: Error) => e)) as Error
    expect(error.message).toMatch(
      new RegExp(
        `^PUT ${registry.host}/v2/app/manifests/v1: no complete answer within 0.1 s \\(the bound on one attempt\\) \\(gave up after 2 tries`,
      ),
    )
    expect(error.cause).toBeInstanceOf(AttemptTimeoutError)
  })
})

describe('retries', () => {
  test('429 with Retry-After waits as long as the registry asks', async () => {
    let tries = 0
    const registry = await fakeServer((_req, res) => {
      if (++tries === 1) return void res.writeHead(429, { 'retry-after': '7' }).end()
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(INDEX)
    })
    const clock = instantClock()
    expect(await fakeClient(registry, { clock }).getManifest('app', 'v1')).toMatchObject({ digest: DIGEST })
    expect(clock.sleeps).toEqual([7_000])
  })

  test('a Retry-After past the time budget gives up at once, with the registry’s answer as cause', async () => {
    const registry = await fakeServer((_req, res) => void res.writeHead(503, { 'retry-after': '3600' }).end('busy'))
    const error = (await fakeClient(registry)
      .getManifest('app', 'v1')
      .catch((e: Error) => e)) as Error
    expect(error).toBeInstanceOf(RetriesSpentError)
    expect(error.cause).toMatchObject({ status: 503, retryAfterMs: 3_600_000 })
    expect(registry.requests).toHaveLength(1)
  })

  test.each([500, 502, 503, 504])('%d is retried with backoff, bounded in tries', async (status) => {
    const registry = await fakeServer((_req, res) => registryError(res, status, 'UNAVAILABLE', 'try later'))
    const clock = instantClock()
    const error = (await fakeClient(registry, { clock })
      .getManifest('app', 'v1')
      .catch((e: Error) => e)) as Error
    expect(registry.requests).toHaveLength(4)
    // Full jitter (random 0.5 here) of 100, 200, 400 ms.
    expect(clock.sleeps).toEqual([50, 100, 200])
    expect(error.message).toBe(
      `GET ${registry.host}/v2/app/manifests/v1: UNAVAILABLE: try later (gave up after 4 tries in 350 ms)`,
    )
  })

  test('a connection reset mid-body is retried like one before the headers', async () => {
    let tries = 0
    const registry = await fakeServer((_req, res, raw) => {
      if (++tries === 1) {
        res.writeHead(200, { 'content-length': String(INDEX.length) })
        res.write(INDEX.subarray(0, 10))
        return void setTimeout(() => raw.socket.destroy(), 10)
      }
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(INDEX)
    })
    expect(await fakeClient(registry).getManifest('app', 'v1')).toMatchObject({ digest: DIGEST })
    expect(registry.requests).toHaveLength(2)
  })

  test('a body that stalls mid-way fails its attempt at the stall bound, and is retried', async () => {
    let tries = 0
    const registry = await fakeServer((_req, res) => {
      if (++tries === 1) {
        res.writeHead(200, { 'content-length': String(INDEX.length) })
        return void res.write(INDEX.subarray(0, 10)) // and nothing more
      }
      res.writeHead(200, { 'content-type': OCI_INDEX }).end(INDEX)
    })
    // The attempt's own bound is far: only the stall bound ends the first attempt (else the test hangs).
    const client = fakeClient(registry, { requestTimeoutMs: 600_000 }, { connectMs: 5_000, idleMs: 100 })
    expect(await client.getManifest('app', 'v1')).toMatchObject({ digest: DIGEST })
    expect(registry.requests).toHaveLength(2)
  }, 20_000)

  test('an error body is read within a bound, and an unreadable one is no message', async () => {
    const registry = await fakeServer((_req, res) => {
      res.writeHead(400, { 'content-length': String(10 * 1024 * 1024) })
      res.write('{')
    })
    await expect(fakeClient(registry).getManifest('app', 'v1')).rejects.toThrow(
      `GET ${registry.host}/v2/app/manifests/v1: HTTP 400`,
    )
  })

  test('a text error body (a proxy’s HTML) is quoted, cut short', async () => {
    const registry = await fakeServer(
      (_req, res) => void res.writeHead(403).end(`<h1>Forbidden</h1>${'x'.repeat(500)}`),
    )
    const error = (await fakeClient(registry)
      .getManifest('app', 'v1')
      .catch((e: Error) => e)) as Error
    expect(error.message).toBe(`GET ${registry.host}/v2/app/manifests/v1: <h1>Forbidden</h1>${'x'.repeat(182)}`)
  })
})

describe('referrers', () => {
  const SUBJECT = `sha256:${'c'.repeat(64)}`
  const page = (n: number) => ({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ n }] })

  test('pages are followed by their Link, on the same registry only, and bounded', async () => {
    const registry = await fakeServer((req, res) => {
      const n = Number(new URL(req.url, 'http://x').searchParams.get('n') ?? 0)
      const next = n < 2 ? `</v2/app/referrers/${SUBJECT}?n=${n + 1}>; rel="next"` : 'ignored'
      json(res, 200, page(n), { 'content-type': OCI_INDEX, link: next })
    })
    const pages = await fakeClient(registry).referrers('app', SUBJECT)
    expect(pages?.map((p) => JSON.parse(p.toString()).manifests[0].n)).toEqual([0, 1, 2])
    expect(registry.requests[0].headers.accept).toBe(OCI_INDEX)
  })

  test('a Link to another origin or another repository is not followed', async () => {
    const other = await fakeServer((_req, res) => json(res, 200, page(9), { 'content-type': OCI_INDEX }))
    let n = 0
    const registry = await fakeServer((_req, res) => {
      const link = ++n === 1 ? `<${other.origin}/v2/app/referrers/${SUBJECT}>; rel="next"` : ''
      json(res, 200, page(n), { 'content-type': OCI_INDEX, link })
    })
    expect(await fakeClient(registry).referrers('app', SUBJECT)).toHaveLength(1)
    expect(other.requests).toHaveLength(0)
    const sideways = await fakeServer((_req, res) =>
      json(res, 200, page(0), { 'content-type': OCI_INDEX, link: `</v2/secret/manifests/x>; rel="next"` }),
    )
    expect(await fakeClient(sideways).referrers('app', SUBJECT)).toHaveLength(1)
    expect(sideways.requests).toHaveLength(1)
  })

  test('a Link loop is cut after 16 pages', async () => {
    const registry = await fakeServer((req, res) =>
      json(res, 200, page(0), { 'content-type': OCI_INDEX, link: `<${req.url}>; rel="next"` }),
    )
    expect(await fakeClient(registry).referrers('app', SUBJECT)).toHaveLength(16)
  })

  test.each([400, 404, 405])('%d: the registry has no referrers API', async (status) => {
    const registry = await fakeServer((_req, res) => registryError(res, status, 'NOT_FOUND'))
    expect(await fakeClient(registry).referrers('app', SUBJECT)).toBeUndefined()
  })
})
