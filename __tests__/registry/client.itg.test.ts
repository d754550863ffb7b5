import { chmod, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { type AddressInfo, type Socket, connect, createServer } from 'node:net'
import { RegistryClient, RegistryError } from '../../src/registry/client.js'
import { Connections } from '../../src/registry/connections.js'
import { asksPlainFirst, isInsecureRegistry } from '../../src/registry/pool.js'
import { DEFAULT_RETRY } from '../../src/registry/retry.js'
import { OCI_INDEX } from '../../src/oci/types.js'
import { selfSignedCertificate } from '../helpers/certificates.js'
import { pushImage } from '../helpers/images.js'
import { recordingLogger } from '../helpers/logger.js'
import { testPool } from '../helpers/pool.js'
import { startFaultProxy, startForwardProxy, seededFaults } from '../helpers/proxies.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'
import { type TokenServer, startTokenServer } from '../helpers/token-server.js'

const FAST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 50, budgetMs: 10_000 }
const amd64 = { os: 'linux', architecture: 'amd64' }

async function dockerConfig(config: object): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-docker-'))
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config))
  return dir
}

function pool(env: Record<string, string | undefined> = {}, log = recordingLogger(), retry = FAST_RETRY) {
  return testPool({ env, log, retry })
}

test('insecure (unchecked TLS, else plain HTTP): loopback and allowed hosts only', () => {
  expect(isInsecureRegistry('127.0.0.1:5000', [])).toBe(true)
  expect(isInsecureRegistry('localhost', [])).toBe(true)
  expect(isInsecureRegistry('[::1]:5000', [])).toBe(true)
  expect(isInsecureRegistry('ghcr.io', [])).toBe(false)
  expect(isInsecureRegistry('reg.lan:5000', ['reg.lan'])).toBe(true)
  expect(isInsecureRegistry('reg.lan:5000', ['reg.lan:5001'])).toBe(false)
})

/** A proxy in front of a registry counting the connections that open with a TLS record (0x16), and the others. */
async function protocolCounter(upstreamPort: number) {
  let handshakes = 0
  let plain = 0
  const sockets = new Set<Socket>()
  const counter = createServer((socket) => {
    sockets.add(socket)
    socket.once('data', (first: Buffer) => {
      if (first[0] === 0x16) handshakes++
      else plain++
      const upstream = connect(upstreamPort, '127.0.0.1', () => {
        upstream.write(first)
        socket.pipe(upstream).pipe(socket)
      })
      sockets.add(upstream)
      upstream.on('error', () => socket.destroy())
    })
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => counter.listen(0, '127.0.0.1', resolve))
  return {
    host: `127.0.0.1:${(counter.address() as AddressInfo).port}`,
    handshakes: () => handshakes,
    plain: () => plain,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => counter.close(resolve))
    },
  }
}

