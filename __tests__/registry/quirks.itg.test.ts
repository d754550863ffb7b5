/**
 * The registries users really have: a proxy per quirk in front of the real registry
 * (and token server), and each append or client operation succeeds, or fails with a
 * clear, bounded error. Figures are printed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { sha256Digest } from '../../src/oci/digest.js'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type Quirk, type QuirkProxy, type QuirkRequest, startQuirkProxy } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'
import { type TokenServer, startTokenServer } from '../helpers/token-server.js'
import { AttemptTimeoutError } from '../../src/registry/errors.js'
import { InsecureRealmError } from '../../src/registry/auth.js'
import type { PoolOptions } from '../../src/registry/pool.js'

const FAST_RETRY = { attempts: 3, baseDelayMs: 10, maxDelayMs: 50, budgetMs: 10_000 }
const amd64 = { os: 'linux', architecture: 'amd64' }
const errorBody = (code: string) => JSON.stringify({ errors: [{ code, message: 'quirk' }] })
const isMount = (r: QuirkRequest) => r.method === 'POST' && r.url.includes('mount=')

describeWithRegistry('registry quirks, through an append that copies into another repository', () => {
  const fixture = useRegistry()

  /**
   * An append whose tag lives in `dst` while the build was pushed to `src`: a copy within
   * the proxy's registry, or, when the build is named by another host, across registries.
   */
  async function appendThrough(proxy: QuirkProxy, name: string, image: PushedImage, sourceHost = proxy.host) {
    const workdir = await bakeDir({ app: { tags: [`${proxy.host}/${name}-dst:1`], platforms: ['linux/amd64'] } })
    const metadata = metadataFor('app', image, [`${sourceHost}/${name}-src`])
    const run = await runAction({
      mode: 'append',
      workdir,
      targets: 'app',
      metadata,
      settle: '0',
      records: await tempDir(),
    })
    expect({ code: run.code, stdout: run.code === 0 ? '' : run.stdout }).toEqual({ code: 0, stdout: '' })
    expect(await tagPlatforms(fixture.client, `${name}-dst`, '1')).toEqual(['linux/amd64'])
    return run
  }

  async function withProxy(quirk: (req: QuirkRequest) => Quirk, body: (proxy: QuirkProxy) => Promise<void>) {
    const proxy = await startQuirkProxy(fixture.registry.port, quirk)
    try {
      await body(proxy)
    } finally {
      await proxy.stop()
    }
  }

  test.each([401, 403, 404])('a cross-repository mount answered %i falls back to an upload', async (status) => {
    const name = `mount${status}`
    const image = await pushImage(fixture.client, `${name}-src`, amd64, { attest: true })
    await withProxy(
      (r) => (isMount(r) ? { answer: { status, body: errorBody('DENIED') } } : undefined),
      async (proxy) => {
        await appendThrough(proxy, name, image)
        const mounts = proxy.quirked.filter((q) => q.startsWith('POST'))
        console.log(`mount → ${status}: ${mounts.length} mounts refused, each blob uploaded instead, append exit 0`)
        expect(mounts.length).toBe(4) // config + layer of the image and of its attestation
      },
    )
  })

  test('a mount answered 202 (ECR) is used as the upload session: one POST per blob, no DELETE', async () => {
    const image = await pushImage(fixture.client, 'ecr-src', amd64, { attest: true })
    const seen: string[] = []
    await withProxy(
      (r) => {
        seen.push(`${r.method} ${r.url.split('?')[0]}`)
        return isMount(r) ? { rewrite: r.url.split('?')[0] } : undefined // a plain POST: the registry opens a session (202)
      },
      async (proxy) => {
        await appendThrough(proxy, 'ecr', image)
        const posts = seen.filter((s) => s.startsWith('POST /v2/ecr-dst/blobs/uploads/')).length
        const deletes = seen.filter((s) => s.startsWith('DELETE')).length
        console.log(`mount → 202: ${posts} POSTs for 4 blobs, ${deletes} DELETEs`)
        expect({ posts, deletes }).toEqual({ posts: 4, deletes: 0 })
      },
    )
  })

  test('existence checks answered 403 for what is missing (Artifactory) mean "copy it"', async () => {
    const image = await pushImage(fixture.client, 'arti-src', amd64, { attest: true })
    await withProxy(
      (r) =>
        r.method === 'HEAD' && /^\/v2\/arti-dst\/(blobs|manifests)\/sha256:/.test(r.url)
          ? { answer: { status: 403, body: '' } }
          : undefined,
      async (proxy) => {
        await appendThrough(proxy, 'arti', image)
        expect(proxy.quirked.length).toBeGreaterThan(0)
      },
    )
  })

  test('a monolithic upload refused with 413 (Cloudflare) is sent in chunks', async () => {
    const image = await pushImage(fixture.client, 'cf-src', amd64, { attest: true })
    const methods: string[] = []
    await withProxy(
      (r) => {
        if (r.url.includes('/blobs/uploads/')) methods.push(r.method)
        return r.method === 'PUT' && r.url.includes('/blobs/uploads/') && r.body.length > 100
          ? { answer: { status: 413, body: 'request entity too large' } }
          : undefined
      },
      async (proxy) => {
        // Across registries (no mount): the proxy is another host name for the same registry.
        await appendThrough(proxy, 'cf', image, fixture.registry.host)
        console.log(
          `413 on large PUTs: ${proxy.quirked.length} refused, then ${methods.filter((m) => m === 'PATCH').length} PATCH uploads`,
        )
        expect(methods).toContain('PATCH')
      },
    )
  })

  test('a connection reset in the middle of a manifest body is retried', async () => {
    const image = await pushImage(fixture.client, 'reset-src', amd64, { attest: true })
    let resets = 0
    await withProxy(
      (r) =>
        r.method === 'GET' && r.url.includes(`/manifests/${image.descriptor.digest}`) && resets++ === 0
          ? { resetMidBody: true }
          : undefined,
      async (proxy) => {
        await appendThrough(proxy, 'reset', image)
        expect(proxy.quirked).toHaveLength(1)
      },
    )
  })
})

