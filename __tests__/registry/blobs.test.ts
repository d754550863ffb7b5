/**
 * Blob operations against a fake registry: existence (200/404/403), mounts answered
 * 201/202/401/403/404, monolithic and chunked uploads (413 → chunked), bounded and
 * digest-checked reads, and copying a build between repositories.
 */
import { Readable } from 'node:stream'
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_MANIFEST } from '../../src/oci/types.js'
import { copyEntries } from '../../src/registry/copy.js'
import { ContentDigestError } from '../../src/registry/errors.js'
import { TooLargeError } from '../../src/registry/http.js'
import { closeAll, fakeClient, pathOf, registryError } from '../helpers/fake-server.js'
import { fakeRegistry } from '../helpers/fake-registry.js'

afterEach(closeAll)

const BYTES = Buffer.from('layer bytes, twenty-nine long')
const DIGEST = sha256Digest(BYTES)

describe('existence', () => {
  test.each([
    [200, true],
    [404, false],
    // Artifactory, for a missing blob: unknown, so it is copied.
    [403, false],
  ])('HEAD answered %d: held is %s', async (status, held) => {
    const registry = await fakeRegistry({
      intercept: (_req, res) => (res.writeHead(status).end(), true),
    })
    expect(await fakeClient(registry).blobs.has('app', DIGEST)).toBe(held)
  })
})