describeWithRegistry('registry client, anonymous registry', () => {
  let registry: RegistryServer
  beforeAll(async () => (registry = await startRegistry()))
  afterAll(() => registry.stop())

  const eightHeads = (client: RegistryClient) =>
    Promise.all(Array.from({ length: 8 }, (_, i) => client.headManifest('app', `absent-${i}`)))

  test('a loopback registry is asked in plain HTTP, as buildx asks it: no TLS handshake at all', async () => {
    const counter = await protocolCounter(registry.port)
    try {
      const p = pool()
      const heads = await eightHeads(await p.client(counter.host))
      expect({ heads, handshakes: counter.handshakes() }).toEqual({ heads: Array(8).fill(undefined), handshakes: 0 })
      await p.close()
    } finally {
      await counter.close()
    }
  })

  test('a listed insecure registry meets one TLS handshake per client (docker’s rule), however many requests start at once', async () => {
    // Loopback stands in for a listed host on a network: the client is built as the pool builds one for it.
    const counter = await protocolCounter(registry.port)
    const connections = new Connections({})
    try {
      const client = new RegistryClient({
        registry: counter.host,
        insecure: isInsecureRegistry('reg.lan:5000', ['reg.lan']),
        plainFirst: asksPlainFirst('reg.lan:5000', {}),
        connections,
        retry: FAST_RETRY,
        log: recordingLogger(),
      })
      const heads = await eightHeads(client)
      expect({ heads, handshakes: counter.handshakes() }).toEqual({ heads: Array(8).fill(undefined), handshakes: 1 })
    } finally {
      await connections.destroy()
      await counter.close()
    }
  })

  test('pushes an attested image and reads every part back', async () => {
    const p = pool()
    const client = await p.client(registry.host)
    const pushed = await pushImage(client, 'app', amd64, { attest: true })
    const index = await client.getManifest('app', pushed.descriptor.digest)
    expect(index).toMatchObject({
      digest: pushed.descriptor.digest,
      mediaType: OCI_INDEX,
      size: pushed.descriptor.size,
    })
    expect(JSON.parse(index!.bytes.toString()).manifests).toEqual([pushed.image, pushed.attestation])
    const image = await client.getManifest('app', pushed.image.digest)
    const config = JSON.parse(
      (await client.blobs.get('app', JSON.parse(image!.bytes.toString()).config.digest)).toString(),
    )
    expect(config).toMatchObject({ os: 'linux', architecture: 'amd64' })
    await p.close()
  })

  test('a tag: missing is undefined; written, it reads back by tag and HEAD', async () => {
    const p = pool()
    const client = await p.client(registry.host)
    expect(await client.getManifest('app', 'nope')).toBeUndefined()
    expect(await client.headManifest('app', 'nope')).toBeUndefined()
    const pushed = await pushImage(client, 'app', amd64, { attest: true })
    const { bytes } = (await client.getManifest('app', pushed.descriptor.digest))!
    expect(await client.putManifest('app', 'v1', { bytes, mediaType: OCI_INDEX })).toBe(pushed.descriptor.digest)
    expect((await client.getManifest('app', 'v1'))?.digest).toBe(pushed.descriptor.digest)
    expect(await client.headManifest('app', 'v1')).toMatchObject({
      digest: pushed.descriptor.digest,
      mediaType: OCI_INDEX,
    })
    await p.close()
  })

  test('request counts: no /v2/ ping, one request per get (a registry without auth never asks)', async () => {
    const p = pool()
    const client = await p.client(registry.host)
    await client.getManifest('app', 'nope')
    expect(client.stats).toEqual({ byMethod: { GET: 1 }, tokens: 0 })
    await client.getManifest('app', 'nope2')
    expect(client.stats).toEqual({ byMethod: { GET: 2 }, tokens: 0 })
    await p.close()
  })

  test('blobs mount across repositories of one registry', async () => {
    const p = pool()
    const client = await p.client(registry.host)
    const pushed = await pushImage(client, 'src', amd64)
    const manifest = JSON.parse((await client.getManifest('src', pushed.image.digest))!.bytes.toString())
    expect(await client.blobs.has('dst', manifest.config.digest)).toBe(false)
    expect(await client.blobs.mount('dst', manifest.config.digest, 'src')).toEqual({ mounted: true })
    expect(await client.blobs.has('dst', manifest.config.digest)).toBe(true)
    await p.close()
  })

  test("the registry's own error is reported, not retried", async () => {
    const p = pool()
    const client = await p.client(registry.host)
    const child = {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: 'sha256:' + '0'.repeat(64),
      size: 10,
    }
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [child] }))
    const error = await client.putManifest('app', 'broken', { bytes, mediaType: OCI_INDEX }).catch((e) => e)
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toMatch(
      /^PUT 127\.0\.0\.1:\d+\/v2\/app\/manifests\/broken: MANIFEST_BLOB_UNKNOWN: blob unknown to registry/,
    )
    expect(client.stats.byMethod.PUT).toBe(1)
    await p.close()
  })
})

