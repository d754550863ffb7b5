/**
 * GHCR without litter, shown against a fake GitHub Packages API in front of the real
 * docker-registry (every manifest PUT makes a version, a tag lives on one version, a
 * DELETE removes the manifest): non-deferred appends leave intermediate versions, and
 * verify's `cleanup` deletes exactly those, never a trap.
 */
import { readFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { type ActionRun, runAction } from '../helpers/action.js'
import { type FakePackages, startFakePackages } from '../helpers/fake-packages.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { type PushedImage, pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x', 'linux/ppc64le']
const RUN = { GITHUB_RUN_ID: '200', GITHUB_RUN_ATTEMPT: '1' }

describeWithRegistry('GHCR cleanup against a fake Packages API', () => {
  let registry: RegistryServer
  let fake: FakePackages
  let pool: RegistryPool
  let client: RegistryClient
  const builds = new Set<string>()

  beforeAll(async () => {
    registry = await startRegistry()
    fake = await startFakePackages(registry.port, { octo: 'Organization', solo: 'User' })
    pool = testPool()
    client = await pool.client(fake.registryHost)
  })
  afterAll(async () => {
    await pool.close()
    await fake.stop()
    await registry.stop()
  })

  const platformOf = (p: string) => {
    const [os, architecture, variant] = p.split('/')
    return { os, architecture, ...(variant && { variant }) }
  }

  /** A run's appends of `platforms` to `tags` of `repository`: `together` or one after another. */
  async function appends(
    repository: string,
    tags: string[],
    platforms: string[],
    records: string,
    options: { together: boolean; env?: Record<string, string>; defer?: boolean },
  ): Promise<ActionRun[]> {
    const refs = tags.map((t) => `${fake.registryHost}/${repository}:${t}`)
    const workdir = await bakeDir({ app: { tags: refs, platforms } })
    const images = await Promise.all(
      platforms.map((p) => pushImage(client, repository, platformOf(p), { attest: true })),
    )
    // buildx's own index of each build is an untagged version too, but no intermediate of a tag.
    for (const image of images) builds.add(image.descriptor.digest)
    const one = (image: PushedImage) =>
      runAction(
        {
          mode: 'append',
          workdir,
          targets: 'app',
          metadata: metadataFor('app', image, [`${fake.registryHost}/${repository}`]),
          settle: '0',
          records,
          'ghcr-registry': fake.registryHost,
          ...(options.defer && { defer: 'true' }),
        },
        { ...RUN, ...options.env },
      )
    const runs = options.together ? await Promise.all(images.map(one)) : []
    if (!options.together) for (const image of images) runs.push(await one(image))
    for (const r of runs) expect({ code: r.code, out: r.code ? r.stdout : '' }).toEqual({ code: 0, out: '' })
    return runs
  }

  const verify = (records: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
    runLogged(
      {
        mode: 'verify',
        records,
        cleanup: 'true',
        'ghcr-registry': fake.registryHost,
        'github-token': fake.token,
        ...inputs,
      },
      { ...RUN, GITHUB_API_URL: fake.apiUrl, ...env },
    )

  /** verify as the runner runs it; DEBUG_CLEANUP=1 prints its log. */
  const runLogged = async (a: Record<string, string>, b: Record<string, string>) => {
    const r = await runAction(a, b)
    if (process.env.DEBUG_CLEANUP) console.log(r.stdout)
    return r
  }

  /** Every index digest this run's appends PUT, from their completion marks. */
  async function writtenByRun(records: string): Promise<Set<string>> {
    const written = new Set<string>()
    for (const file of await readdir(records)) {
      if (!file.endsWith('.done.json')) continue
      const mark = JSON.parse(await readFile(path.join(records, file), 'utf8'))
      if (mark.runId !== RUN.GITHUB_RUN_ID) continue
      for (const w of mark.written ?? []) written.add(w.digest)
    }
    return written
  }

  async function manifestOf(repository: string, digest: string) {
    const fetched = await client.getManifest(repository, digest)
    return JSON.parse(fetched!.bytes.toString('utf8')) as { manifests?: Array<{ digest: string }> }
  }

  /** Every descriptor below every tagged index, nested indexes included. */
  async function childrenOfTagged(repository: string): Promise<Set<string>> {
    const children = new Set<string>()
    const pending = fake
      .versions(repository)
      .filter((v) => v.tags.length > 0)
      .map((v) => v.digest)
    for (let digest = pending.pop(); digest; digest = pending.pop()) {
      for (const child of (await manifestOf(repository, digest)).manifests ?? []) {
        if (!children.has(child.digest)) pending.push(child.digest)
        children.add(child.digest)
      }
    }
    return children
  }

  /**
   * Untagged index versions that are no child of a tagged index: the intermediates a user
   * sees as litter (an untagged earlier final's own children are images, not counted).
   */
  async function litter(repository: string): Promise<string[]> {
    const children = await childrenOfTagged(repository)
    const untagged = fake
      .versions(repository)
      .filter((v) => v.tags.length === 0 && !children.has(v.digest) && !builds.has(v.digest))
    const indexes: string[] = []
    for (const v of untagged)
      if ((await client.getManifest(repository, v.digest))?.mediaType === OCI_INDEX) indexes.push(v.digest)
    return indexes
  }

  async function everyChildServed(repository: string): Promise<string[]> {
    const missing: string[] = []
    for (const child of await childrenOfTagged(repository))
      if (!(await client.headManifest(repository, child))) missing.push(child)
    return missing
  }

  const deletesIn = (repository: string) => fake.deleted.filter((v) => v.repository === repository)
  const deleteRequests = () => fake.log.filter((l) => l.startsWith('DELETE ')).length

  /** An index pushed to `tag`, or by its digest (an untagged version). */
  async function putIndex(repository: string, tag: string | undefined, manifests: object[], extra: object = {}) {
    const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests, ...extra }))
    await client.putManifest(repository, tag ?? sha256Digest(bytes), { bytes, mediaType: OCI_INDEX })
    return { mediaType: OCI_INDEX, digest: sha256Digest(bytes), size: bytes.length }
  }

  /** An OCI artifact pushed by digest whose subject is `digest` (GHCR keeps it as an untagged version). */
  async function referrerOf(repository: string, digest: string) {
    const empty = Buffer.from('{}')
    await client.blobs.upload(repository, sha256Digest(empty), empty.length, async () => empty)
    const config = { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256Digest(empty), size: 2 }
    const json = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: 'application/vnd.example.sbom',
      config,
      layers: [config],
      subject: { mediaType: OCI_INDEX, digest, size: 1 },
    }
    const bytes = Buffer.from(JSON.stringify(json))
    const referrer = sha256Digest(bytes)
    await client.putManifest(repository, referrer, { bytes, mediaType: OCI_MANIFEST })
    return referrer
  }

  test('three concurrent appends leave intermediates; cleanup deletes exactly them, and every trap survives', async () => {
    const repo = 'octo/app'
    const records = await tempDir('bake-fanout-ghcr-records-')
    // The previous run: its final on tag 1 becomes untagged when this run writes the tag.
    await appends(repo, ['1'], ['linux/amd64'], records, { together: false, env: { GITHUB_RUN_ID: '100' } })
    const previousFinal = fake.versions(repo).find((v) => v.tags.includes('1'))!.digest
    // This run: three appends at once on two tags, and a second target's tag written one platform at a time
    // (each write a new version: the traps need intermediates that are certain to exist).
    const together = await appends(repo, ['1', 'latest'], PLATFORMS.slice(0, 3), records, { together: true })
    await appends(repo, ['seq'], PLATFORMS.slice(0, 4), records, { together: false })
    const notices = together.flatMap((r) => r.stdout.match(/::notice::.*created \d+ package versions?;.*/g) ?? [])
    expect(notices).toHaveLength(3) // one per job, with its count
    console.log(
      `GHCR cleanup: the appends' notices count ${notices.map((n) => /created (\d+)/.exec(n)?.[1]).join(', ')} versions`,
    )
    const written = await writtenByRun(records)
    const finals = new Set(
      fake
        .versions(repo)
        .filter((v) => v.tags.length > 0)
        .map((v) => v.digest),
    )
    const seqIntermediates = [...written].filter((d) => !finals.has(d))
    expect(seqIntermediates.length).toBeGreaterThanOrEqual(3)
    // Traps: an index of this run nested in a tagged index; a referrer's subject; a version another run retags.
    const [nested, subject, retagged] = seqIntermediates
    const nestedSize = (await client.getManifest(repo, nested))!.size
    await putIndex(repo, 'bundle', [{ mediaType: OCI_INDEX, digest: nested, size: nestedSize }])
    const referrer = await referrerOf(repo, subject)
    const retaggedBytes = (await client.getManifest(repo, retagged))!
    await client.putManifest(repo, 'other-run', { bytes: retaggedBytes.bytes, mediaType: OCI_INDEX })
    const before = await litter(repo)
    const traps = new Set([previousFinal, subject]) // untagged indexes that must stay
    console.log(
      `GHCR cleanup: ${written.size} index digests written by this run; intermediate versions before: ${before.filter((d) => !traps.has(d)).length} (+${traps.size} traps)`,
    )
    expect(before.filter((d) => !traps.has(d)).length).toBeGreaterThan(0)

    const run = await verify(records)
    expect(run.code).toBe(0)
    const after = await litter(repo)
    console.log(`GHCR cleanup: intermediate versions after: ${after.filter((d) => !traps.has(d)).length}`)
    expect(after.sort()).toEqual([...traps].sort()) // only the traps are left untagged
    for (const trap of [previousFinal, nested, subject, retagged, referrer])
      expect(fake.versions(repo).some((v) => v.digest === trap)).toBe(true)
    for (const tag of ['1', 'latest', 'seq', 'bundle', 'other-run'])
      expect(await client.headManifest(repo, tag)).toBeDefined()
    expect(await everyChildServed(repo)).toEqual([])
    // Only digests this run wrote were deleted, each logged with its restore endpoint.
    const gone = deletesIn(repo)
    expect(gone.length).toBeGreaterThan(0)
    for (const v of gone) {
      expect(written.has(v.digest)).toBe(true)
      expect(run.stdout).toContain(`deleted version ${v.id} (${v.digest})`)
      expect(run.stdout).toContain(`/orgs/octo/packages/container/app/versions/${v.id}/restore`)
    }
    expect(run.summary).toContain('GHCR cleanup')
    // The token is masked before it is used, and never printed otherwise.
    expect(run.stdout.split(fake.token)).toHaveLength(2)
    expect(run.stdout).toContain(`::add-mask::${fake.token}`)
  }, 180_000)

  test('with defer the same run makes 0 intermediates', async () => {
    const repo = 'octo/deferred'
    const records = await tempDir('bake-fanout-ghcr-records-')
    const runs = await appends(repo, ['1', 'latest'], PLATFORMS.slice(0, 3), records, { together: true, defer: true })
    expect(runs.some((r) => r.stdout.includes('::notice::'))).toBe(false)
    expect(await verify(records).then((r) => r.code)).toBe(0)
    expect(await litter(repo)).toEqual([])
    expect(deletesIn(repo)).toEqual([])
  }, 120_000)

  /** A package with certain intermediates: four platforms appended one after another. */
  async function littered(repo: string) {
    const records = await tempDir('bake-fanout-ghcr-records-')
    await appends(repo, ['1'], PLATFORMS.slice(0, 4), records, { together: false })
    const before = await litter(repo)
    expect(before).toHaveLength(3)
    return { records, before }
  }

  test('403 from GitHub: a warning naming the fix, exit 0, no DELETE', async () => {
    const repo = 'octo/forbidden'
    const { records, before } = await littered(repo)
    const deletes = deleteRequests()
    fake.switches.forbid = 'all'
    try {
      const run = await verify(records)
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(
        /::warning::cleanup of .*octo\/forbidden: nothing deleted: .*HTTP 403.*packages: write/,
      )
    } finally {
      delete fake.switches.forbid
    }
    expect(deleteRequests()).toBe(deletes)
    expect(await litter(repo)).toEqual(before)
  }, 120_000)

  test('403 to the DELETE only (no admin role): a warning, exit 0, nothing deleted', async () => {
    const repo = 'octo/no-admin'
    const { records, before } = await littered(repo)
    fake.switches.forbid = 'delete'
    try {
      const run = await verify(records)
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(
        /::warning::cleanup of .*octo\/no-admin: nothing deleted: DELETE .*HTTP 403: .*admin role/,
      )
    } finally {
      delete fake.switches.forbid
    }
    expect(deletesIn(repo)).toEqual([])
    expect(await litter(repo)).toEqual(before)
  }, 120_000)

  test('a registry other than the GHCR one is left alone: no REST request at all', async () => {
    const repo = 'octo/elsewhere'
    const { records, before } = await littered(repo)
    const requests = fake.log.length
    const run = await verify(records, { 'ghcr-registry': '' })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('cleanup: no tag of this run is on ghcr.io: nothing to clean')
    expect(fake.log.length).toBe(requests)
    expect(await litter(repo)).toEqual(before)
  }, 120_000)

  test('no token at all: a warning naming the fix, exit 0, no REST request', async () => {
    const repo = 'octo/tokenless'
    const { records, before } = await littered(repo)
    const requests = fake.log.length
    const run = await verify(records, { 'github-token': '' })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/::warning::cleanup: no token: .*github-token/)
    expect(fake.log.length).toBe(requests)
    expect(await litter(repo)).toEqual(before)
  }, 120_000)

  test('cleanup given to append is refused before any write, naming the input', async () => {
    const run = await runAction({ mode: 'append', cleanup: 'true', metadata: '{}' })
    expect(run.code).not.toBe(0)
    expect(run.stdout).toContain("::error::input 'cleanup': cleanup belongs to verify")
  })

  test('dry-run lists the candidates and deletes nothing', async () => {
    const repo = 'octo/dry'
    const { records, before } = await littered(repo)
    const deletes = deleteRequests()
    const run = await verify(records, { 'dry-run': 'true' })
    expect(run.code).toBe(0)
    for (const digest of before) expect(run.stdout).toMatch(new RegExp(`would delete version \\d+ \\(${digest}\\)`))
    expect(deleteRequests()).toBe(deletes)
    expect(await litter(repo)).toEqual(before)
  }, 120_000)

  test('a manifest that cannot be read: nothing is deleted in that package', async () => {
    const repo = 'octo/unreadable'
    const { records, before } = await littered(repo)
    const foreign = await putIndex(repo, 'foreign', [])
    fake.switches.failRead = new Set([foreign.digest])
    try {
      const run = await verify(records)
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(
        /::warning::cleanup of .*octo\/unreadable: nothing deleted: .*could not|does not serve/,
      )
    } finally {
      delete fake.switches.failRead
    }
    expect(deletesIn(repo)).toEqual([])
    expect(await litter(repo)).toEqual(before)
  }, 120_000)

  test('a tag moved onto a candidate between the listing and the deletes keeps it', async () => {
    const repo = 'octo/moved'
    const { records, before } = await littered(repo)
    fake.switches.moveTagAfterList = { repository: repo, tag: 'pinned', digest: before[0] }
    try {
      expect((await verify(records)).code).toBe(0)
    } finally {
      delete fake.switches.moveTagAfterList
    }
    expect(fake.versions(repo).find((v) => v.digest === before[0])?.tags).toEqual(['pinned'])
    expect(
      deletesIn(repo)
        .map((v) => v.digest)
        .sort(),
    ).toEqual(before.slice(1).sort())
    expect(await litter(repo)).toEqual([])
  }, 120_000)

  test('a child of a tagged index gone after the deletes fails the step, naming it', async () => {
    const repo = 'octo/lost-child'
    const { records } = await littered(repo)
    const final = fake.versions(repo).find((v) => v.tags.includes('1'))!
    const child = (await manifestOf(repo, final.digest)).manifests![0].digest
    fake.switches.alsoLose = child
    try {
      const run = await verify(records)
      expect(run.code).toBe(1)
      expect(run.stdout).toContain(
        `::error::cleanup: after deleting, ${fake.registryHost}/${repo}@${child} (a child) is gone`,
      )
    } finally {
      delete fake.switches.alsoLose
    }
  }, 120_000)

  test('a user package owner/a/b (a%2Fb) with more than 100 versions: every page is read', async () => {
    const repo = 'solo/a/b'
    const { records, before } = await littered(repo)
    // 120 newer versions of another run push this run's past the first page (GitHub lists newest first).
    for (let i = 0; i < 120; i++) await putIndex(repo, undefined, [], { annotations: { n: String(i) } })
    expect(fake.versions(repo).length).toBeGreaterThan(100 + before.length)
    expect((await verify(records)).code).toBe(0)
    expect(
      deletesIn(repo)
        .map((v) => v.digest)
        .sort(),
    ).toEqual([...before].sort())
    expect(await litter(repo)).toHaveLength(120) // the other run's versions: not this run's to delete
    expect(
      fake.log.some((l) => l.includes('/users/solo/packages/container/a%2Fb/versions?') && l.includes('page=2')),
    ).toBe(true)
    expect(await everyChildServed(repo)).toEqual([])
  }, 180_000)
})