describeWithRegistry('registry quirks, at the fixture.client', () => {
  const fixture = useRegistry()

  test('a body trickled a byte every 200 ms is given up on: every attempt is bounded as a whole', async () => {
    const image = await pushImage(fixture.client, 'slow', amd64, { attest: true })
    const proxy = await startQuirkProxy(fixture.registry.port, (r) =>
      r.method === 'GET' ? { trickleMs: 200 } : undefined,
    )
    const p = testPool({ retry: FAST_RETRY, limits: { requestTimeoutMs: 1500 } })
    try {
      const started = Date.now()
      const error = await (await p.client(proxy.host)).getManifest('slow', image.descriptor.digest).catch((e) => e)
      const seconds = (Date.now() - started) / 1000
      console.log(`trickled body: gave up after ${seconds.toFixed(1)} s: ${error.message}`)
      expect(error.message).toMatch(
        /GET 127\.0\.0\.1:\d+\/v2\/slow\/manifests\/sha256:\w+: no complete answer within 1\.5 s \(the bound on one attempt\) \(gave up after 3 tries/,
      )
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test('a body that falls silent halfway is dropped after the idle bound and read again, well inside the attempt bound', async () => {
    const image = await pushImage(fixture.client, 'silent', amd64, { attest: true })
    let stalled = 0
    const proxy = await startQuirkProxy(fixture.registry.port, (r) =>
      r.method === 'GET' && r.url.includes('/blobs/') && stalled++ < 2 ? { stallMidBody: true } : undefined,
    )
    const p = testPool({ retry: FAST_RETRY, stalls: { connectMs: 5000, idleMs: 300 } })
    try {
      const c = await p.client(proxy.host)
      const manifest = JSON.parse((await c.getManifest('silent', image.image.digest))!.bytes.toString('utf8'))
      const configDigest: string = manifest.config.digest
      const config = await c.blobs.get('silent', configDigest) // the attempt bound: 60 s
      expect(sha256Digest(config)).toBe(configDigest)
      expect(proxy.quirked).toHaveLength(2) // two silent answers, each dropped, then a whole one
      expect((await p.stats()).byMethod.GET).toBe(4) // the manifest, then the blob three times

      stalled = -100 // from now on, every body falls silent
      const error = await c.blobs.get('silent', configDigest).catch((e: Error) => e)
      expect((error as Error).message).toMatch(
        /^GET 127\.0\.0\.1:\d+\/v2\/silent\/blobs\/sha256:\w+: no data for 0\.3 s \(gave up after 3 tries in \d+ ms\)$/,
      )
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test('a body that does not match its Docker-Content-Digest is retried, then refused clearly', async () => {
    const image = await pushImage(fixture.client, 'tamper', amd64, { attest: true })
    await fixture.client.putManifest('tamper', 'v1', {
      bytes: Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [image.image],
        }),
      ),
      mediaType: 'application/vnd.oci.image.index.v1+json',
    })
    let tampered = 0
    const proxy = await startQuirkProxy(fixture.registry.port, (r) =>
      r.method === 'GET' && r.url.endsWith('/manifests/v1') && tampered++ < 1 ? { tamper: true } : undefined,
    )
    const p = testPool({ retry: FAST_RETRY })
    try {
      const c = await p.client(proxy.host)
      expect((await c.getManifest('tamper', 'v1'))?.digest).toBe(
        (await fixture.client.getManifest('tamper', 'v1'))?.digest,
      )
      tampered = -100 // from now on, every answer is altered
      const error = await c.getManifest('tamper', 'v1').catch((e) => e)
      expect(error.message).toMatch(
        /the registry served content with digest sha256:\w+, not sha256:\w+ \(gave up after 3 tries/,
      )
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test('chunked uploads stream: a 100 KB blob in 16 KB chunks, each PATCH no larger', async () => {
    const proxy = await startQuirkProxy(fixture.registry.port, (r) =>
      (r.method === 'PUT' || r.method === 'PATCH') && r.body.length > 16 * 1024
        ? { answer: { status: 413 } }
        : undefined,
    )
    const p = testPool({ limits: { chunkSize: 16 * 1024 } })
    try {
      const bytes = Buffer.alloc(100 * 1024, 7)
      const digest = sha256Digest(bytes)
      const c = await p.client(proxy.host)
      await c.blobs.upload('chunks', digest, bytes.length, async () =>
        Readable.from([bytes.subarray(0, 5000), bytes.subarray(5000)]),
      )
      expect(proxy.quirked).toEqual([])
      expect(sha256Digest(await readAll(await fixture.client.blobs.open('chunks', digest)))).toBe(digest)
    } finally {
      await p.close()
      await proxy.stop()
    }
  })
})

describeWithRegistry('registry quirks, token auth', () => {
  let registry: RegistryServer
  let tokens: TokenServer
  beforeAll(async () => {
    tokens = await startTokenServer({ users: { bob: 'pw', ci: 'refresh-xyz' }, refreshTokens: {} })
    registry = await startRegistry({ kind: 'token', ...tokens })
  })
  afterAll(async () => {
    await registry.stop()
    await tokens.stop()
  })
  const tokenPort = () => Number(new URL(tokens.realm).port)

  async function withConfig(config: object) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-docker-'))
    await writeFile(path.join(dir, 'config.json'), JSON.stringify(config))
    return testPool({ env: { DOCKER_CONFIG: dir }, retry: FAST_RETRY })
  }

  test('a relative realm, offered after a challenge we do not speak (Negotiate, Bearer …)', async () => {
    const proxy = await startQuirkProxy(registry.port, (r) => {
      if (r.url.startsWith('/token')) return { to: tokenPort() }
      return {
        headers: (h) =>
          h['www-authenticate']
            ? { ...h, 'www-authenticate': `Negotiate, Bearer realm="/token",service="${tokens.service}"` }
            : h,
      }
    })
    const p = await withConfig({ auths: { [proxy.host]: { auth: Buffer.from('bob:pw').toString('base64') } } })
    try {
      const before = tokens.requests.length
      const c = await p.client(proxy.host)
      c.willPush('rel')
      await pushImage(c, 'rel', amd64)
      expect(tokens.requests.slice(before)[0]).toMatchObject({ method: 'GET', user: 'bob' })
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test('an identity token whose POST is answered 404 is asked for with GET', async () => {
    const proxy = await startQuirkProxy(registry.port, (r) => {
      if (r.url.startsWith('/token')) return r.method === 'POST' ? { answer: { status: 404 } } : { to: tokenPort() }
      return {
        headers: (h) =>
          h['www-authenticate']
            ? { ...h, 'www-authenticate': `Bearer realm="http://${proxyHost}/token",service="${tokens.service}"` }
            : h,
      }
    })
    const proxyHost = proxy.host
    const p = await withConfig({ auths: { [proxy.host]: { username: 'ci', identitytoken: 'refresh-xyz' } } })
    try {
      const before = tokens.requests.length
      await pushImage(await p.client(proxy.host), 'idget', amd64)
      expect(proxy.quirked).toContain('POST /token')
      expect(tokens.requests.slice(before)[0]).toMatchObject({ method: 'GET', user: 'ci' })
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test('a token server that is down is named, with its realm', async () => {
    const proxy = await startQuirkProxy(registry.port, () => ({
      headers: (h) =>
        h['www-authenticate']
          ? { ...h, 'www-authenticate': `Bearer realm="http://127.0.0.1:9/token",service="${tokens.service}"` }
          : h,
    }))
    const p = await withConfig({})
    try {
      const error = await (await p.client(proxy.host)).getManifest('x', 'v1').catch((e) => e)
      expect(error.message).toMatch(
        /^the token server http:\/\/127\.0\.0\.1:9\/token: .*ECONNREFUSED.*\(gave up after 3 tries/,
      )
    } finally {
      await p.close()
      await proxy.stop()
    }
  })
})

describeWithRegistry('registry quirks, hostile token realms', () => {
  let registry: RegistryServer
  let tokens: TokenServer
  beforeAll(async () => {
    tokens = await startTokenServer({ users: { bob: 'pw' }, refreshTokens: {} })
    registry = await startRegistry({ kind: 'token', ...tokens })
  })
  afterAll(async () => {
    await registry.stop()
    await tokens.stop()
  })

  /** A registry whose challenge names `realm`; its token requests are recorded at the realm's own server. */
  async function challengedBy(realm: (proxyHost: string) => string) {
    const proxy: QuirkProxy = await startQuirkProxy(registry.port, () => ({
      headers: (h) =>
        h['www-authenticate']
          ? { ...h, 'www-authenticate': `Bearer realm="${realm(proxy.host)}",service="${tokens.service}"` }
          : h,
    }))
    return proxy
  }

  async function poolFor(host: string, options: Partial<PoolOptions> = {}) {
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-docker-'))
    const auth = Buffer.from('bob:pw').toString('base64')
    await writeFile(path.join(dir, 'config.json'), JSON.stringify({ auths: { [host]: { auth } } }))
    return testPool({ env: { DOCKER_CONFIG: dir }, retry: FAST_RETRY, ...options })
  }

  test('credentials never go in clear text to a realm on another host: a clear error, no token request', async () => {
    // The registry (loopback: insecure) names a plain-HTTP realm on another host name.
    const realm = `http://localhost:${new URL(tokens.realm).port}/token`
    const proxy = await challengedBy(() => realm)
    const p = await poolFor(proxy.host)
    try {
      const before = tokens.requests.length
      const error = await (await p.client(proxy.host)).getManifest('x', 'v1').catch((e: Error) => e)
      expect(error).toBeInstanceOf(InsecureRealmError)
      expect((error as Error).message).toBe(
        `${proxy.host} sends its token requests to ${realm}, over plain HTTP: credentials are not sent in clear text ` +
          "(only an allowed insecure registry's own host may take them over HTTP; see 'insecure-registries')",
      )
      expect(tokens.requests.length).toBe(before)
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test("a plain-HTTP realm on the insecure registry's own host (another port) is used", async () => {
    const proxy = await challengedBy(() => tokens.realm) // 127.0.0.1, the token server's port
    const p = await poolFor(proxy.host)
    try {
      const before = tokens.requests.length
      await pushImage(await p.client(proxy.host), 'samehost', amd64)
      expect(tokens.requests.slice(before)[0]).toMatchObject({ method: 'GET', user: 'bob' })
    } finally {
      await p.close()
      await proxy.stop()
    }
  })

  test('a token server that trickles its answer is bounded like every request', async () => {
    const trickling = await startQuirkProxy(Number(new URL(tokens.realm).port), () => ({ trickleMs: 200 }))
    const proxy = await challengedBy(() => `http://${trickling.host}/token`)
    const p = await poolFor(proxy.host, { limits: { requestTimeoutMs: 500 } })
    try {
      const error = await (await p.client(proxy.host)).getManifest('x', 'v1').catch((e: Error) => e)
      expect((error as Error).message).toMatch(
        /^the token server http:\/\/127\.0\.0\.1:\d+\/token: no complete answer within 0\.5 s \(the bound on one attempt\) \(gave up after 3 tries/,
      )
      expect((error as Error).cause).toBeInstanceOf(AttemptTimeoutError)
    } finally {
      await p.close()
      await proxy.stop()
      await trickling.stop()
    }
  })
})

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}