describeWithRegistry('registry client, htpasswd Basic auth', () => {
  let registry: RegistryServer
  const password = 's3cret-basic-pw'
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-htpasswd-'))
    const file = path.join(dir, 'htpasswd')
    await writeFile(file, execFileSync('htpasswd', ['-Bbn', 'alice', password]))
    registry = await startRegistry({ kind: 'htpasswd', file })
  })
  afterAll(() => registry.stop())

  test.each([
    [
      'auth (base64)',
      (host: string) => ({ auths: { [host]: { auth: Buffer.from(`alice:${password}`).toString('base64') } } }),
    ],
    ['username/password', (host: string) => ({ auths: { [`http://${host}/v2/`]: { username: 'alice', password } } })],
  ])('credentials from the docker config %s', async (_name, config) => {
    const log = recordingLogger()
    const p = pool({ DOCKER_CONFIG: await dockerConfig(config(registry.host)) }, log)
    const client = await p.client(registry.host)
    const pushed = await pushImage(client, 'basic', amd64)
    expect((await client.getManifest('basic', pushed.image.digest))?.digest).toBe(pushed.image.digest)
    expect(log.secrets).toContain(password)
    expect(client.stats.tokens).toBe(0)
    await p.close()
  })

  test('a wrong password fails clearly and says nothing of the password', async () => {
    const wrong = 'wrong-pw-123'
    const p = pool({
      DOCKER_CONFIG: await dockerConfig({ auths: { [registry.host]: { username: 'alice', password: wrong } } }),
    })
    const client = await p.client(registry.host)
    const error = await client.getManifest('basic', 'v1').catch((e) => e)
    expect(error).toBeInstanceOf(RegistryError)
    expect(error.message).toMatch(/GET 127\.0\.0\.1:\d+\/v2\/basic\/manifests\/v1: UNAUTHORIZED/)
    expect(error.message).not.toContain(wrong)
    await p.close()
  })

  test('no credentials: unauthorized', async () => {
    const p = pool({ DOCKER_CONFIG: await dockerConfig({}) })
    await expect((await p.client(registry.host)).getManifest('basic', 'v1')).rejects.toThrow(/UNAUTHORIZED/)
    await p.close()
  })
})

