import {
  ATTESTATION_MANIFEST,
  type Descriptor,
  DOCKER_MANIFEST_LIST,
  type ImageIndex,
  OCI_INDEX,
  OCI_MANIFEST,
  REFERENCE_DIGEST,
  REFERENCE_TYPE,
} from '../../src/oci/types.js'
import { platformsOf } from '../../src/index-model/entries.js'
import { serializeIndex, upsertIndex } from '../../src/index-model/upsert.js'

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
      'another platform is appended after the existing ones',
      index([arm, armAtt]),
      [amdNew, amdNewAtt],
      [arm, armAtt, amdNew, amdNewAtt],
    ],
    [
      'a rebuilt platform replaces the old entry and its attestation, in place',
      index([amdOld, arm, amdOldAtt, armAtt]),
      [amdNew, amdNewAtt],
      [amdNew, amdNewAtt, arm, armAtt],
    ],
    ['duplicates left by imagetools --append all go', index([amdOld, arm, image(7, 'amd64')]), [amdNew], [amdNew, arm]],
    ['arm64/v8 and arm64 are one platform', index([image(8, 'arm64', 'v8'), amdOld]), [arm], [arm, amdOld]],
    ['an attestation of a kept entry stays', index([arm, armAtt]), [amdNew], [arm, armAtt, amdNew]],
  ])('%s', (_name, current, add, expected) => {
    const { index: result, changed } = upsertIndex(current, add)
    expect(result.manifests).toEqual(expected)
    expect(result.mediaType).toBe(OCI_INDEX)
    expect(changed).toBe(true)
  })

  test('idempotent: the same upsert twice changes nothing and serialises byte-identically', () => {
    const first = upsertIndex(
      index([amdOld, arm, amdOldAtt, armAtt], { annotations: { a: '1' } }),
      [amdNew, amdNewAtt],
      { annotations: [['b', '2']] },
    )
    const second = upsertIndex(first.index, [amdNew, amdNewAtt], { annotations: [['b', '2']] })
    expect(second.changed).toBe(false)
    expect(serializeIndex(second.index).equals(serializeIndex(first.index))).toBe(true)
  })

  test('platforms already held stay in place; only changed ones move', () => {
    const current = index([arm, armAtt, amdOld, amdOldAtt])
    expect(upsertIndex(current, [amdOld, amdOldAtt, arm, armAtt]).changed).toBe(false)
    const { index: result } = upsertIndex(current, [amdNew, amdNewAtt, arm, armAtt])
    expect(result.manifests).toEqual([arm, armAtt, amdNew, amdNewAtt])
  })

  test('index annotations are kept, ours set; a new value is a change', () => {
    const { index: result } = upsertIndex(index([arm], { annotations: { keep: 'x', set: 'old' } }), [arm], {
      annotations: [['set', 'new']],
    })
    expect(result.annotations).toEqual({ keep: 'x', set: 'new' })
    expect(upsertIndex(result, [arm], { annotations: [['set', 'new']] }).changed).toBe(false)
  })

  test('key order written by other tools is not a change; a Docker manifest list is converted', () => {
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
  })

  test('prune removes other platforms and their attestations', () => {
    const { index: result } = upsertIndex(index([amdOld, arm, amdOldAtt, armAtt, amdNew]), [amdNew], { prune: true })
    expect(digests(result)).toEqual([amdNew.digest])
    expect(upsertIndex(index([arm, armAtt, amdNew]), [arm, armAtt], { prune: true }).index.manifests).toEqual([
      arm,
      armAtt,
    ])
  })

  test('platformsOf lists image platforms, attestations excluded', () => {
    expect(platformsOf([arm, armAtt, amdNew])).toEqual(['linux/arm64', 'linux/amd64'])
  })
})
