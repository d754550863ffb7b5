import {
  ATTESTATION_MANIFEST,
  type Descriptor,
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  type ImageIndex,
  OCI_INDEX,
  OCI_MANIFEST,
  REFERENCE_DIGEST,
  REFERENCE_TYPE,
} from '../../src/oci/types.js'
import { CREATED, malformedEntries, platformsOf } from '../../src/image-index/entries.js'
import { RUN_ATTEMPT, RUN_ID } from '../../src/image-index/runs.js'
import { serializeIndex } from '../../src/image-index/canonical.js'
import {
  type Build,
  type UpsertOptions,
  unsatisfied,
  upsertIndex as upsertBuilds,
} from '../../src/image-index/upsert.js'

const hex = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const image = (n: number, architecture: string, variant?: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: hex(n),
  size: 100 + n,
  platform: { architecture, os: 'linux', ...(variant && { variant }) },
})
const attestation = (n: number, of: Descriptor): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: hex(n),
  size: 50,
  platform: { architecture: 'unknown', os: 'unknown' },
  annotations: { [REFERENCE_DIGEST]: of.digest, [REFERENCE_TYPE]: ATTESTATION_MANIFEST },
})
const index = (manifests: Descriptor[], extra: Partial<ImageIndex> = {}): ImageIndex => ({
  schemaVersion: 2,
  mediaType: OCI_INDEX,
  manifests,
  ...extra,
})
const digests = (i: ImageIndex) => i.manifests.map((m) => m.digest)
const T1 = '2026-11-27T01:00:00.000Z'
const T2 = '2026-11-27T02:00:00.000Z'
const build = (entries: Descriptor[], createdAt = T1): Build => ({ entries, createdAt })
/** One build of these entries; the `created` stamp is checked on its own below, so compared without it. */
const upsertIndex = (current: ImageIndex | undefined, add: Descriptor[], options?: UpsertOptions) => {
  const result = upsertBuilds(current, [build(add)], options)
  return { ...result, index: { ...result.index, manifests: result.index.manifests.map(unstamped) } }
}
function unstamped(entry: Descriptor): Descriptor {
  const { [CREATED]: _, [RUN_ID]: _id, [RUN_ATTEMPT]: _attempt, ...annotations } = entry.annotations ?? {}
  const { annotations: __, ...rest } = entry
  return Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest
}
const stamped = (entry: Descriptor, time: string): Descriptor => ({
  ...entry,
  annotations: { ...entry.annotations, [CREATED]: time },
})

const amdOld = image(1, 'amd64')
const amdOldAtt = attestation(2, amdOld)
const arm = image(3, 'arm64')
const armAtt = attestation(4, arm)
const amdNew = image(5, 'amd64')
const amdNewAtt = attestation(6, amdNew)