describeWithRegistry('registry client, token auth', () => {
  let registry: RegistryServer
  let tokens: TokenServer
  const password = 'token-flow-pw'
  const refreshToken = 'refresh-token-abc123'
  beforeAll(async () => {
    tokens = await startTokenServer({ users: { bob: password }, refreshTokens: { [refreshToken]: 'bob' } })
    registry = await startRegistry({ kind: 'token', ...tokens })
  })
  afterAll(async () => {
    await registry.stop()
    await tokens.stop()
  })

  test('a credential helper on PATH; one token per repository scope, reused', async () => {
    const bin = await mkdtemp(path.join(tmpdir(), 'bake-fanout-helper-'))
    const helper = path.join(bin, 'docker-credential-testhelper')
    await writeFile(
      helper,
      `#!${process.execPath}\nlet host='';process.stdin.on('data',d=>host+=d).on('end',()=>{` +
        `if(host.trim()!==${JSON.stringify(registry.host)}){console.log('credentials not found in native keychain');process.exit(1)}` +
        `console.log(JSON.stringify({ServerURL:host,Username:'bob',Secret:${JSON.stringify(password)}}))})\n`,
    )
    await chmod(helper, 0o755)
    const savedPath = process.env.PATH
    process.env.PATH = `${bin}:${savedPath}`
    try {
      const log = recordingLogger()
      const p = pool({ DOCKER_CONFIG: await dockerConfig({ credHelpers: { [registry.host]: 'testhelper' } }) }, log)
      const client = await p.client(registry.host)
      client.willPush('tok')
      const before = tokens.requests.length
      const pushed = await pushImage(client, 'tok', amd64, { attest: true })
      await client.getManifest('tok', pushed.descriptor.digest)
      const fetched = tokens.requests.slice(before)
      expect(fetched).toEqual([
        { method: 'GET', scopes: ['repository:tok:pull,push'], user: 'bob', grantType: undefined },
      ])
      expect(client.stats.tokens).toBe(1)
      expect(log.secrets).toEqual(expect.arrayContaining([password, ...tokens.issued.slice(-1)]))
      await p.close()
    } finally {
      process.env.PATH = savedPath
    }
  })

  test('an identity token is exchanged with the OAuth2 refresh-token grant', async () => {
    const p = pool({
      DOCKER_CONFIG: await dockerConfig({ auths: { [registry.host]: { identitytoken: refreshToken } } }),
    })
    const client = await p.client(registry.host)
    await pushImage(client, 'idtok', amd64)
    expect(tokens.requests.at(-1)).toMatchObject({ method: 'POST', grantType: 'refresh_token', user: 'bob' })
    await p.close()
  })

  test('anonymous: the token grants nothing and the registry refuses clearly', async () => {
    const p = pool({ DOCKER_CONFIG: await dockerConfig({}) })
    await expect((await p.client(registry.host)).getManifest('tok', 'v1')).rejects.toThrow(
      /UNAUTHORIZED: authentication required/,
    )
    await p.close()
  })

  test('a missing credential helper is a clear error naming it', async () => {
    const p = pool({ DOCKER_CONFIG: await dockerConfig({ credsStore: 'nosuchstore' }) })
    await expect(p.client(registry.host)).rejects.toThrow(
      /credential helper 'docker-credential-nosuchstore' for 127\.0\.0\.1:\d+ could not be run/,
    )
    await p.close()
  })
})

