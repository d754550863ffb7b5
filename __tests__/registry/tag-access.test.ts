/**
 * A tag as the convergence loop reads and writes it (convergence/tag-access.ts),
 * against a fake registry: HEAD first and one GET per digest, 404-after-HEAD never read
 * as an absent tag, an artifact's index refused, and a 500 on the tag PUT noted on the
 * job's orphan horizon (an ambiguous write). Kept beside the registry client's tests:
 * these are its answers, as the loop meets them.
 */
import { ArtifactIndexError, VanishedVersionError, registryTag } from '../../src/convergence/tag-access.js'
import { OrphanHorizon } from '../../src/convergence/orphan-horizon.js'
import { sha256Digest } from '../../src/oci/digest.js'
import { type ImageIndex, OCI_INDEX } from '../../src/oci/types.js'
import { closeAll, fakeClient, instantClock, pathOf, registryError } from '../helpers/fake-server.js'
import { type FakeRegistryOptions, fakeRegistry } from '../helpers/fake-registry.js'

afterEach(closeAll)

const index: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }
const BYTES = Buffer.from(JSON.stringify(index))
const DIGEST = sha256Digest(BYTES)

async function setup(intercept?: FakeRegistryOptions['intercept']) {
  const registry = await fakeRegistry({ intercept })
  const clock = instantClock(10_000)
  const client = fakeClient(registry, { clock })
  const horizon = new OrphanHorizon(30_000, clock)
  const seen = new Map()
  const tag = (name: string) => registryTag({ client, repository: 'app', tag: name, horizon, clock, seen })
  return { registry, tag, horizon }
}

test('a tag is read by HEAD, and each digest GET once for every tag that holds it', async () => {
  const { registry, tag } = await setup()
  registry.put('app', 'a', { bytes: BYTES, mediaType: OCI_INDEX })
  registry.put('app', 'b', { bytes: BYTES, mediaType: OCI_INDEX })
  expect(await tag('a').read()).toEqual({ index, digest: DIGEST })
  expect(await tag('b').read()).toEqual({ index, digest: DIGEST })
  expect(registry.requests.map((r) => `${r.method} ${pathOf(r)}`)).toEqual([
    'HEAD /v2/app/manifests/a',
    `GET /v2/app/manifests/${DIGEST}`,
    'HEAD /v2/app/manifests/b',
  ])
  expect(await tag('missing').read()).toEqual({})
})

test('a digest HEAD names and GET does not find is read again, then fails: never an absent tag', async () => {
  const { registry, tag } = await setup((req, res) =>
    req.method === 'GET' ? (registryError(res, 404, 'MANIFEST_UNKNOWN'), true) : false,
  )
  registry.put('app', 'a', { bytes: BYTES, mediaType: OCI_INDEX })
  const error = await tag('a')
    .read()
    .catch((e: Error) => e)
  expect(error).toBeInstanceOf(VanishedVersionError)
  expect((error as Error).message).toBe(
    `${registry.host}/app:a: HEAD names ${DIGEST}, which GET by digest does not find (3 reads): not read as an absent tag, nothing written`,
  )
  expect(registry.requests.filter((r) => r.method === 'HEAD')).toHaveLength(3)
})

test('an artifact’s index (a subject) is not an image tag: refused', async () => {
  const { registry, tag } = await setup()
  const artifact = Buffer.from(JSON.stringify({ ...index, subject: { digest: DIGEST } }))
  registry.put('app', 'a', { bytes: artifact, mediaType: OCI_INDEX })
  await expect(tag('a').read()).rejects.toBeInstanceOf(ArtifactIndexError)
})

test('a tag PUT answered 500 is ambiguous: noted on the horizon, retried, and its digest is our bytes', async () => {
  let failed = false
  const { registry, tag, horizon } = await setup((req, res) =>
    req.method === 'PUT' && !failed ? ((failed = true), registryError(res, 500, 'UNKNOWN'), true) : false,
  )
  const written = await tag('a').write(index, BYTES)
  expect(written).toEqual({ digest: DIGEST, inFlightUntil: 40_000 })
  expect(horizon.until).toBe(40_000)
  expect(registry.manifest('app', 'a')?.bytes).toEqual(BYTES)
})

test('a tag PUT answered 400 is a refusal: nothing is in flight', async () => {
  const { tag, horizon } = await setup((req, res) =>
    req.method === 'PUT' ? (registryError(res, 400, 'MANIFEST_INVALID'), true) : false,
  )
  await expect(tag('a').write(index, BYTES)).rejects.toMatchObject({ status: 400 })
  expect(horizon.until).toBeUndefined()
})