describe('mounts', () => {
  test('201: mounted', async () => {
    const registry = await fakeRegistry()
    registry.blobs.set(DIGEST, BYTES)
    expect(await fakeClient(registry).blobs.mount('app', DIGEST, 'base')).toEqual({ mounted: true })
    expect(registry.requests[0].url).toBe(`/v2/app/blobs/uploads/?mount=${encodeURIComponent(DIGEST)}&from=base`)
  })

  test('202 (ECR): the session it opened is used for the upload', async () => {
    const registry = await fakeRegistry()
    const client = fakeClient(registry)
    const mount = await client.blobs.mount('app', DIGEST, 'base')
    expect(mount).toEqual({ mounted: false, session: '/v2/app/blobs/uploads/s1?state=1' })
    await client.blobs.upload('app', DIGEST, BYTES.length, async () => BYTES, mount.mounted ? undefined : mount.session)
    expect(registry.blobs.get(DIGEST)).toEqual(BYTES)
    // No second session was opened.
    expect(registry.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  })

  test.each([401, 403, 404])('%d (Harbor, GitLab): not mounted, upload instead', async (status) => {
    const registry = await fakeRegistry({
      intercept: (req, res) => (req.url.includes('mount=') ? (registryError(res, status, 'DENIED'), true) : false),
    })
    const client = fakeClient(registry)
    expect(await client.blobs.mount('app', DIGEST, 'base')).toEqual({ mounted: false })
    expect(client.log.lines.some((l) => l.includes('mount refused'))).toBe(true)
  })

  test('a mount answered 500 is a failure, not a fallback', async () => {
    const registry = await fakeRegistry({
      intercept: (req, res) => (req.url.includes('mount=') ? (registryError(res, 400, 'UNSUPPORTED'), true) : false),
    })
    await expect(fakeClient(registry).blobs.mount('app', DIGEST, 'base')).rejects.toMatchObject({ status: 400 })
  })
})

describe('uploads', () => {
  test('monolithic: POST a session, PUT the bytes with the digest added to its query', async () => {
    const registry = await fakeRegistry()
    await fakeClient(registry).blobs.upload('app', DIGEST, BYTES.length, async () => BYTES)
    expect(registry.blobs.get(DIGEST)).toEqual(BYTES)
    const put = registry.requests.find((r) => r.method === 'PUT')!
    expect(put.url).toBe(`/v2/app/blobs/uploads/s1?state=1&digest=${encodeURIComponent(DIGEST)}`)
  })

  test('refused whole with 413 (Cloudflare): uploaded in chunks, streamed', async () => {
    const registry = await fakeRegistry({
      intercept: (req, res) =>
        req.method === 'PUT' && req.body.length > 0 ? (void res.writeHead(413).end('too large'), true) : false,
    })
    // The chunk size is above the blob's: it is tried whole first.
    const client = fakeClient(registry, { chunkSize: 32 })
    await client.blobs.upload('app', DIGEST, BYTES.length, async () =>
      Readable.from([BYTES.subarray(0, 5), BYTES.subarray(5)]),
    )
    expect(registry.blobs.get(DIGEST)).toEqual(BYTES)
    const patches = registry.requests.filter((r) => r.method === 'PATCH')
    expect(patches.map((p) => p.headers['content-range'])).toEqual(['0-28'])
    expect(client.log.lines.some((l) => l.includes('refused whole (413): chunked'))).toBe(true)
  })

  test('a blob above the chunk size is chunked from the start', async () => {
    const registry = await fakeRegistry()
    await fakeClient(registry, { chunkSize: 10 }).blobs.upload('app', DIGEST, BYTES.length, async () => BYTES)
    expect(registry.blobs.get(DIGEST)).toEqual(BYTES)
    expect(registry.requests.filter((r) => r.method === 'PATCH')).toHaveLength(3)
  })

  test('a streamed blob above the chunk size is cut into chunks of exactly that size, whatever its pieces', async () => {
    const registry = await fakeRegistry()
    const pieces = [BYTES.subarray(0, 3), BYTES.subarray(3, 25), BYTES.subarray(25)]
    await fakeClient(registry, { chunkSize: 10 }).blobs.upload('app', DIGEST, BYTES.length, async () =>
      Readable.from(pieces),
    )
    expect(registry.blobs.get(DIGEST)).toEqual(BYTES)
    const ranges = registry.requests.filter((r) => r.method === 'PATCH').map((p) => p.headers['content-range'])
    expect(ranges).toEqual(['0-9', '10-19', '20-28'])
  })

  test('an upload answered without a Location is an error naming the repository', async () => {
    const registry = await fakeRegistry({
      intercept: (req, res) => (req.method === 'POST' ? (void res.writeHead(202).end(), true) : false),
    })
    await expect(fakeClient(registry).blobs.upload('app', DIGEST, BYTES.length, async () => BYTES)).rejects.toThrow(
      `${registry.host}/app: upload started without a Location`,
    )
  })

  test('a failed upload starts afresh: a new session, the body opened again', async () => {
    let failed = false
    const registry = await fakeRegistry({
      intercept: (req, res) =>
        req.method === 'PUT' && !failed ? ((failed = true), void res.writeHead(503).end(), true) : false,
    })
    let opened = 0
    await fakeClient(registry).blobs.upload('app', DIGEST, BYTES.length, async () => (opened++, BYTES))
    expect(registry.blobs.get(DIGEST)).toEqual(BYTES)
    expect(opened).toBe(2)
  })
})

describe('reads', () => {
  test('a blob is checked against its digest', async () => {
    const registry = await fakeRegistry()
    registry.blobs.set(DIGEST, Buffer.from('other content'))
    await expect(fakeClient(registry).blobs.get('app', DIGEST)).rejects.toBeInstanceOf(ContentDigestError)
  })

  test('a blob larger than its bound is refused', async () => {
    const registry = await fakeRegistry()
    registry.blobs.set(DIGEST, BYTES)
    await expect(fakeClient(registry).blobs.get('app', DIGEST, 10)).rejects.toBeInstanceOf(TooLargeError)
    expect((await fakeClient(registry).blobs.get('app', DIGEST)).equals(BYTES)).toBe(true)
  })

  test('open streams a blob', async () => {
    const registry = await fakeRegistry()
    registry.blobs.set(DIGEST, BYTES)
    const chunks: Buffer[] = []
    for await (const chunk of await fakeClient(registry).blobs.open('app', DIGEST)) chunks.push(chunk as Buffer)
    expect(Buffer.concat(chunks)).toEqual(BYTES)
  })
})

describe('copying a build between repositories', () => {
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}')
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256Digest(config),
        size: config.length,
      },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: DIGEST, size: BYTES.length }],
    }),
  )
  const entry = { mediaType: OCI_MANIFEST, digest: sha256Digest(manifest), size: manifest.length }

  async function source() {
    const registry = await fakeRegistry()
    registry.blobs.set(DIGEST, BYTES)
    registry.blobs.set(sha256Digest(config), config)
    registry.put('src', entry.digest, { bytes: manifest, mediaType: OCI_MANIFEST })
    return registry
  }

  test('within a registry: blobs mounted, then the manifest by digest; nothing when already there', async () => {
    const registry = await source()
    // The fake keeps blobs registry-wide: `dst` is made to lack them, so they are mounted.
    registry.intercept = (req, res) =>
      req.method === 'HEAD' && pathOf(req).startsWith('/v2/dst/blobs/') ? (void res.writeHead(404).end(), true) : false
    const client = fakeClient(registry)
    expect(await copyEntries({ client, repository: 'src' }, { client, repository: 'dst' }, [entry])).toBe(1)
    expect(registry.manifest('dst', entry.digest)?.bytes).toEqual(manifest)
    expect(registry.requests.filter((r) => r.url.includes('mount='))).toHaveLength(2)
    expect(await copyEntries({ client, repository: 'src' }, { client, repository: 'dst' }, [entry])).toBe(0)
  })

  test('across registries: blobs streamed, a 403 on the manifest HEAD read as "unknown"', async () => {
    const from = await source()
    const to = await fakeRegistry({
      intercept: (req, res) =>
        req.method === 'HEAD' && pathOf(req).includes('/manifests/') ? (void res.writeHead(403).end(), true) : false,
    })
    const copied = await copyEntries(
      { client: fakeClient(from), repository: 'src' },
      { client: fakeClient(to), repository: 'dst' },
      [entry],
    )
    expect(copied).toBe(1)
    expect(to.blobs.get(DIGEST)).toEqual(BYTES)
    expect(to.manifest('dst', entry.digest)?.bytes).toEqual(manifest)
  })

  test('a blob lost by the registry (MANIFEST_BLOB_UNKNOWN) is copied again, once', async () => {
    const registry = await source()
    let refusals = 0
    const to = await fakeRegistry({
      intercept: (req, res) =>
        req.method === 'PUT' && pathOf(req).includes('/manifests/') && refusals++ < 1
          ? (registryError(res, 400, 'MANIFEST_BLOB_UNKNOWN'), true)
          : false,
    })
    await copyEntries(
      { client: fakeClient(registry), repository: 'src' },
      { client: fakeClient(to), repository: 'dst' },
      [entry],
    )
    expect(to.manifest('dst', entry.digest)).toBeDefined()
  })

  test('a nested index, or an entry the source lacks, is refused by name', async () => {
    const registry = await source()
    const client = fakeClient(registry)
    const index = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${'e'.repeat(64)}`, size: 1 }
    await expect(copyEntries({ client, repository: 'src' }, { client, repository: 'dst' }, [index])).rejects.toThrow(
      `nested index ${index.digest} cannot be copied`,
    )
    const missing = { ...entry, digest: `sha256:${'f'.repeat(64)}` }
    await expect(copyEntries({ client, repository: 'src' }, { client, repository: 'dst' }, [missing])).rejects.toThrow(
      `${registry.host}/src@${missing.digest} does not exist`,
    )
  })
})