describeWithRegistry('registry client, a TLS registry with a self-signed certificate', () => {
  let registry: RegistryServer
  beforeAll(async () => (registry = await startRegistry(undefined, await selfSignedCertificate('127.0.0.1'))))
  afterAll(() => registry.stop())

  test('a loopback registry that serves TLS only: its 400 to plain HTTP leads to one handshake, then TLS without certificate checks', async () => {
    // docker-registry (Go) answers plain HTTP so on a TLS port.
    const plain = await fetch(`http://${registry.host}/v2/`)
    expect([plain.status, await plain.text()]).toEqual([400, 'Client sent an HTTP request to an HTTPS server.\n'])
    const counter = await protocolCounter(registry.port)
    const log = recordingLogger()
    const p = pool({}, log)
    try {
      const client = await p.client(counter.host)
      const pushed = await pushImage(client, 'tls', amd64, { attest: true })
      const plainTries = counter.plain()
      expect(plainTries).toBeGreaterThanOrEqual(1) // the first requests, at once, before the handshake decided
      expect((await client.getManifest('tls', pushed.descriptor.digest))?.digest).toBe(pushed.descriptor.digest)
      expect(counter.plain()).toBe(plainTries) // TLS from then on
      expect(log.lines.filter((l) => l.includes('answers plain HTTP as a TLS server does'))).toHaveLength(1)
    } finally {
      await p.close()
      await counter.close()
    }
  })

  test('through HTTPS_PROXY, the tunnelled TLS keeps the certificate policy of the registry', async () => {
    const proxy = await startForwardProxy()
    const insecure = pool({ HTTPS_PROXY: proxy.url })
    const client = await insecure.client(registry.host)
    const pushed = await pushImage(client, 'tunnelled', amd64)
    expect((await client.getManifest('tunnelled', pushed.image.digest))?.digest).toBe(pushed.image.digest)
    expect(new Set(proxy.seen)).toEqual(new Set([registry.host])) // CONNECT tunnels only: TLS end to end
    await insecure.close()

    const connections = new Connections({ HTTPS_PROXY: proxy.url })
    const checked = new RegistryClient({
      registry: registry.host,
      insecure: false,
      connections,
      retry: FAST_RETRY,
      log: recordingLogger(),
    })
    await expect(checked.getManifest('tunnelled', pushed.image.digest)).rejects.toThrow(/self-signed certificate/)
    await connections.destroy()
    await proxy.stop()
  })

  test('a registry not allowed to be insecure has its certificate checked', async () => {
    const connections = new Connections({})
    const client = new RegistryClient({
      registry: registry.host,
      insecure: false,
      connections,
      retry: FAST_RETRY,
      log: recordingLogger(),
    })
    const error = await client.getManifest('tls', 'v1').catch((e: Error) => e)
    // Node's own words vary by version (24 adds a --use-system-ca hint); the kind and our hint do not.
    expect((error as Error & { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect((error as Error).message).toMatch(
      new RegExp(`^GET ${registry.host}/v2/tls/manifests/v1: self-signed certificate`),
    )
    expect((error as Error).message).toMatch(
      / \(a private CA: point NODE_EXTRA_CA_CERTS at its certificate; or list the registry in 'insecure-registries' to skip the check\)$/,
    )
    expect(client.stats.byMethod).toEqual({ GET: 1 }) // not retried
    await connections.destroy()
  })
})

describeWithRegistry('registry client through proxies', () => {
  let registry: RegistryServer
  beforeAll(async () => (registry = await startRegistry()))
  afterAll(() => registry.stop())

  test('HTTP_PROXY carries every request; NO_PROXY bypasses it', async () => {
    const proxy = await startForwardProxy()
    const viaProxy = pool({ HTTP_PROXY: proxy.url })
    const client = await viaProxy.client(registry.host)
    const pushed = await pushImage(client, 'proxied', amd64)
    // Both schemes tunnel through CONNECT, one tunnel per kept-alive connection: the push and the
    // read worked through the proxy, which saw the registry as its one destination.
    expect((await client.getManifest('proxied', pushed.image.digest))?.digest).toBe(pushed.image.digest)
    expect(proxy.seen.length).toBeGreaterThanOrEqual(1)
    expect(new Set(proxy.seen)).toEqual(new Set([registry.host]))
    await viaProxy.close()

    const seenBefore = proxy.seen.length
    const bypass = pool({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' })
    await pushImage(await bypass.client(registry.host), 'proxied', amd64)
    expect(proxy.seen.length).toBe(seenBefore)
    await bypass.close()
    await proxy.stop()
  })

  test('503, 429 and resets are retried within the budget', async () => {
    const faults = await startFaultProxy(registry.port, seededFaults(0.3, 7))
    const p = pool()
    const client = await p.client(faults.host)
    for (let i = 0; i < 4; i++) {
      const pushed = await pushImage(client, 'flaky', amd64, { attest: true })
      expect((await client.getManifest('flaky', pushed.descriptor.digest))?.digest).toBe(pushed.descriptor.digest)
    }
    const injected = faults.injected['503'] + faults.injected['429'] + faults.injected.reset
    expect(injected).toBeGreaterThan(5)
    expect(faults.injected.reset).toBeGreaterThan(0)
    await p.close()
    await faults.stop()
  })

  test('past the retry budget the failure is clear', async () => {
    const faults = await startFaultProxy(registry.port, () => '503')
    const p = pool({}, recordingLogger(), { ...DEFAULT_RETRY, attempts: 3, baseDelayMs: 1 })
    const error = await (await p.client(faults.host)).getManifest('flaky', 'v1').catch((e) => e)
    expect(error.message).toMatch(
      /GET 127\.0\.0\.1:\d+\/v2\/flaky\/manifests\/v1: UNAVAILABLE: injected \(gave up after 3 tries in \d+ ms\)/,
    )
    await p.close()
    await faults.stop()
  })
})