describe('upsertIndex', () => {
  test.each([
    ['a new tag gets our entries', undefined, [amdNew, amdNewAtt], [amdNew, amdNewAtt]],
    [
      'another platform joins in canonical order: images by platform, then their attestations',
      index([arm, armAtt]),
      [amdNew, amdNewAtt],
      [amdNew, arm, amdNewAtt, armAtt],
    ],
    [
      'a rebuilt platform replaces the old entry and its attestation',
      index([amdOld, arm, amdOldAtt, armAtt]),
      [amdNew, amdNewAtt],
      [amdNew, arm, amdNewAtt, armAtt],
    ],
    ['duplicates left by imagetools --append all go', index([amdOld, arm, image(7, 'amd64')]), [amdNew], [amdNew, arm]],
    ['arm64/v8 and arm64 are one platform', index([image(8, 'arm64', 'v8'), amdOld]), [arm], [amdOld, arm]],
    ['an attestation of a kept entry stays', index([arm, armAtt]), [amdNew], [amdNew, arm, armAtt]],
  ])('%s', (_name, current, add, expected) => {
    const { index: result, changed } = upsertIndex(current, add)
    expect(result.manifests).toEqual(expected)
    expect(result.mediaType).toBe(OCI_INDEX)
    expect(changed).toBe(true)
  })

  test('idempotent: the same upsert twice changes nothing and serialises byte-identically', () => {
    const first = upsertBuilds(
      index([amdOld, arm, amdOldAtt, armAtt], { annotations: { a: '1' } }),
      [build([amdNew, amdNewAtt])],
      { annotations: [['b', '2']] },
    )
    const second = upsertBuilds(first.index, [build([amdNew, amdNewAtt])], { annotations: [['b', '2']] })
    expect(second.changed).toBe(false)
    expect(serializeIndex(second.index).equals(serializeIndex(first.index))).toBe(true)
  })

  test('one content, one order: the same builds in any arrival order give byte-identical indexes', () => {
    const s390x = image(9, 's390x')
    const s390xAtt = attestation(10, s390x)
    const builds = [build([amdNew, amdNewAtt]), build([arm, armAtt]), build([s390x, s390xAtt])]
    const foreign = { mediaType: OCI_MANIFEST, digest: hex(11), size: 1, annotations: { 'x.y': 'artifact' } }
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ]
    const bytes = orders.map((order) => {
      let current: ImageIndex | undefined = index([foreign], { annotations: { z: '1', a: '2' } })
      for (const i of order) current = upsertBuilds(current, [builds[i]]).index
      return serializeIndex(current!).toString()
    })
    expect(new Set(bytes).size).toBe(1)
    const result = JSON.parse(bytes[0]) as ImageIndex
    expect(result.manifests.map((m) => m.digest)).toEqual(
      [amdNew, arm, s390x, amdNewAtt, armAtt, s390xAtt, foreign].map((e) => e.digest),
    )
    expect(Object.keys(result.annotations!)).toEqual(['a', 'z'])
    // An index already held in canonical order is no change; one in another order is brought to it.
    expect(upsertBuilds(result, builds).changed).toBe(false)
    const shuffled = { ...result, manifests: [...result.manifests].reverse() }
    expect(upsertBuilds(shuffled, builds).changed).toBe(true)
  })

  test('several attestations of one image are ordered by digest, whatever order they arrived in', () => {
    const sbom = attestation(12, amdNew)
    const provenance = attestation(7, amdNew)
    const orders = [
      [amdNew, sbom, provenance],
      [amdNew, provenance, sbom],
      [provenance, sbom, amdNew],
    ]
    const bytes = orders.map((entries) => serializeIndex(upsertBuilds(undefined, [build(entries)]).index).toString())
    expect(new Set(bytes).size).toBe(1)
    expect((JSON.parse(bytes[0]) as ImageIndex).manifests.map((m) => m.digest)).toEqual([hex(5), hex(7), hex(12)])
    // The same entries held in arrival order are brought to digest order.
    const held = index([stamped(amdNew, T1), sbom, provenance])
    expect(digests(upsertBuilds(held, [build([amdNew, sbom, provenance])]).index)).toEqual([hex(5), hex(7), hex(12)])
  })

  test('an attestation of no image in the index keeps its place among the unmanaged entries, at the end', () => {
    const stray = attestation(20, image(21, 'riscv64'))
    const foreign = { mediaType: OCI_MANIFEST, digest: hex(22), size: 1, annotations: { 'x.y': 'artifact' } }
    const result = upsertBuilds(index([foreign, stray, arm, armAtt]), [build([amdNew, amdNewAtt])])
    expect(digests(result.index)).toEqual([amdNew, arm, amdNewAtt, armAtt, foreign, stray].map((e) => e.digest))
  })

  test("a tag that holds the image but lacks its attestation is rewritten: the build's attestation goes in", () => {
    const current = index([stamped(amdNew, T1), arm, armAtt])
    const result = upsertBuilds(current, [build([amdNew, amdNewAtt])])
    expect(result.decisions.get('linux/amd64')).toBe('written')
    expect(result.changed).toBe(true)
    expect(digests(result.index)).toEqual([amdNew, arm, amdNewAtt, armAtt].map((e) => e.digest))
    expect(unsatisfied(current, [build([amdNew, amdNewAtt])])).toEqual(['linux/amd64'])
    // With the attestation present, the platform is held as it is.
    expect(upsertBuilds(result.index, [build([amdNew, amdNewAtt])]).decisions.get('linux/amd64')).toBe('held')
  })

  test('index annotations are kept, ours set; a new value is a change', () => {
    const { index: result } = upsertIndex(index([arm], { annotations: { keep: 'x', set: 'old' } }), [arm], {
      annotations: [['set', 'new']],
    })
    expect(result.annotations).toEqual({ keep: 'x', set: 'new' })
    expect(upsertIndex(result, [arm], { annotations: [['set', 'new']] }).changed).toBe(false)
  })

  test('key order written by other tools is not a change; a Docker manifest list is converted; unknown fields stay', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        manifests: [
          {
            size: arm.size,
            digest: arm.digest,
            platform: { os: 'linux', architecture: 'arm64' },
            mediaType: OCI_MANIFEST,
          },
        ],
        mediaType: OCI_INDEX,
        schemaVersion: 2,
      }),
    )
    expect(upsertIndex(reordered, [arm]).changed).toBe(false)
    const list = index([arm], { mediaType: DOCKER_MANIFEST_LIST })
    const converted = upsertIndex(list, [arm])
    expect(converted.changed).toBe(true)
    expect(converted.index.mediaType).toBe(OCI_INDEX)
    const subject = { mediaType: OCI_MANIFEST, digest: hex(99), size: 1 }
    const withSubject = upsertIndex(index([arm], { subject, artifactType: 'x/y' }), [amdNew])
    expect(withSubject.index).toMatchObject({ subject, artifactType: 'x/y' })
  })

  test('prune removes other platforms and their attestations', () => {
    const { index: result } = upsertIndex(index([amdOld, arm, amdOldAtt, armAtt, amdNew]), [amdNew], { prune: true })
    expect(digests(result)).toEqual([amdNew.digest])
    expect(upsertIndex(index([amdNew, arm, armAtt]), [arm, armAtt], { prune: true }).index.manifests).toEqual([
      arm,
      armAtt,
    ])
  })

  test('platformsOf lists image platforms, attestations excluded', () => {
    expect(platformsOf([arm, armAtt, amdNew])).toEqual(['linux/arm64', 'linux/amd64'])
  })

  test('every image written carries its build time; attestations do not', () => {
    const { index: result } = upsertBuilds(index([arm, armAtt]), [build([amdNew, amdNewAtt], T2)])
    expect(result.manifests).toEqual([stamped(amdNew, T2), arm, amdNewAtt, armAtt])
  })

  test('newest build wins: an entry of another run built later is kept, and reported', () => {
    const current = index([stamped(amdNew, T2), arm, amdNewAtt])
    const older = upsertBuilds(current, [build([amdOld, amdOldAtt], T1)])
    expect(older.changed).toBe(false)
    expect(older.decisions.get('linux/amd64')).toBe('kept-newer')
    expect(older.keptNewer.get('linux/amd64')).toBe(`built ${T2}`)
    expect(unsatisfied(current, [build([amdOld, amdOldAtt], T1)])).toEqual([])
    // The same entry from a record of this run is not "another run's": the run's newest record wins.
    const ours = upsertBuilds(current, [build([amdOld, amdOldAtt], T1)], { runDigests: new Set([amdNew.digest]) })
    expect(ours.decisions.get('linux/amd64')).toBe('written')
    // An entry without a time (another tool's) is older than any build.
    expect(upsertBuilds(index([amdOld]), [build([amdNew], T1)]).decisions.get('linux/amd64')).toBe('written')
  })

  test('newest run wins, not newest build: an older run whose build finished later never replaces the newer run', () => {
    const run1001 = { runId: '1001', runAttempt: 1 }
    const run1002 = { runId: '1002', runAttempt: 1 }
    // Run 1002's build was made at T1; run 1001's at T2 (it finished later).
    const newer = upsertBuilds(undefined, [{ entries: [amdNew, amdNewAtt], createdAt: T1, run: run1002 }]).index
    expect(newer.manifests[0].annotations).toEqual({
      [CREATED]: T1,
      [RUN_ID]: '1002',
      [RUN_ATTEMPT]: '1',
    })
    const late = upsertBuilds(newer, [{ entries: [amdOld, amdOldAtt], createdAt: T2, run: run1001 }])
    expect(late.changed).toBe(false)
    expect(late.keptNewer.get('linux/amd64')).toBe('run 1002 (attempt 1)')
    // The other way round, the newer run replaces the older run's entry whatever its time.
    const older = upsertBuilds(undefined, [{ entries: [amdOld, amdOldAtt], createdAt: T2, run: run1001 }]).index
    const replaced = upsertBuilds(older, [{ entries: [amdNew, amdNewAtt], createdAt: T1, run: run1002 }])
    expect(replaced.decisions.get('linux/amd64')).toBe('written')
    expect(digests(replaced.index)).toEqual([amdNew.digest, amdNewAtt.digest])
    // A later attempt of the same run is the newer one.
    const rerun = upsertBuilds(newer, [{ entries: [amdOld], createdAt: T1, run: { runId: '1002', runAttempt: 2 } }])
    expect(rerun.decisions.get('linux/amd64')).toBe('written')
  })

  test("another tool's entry dated more than 5 minutes ahead of this clock is not believed: replaced, and said so", () => {
    const now = Date.parse(T2)
    const future = '2031-01-01T00:00:00.000Z'
    const held = index([stamped(amdOld, future)])
    const result = upsertBuilds(held, [build([amdNew], T2)], { now })
    expect(result.decisions.get('linux/amd64')).toBe('written')
    expect(result.untrusted.get('linux/amd64')).toBe(future)
    // Within the 5 minutes a later time is believed (clocks differ a little between runners).
    const soon = new Date(now + 4 * 60_000).toISOString()
    expect(
      upsertBuilds(index([stamped(amdOld, soon)]), [build([amdNew], T2)], { now }).keptNewer.get('linux/amd64'),
    ).toBe(`built ${soon}`)
  })

  test('two builds of one platform: the later record wins', () => {
    const { index: result } = upsertBuilds(undefined, [build([amdNew, amdNewAtt], T2), build([amdOld], T1)])
    expect(result.manifests).toEqual([stamped(amdNew, T2), amdNewAtt])
  })

  test('Windows images of different os.version are different platforms and coexist', () => {
    const win = (n: number, version: string): Descriptor => ({
      mediaType: OCI_MANIFEST,
      digest: hex(n),
      size: 1,
      platform: { architecture: 'amd64', os: 'windows', 'os.version': version },
    })
    const ltsc2019 = win(20, '10.0.17763.5458')
    const ltsc2022 = win(21, '10.0.20348.2322')
    const { index: result } = upsertIndex(index([ltsc2019]), [ltsc2022])
    expect(result.manifests).toEqual([ltsc2019, ltsc2022])
    expect(platformsOf(result.manifests)).toEqual(['windows(10.0.17763)/amd64', 'windows(10.0.20348)/amd64'])
  })

  test('a Windows build with a newer patch of the same major.minor.build replaces the older; so does it an unversioned entry', () => {
    const win = (n: number, version?: string): Descriptor => ({
      mediaType: OCI_MANIFEST,
      digest: hex(n),
      size: 1,
      platform: { architecture: 'amd64', os: 'windows', ...(version && { 'os.version': version }) },
    })
    const older = win(22, '10.0.20348.2762')
    const patched = win(23, '10.0.20348.2849')
    expect(digests(upsertIndex(index([older]), [patched]).index)).toEqual([patched.digest])
    expect(digests(upsertIndex(index([win(24)]), [patched]).index)).toEqual([patched.digest])
    // Another build (ltsc2019) stays beside it.
    const ltsc2019 = win(25, '10.0.17763.5458')
    expect(digests(upsertIndex(index([ltsc2019, older]), [patched]).index)).toEqual([ltsc2019.digest, patched.digest])
  })

  test('an entry whose platform cannot be read (no os, odd characters) is kept untouched, never matched', () => {
    const noOs = {
      mediaType: OCI_MANIFEST,
      digest: hex(40),
      size: 1,
      platform: { architecture: 'arm64' },
    } as Descriptor
    const odd: Descriptor = {
      ...image(41, 'arm64'),
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8\n::x' },
    }
    const { index: result } = upsertIndex(index([noOs, odd]), [arm, armAtt])
    expect(digests(result)).toEqual([arm.digest, armAtt.digest, noOs.digest, odd.digest])
    expect(malformedEntries(result.manifests).map((e) => e.digest)).toEqual([noOs.digest, odd.digest])
  })

  test('unsatisfied names the platforms an index lacks, digest by digest', () => {
    const current = index([amdOld, amdOldAtt, arm, armAtt])
    expect(unsatisfied(current, [build([arm, armAtt]), build([amdNew, amdNewAtt])])).toEqual(['linux/amd64'])
    expect(unsatisfied(current, [build([arm]), build([amdOld, amdOldAtt])])).toEqual([])
    expect(unsatisfied(undefined, [build([arm])])).toEqual(['linux/arm64'])
  })

  test('a Docker manifest list stays one while every child is a Docker type; an OCI child makes it OCI', () => {
    const docker = (n: number, architecture: string): Descriptor => ({
      ...image(n, architecture),
      mediaType: DOCKER_MANIFEST,
    })
    const list = index([docker(30, 'arm64')], { mediaType: DOCKER_MANIFEST_LIST })
    const kept = upsertIndex(list, [docker(31, 'amd64')])
    expect(kept.index.mediaType).toBe(DOCKER_MANIFEST_LIST)
    expect(upsertIndex(kept.index, [docker(31, 'amd64')]).changed).toBe(false)
    expect(upsertIndex(list, [amdNew, amdNewAtt]).index.mediaType).toBe(OCI_INDEX)
    expect(upsertIndex(undefined, [docker(31, 'amd64')]).index.mediaType).toBe(DOCKER_MANIFEST_LIST)
    expect(upsertIndex(list, [docker(31, 'amd64')], { annotations: [['a', 'b']] }).index.mediaType).toBe(OCI_INDEX)
  })
})
