/** Which digests verify signs: only an index that is exactly this run's build, and a digest only when every tag holding it is. */
import { serializeIndex } from '../../src/image-index/canonical.js'
import { sha256Digest } from '../../src/oci/digest.js'
import { type Descriptor, type ImageIndex, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { type SignableTag, planSigning } from '../../src/signing/plan.js'

const image = (architecture: string, n: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: `sha256:${n.repeat(64)}`,
  size: 1,
  platform: { os: 'linux', architecture },
})
const index = (...manifests: Descriptor[]): ImageIndex => ({ schemaVersion: 2, mediaType: OCI_INDEX, manifests })
const written = (i: ImageIndex, keptNewer = new Map<string, string>()) => ({
  digest: sha256Digest(serializeIndex(i)),
  index: i,
  keptNewer,
})
const both = index(image('amd64', '1'), image('arm64', '2'))
const tag = (ref: string, extra: Partial<SignableTag> = {}): SignableTag => ({
  ref,
  registry: ref.split('/')[0],
  repository: ref.split('/')[1].split(':')[0],
  runEntries: new Set([`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`]),
  missing: [],
  written: written(both),
  ...extra,
})

describe('planSigning', () => {
  test('one entry per digest, naming every tag and every repository that holds it once', () => {
    const plan = planSigning([tag('r1/app:1'), tag('r1/app:latest'), tag('r2/mirror:1')])
    expect(plan.refused).toEqual([])
    expect(plan.sign).toHaveLength(1)
    const [only] = plan.sign
    expect(only.refs).toEqual(['r1/app:1', 'r1/app:latest', 'r2/mirror:1'])
    expect(only.sites).toEqual([
      { registry: 'r1', repository: 'app' },
      { registry: 'r2', repository: 'mirror' },
    ])
    expect(only.subject).toEqual({ mediaType: OCI_INDEX, digest: only.digest, size: serializeIndex(both).length })
  })

  test.each([
    ['a failed tag', { written: undefined, error: 'boom' }, /not written \(boom\)/],
    ['a partial publish', { missing: ['linux/s390x'] }, /built no linux\/s390x/],
    [
      'another run’s newer build kept',
      { written: written(both, new Map([['linux/arm64', 'run 9']])) },
      /newer build of linux\/arm64/,
    ],
    [
      'a platform no record names',
      { written: written(index(image('amd64', '1'), image('arm64', '2'), image('s390x', '3'))) },
      /holds linux\/s390x \(sha256:3{64}\), which no record/,
    ],
    [
      'a digest that is not the bytes sent',
      { written: { ...written(both), digest: `sha256:${'f'.repeat(64)}` } },
      /not the digest of the bytes/,
    ],
  ])('%s is not signed, and why is said', (_name, extra, why) => {
    const plan = planSigning([tag('r1/app:1', extra as Partial<SignableTag>)])
    expect(plan.sign).toEqual([])
    expect(plan.refused).toEqual([
      expect.objectContaining({ ref: 'r1/app:1', why: expect.stringMatching(why) as unknown }),
    ])
  })

  test('an attestation is the run’s when the run’s build holds it, not because it names the run’s image', () => {
    const attestation = {
      ...image('unknown', '7'),
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: {
        'vnd.docker.reference.type': 'attestation-manifest',
        'vnd.docker.reference.digest': `sha256:${'1'.repeat(64)}`,
      },
    }
    const held = written(index(image('amd64', '1'), image('arm64', '2'), attestation))
    const ours = [`sha256:${'1'.repeat(64)}`, `sha256:${'2'.repeat(64)}`, `sha256:${'7'.repeat(64)}`]
    expect(planSigning([tag('r1/app:1', { written: held, runEntries: new Set(ours) })]).sign).toHaveLength(1)
    const foreign = planSigning([tag('r1/app:1', { written: held })])
    expect(foreign.sign).toEqual([])
    expect(foreign.refused[0].why).toMatch(new RegExp(`an attestation of sha256:1{64} this run did not make`))
  })

  test('a digest one of whose tags is refused is signed for none of them', () => {
    const plan = planSigning([tag('r1/app:1'), tag('r1/app:latest', { missing: ['linux/s390x'] })])
    expect(plan.sign).toEqual([])
    expect(plan.refused.map((r) => r.ref).sort()).toEqual(['r1/app:1', 'r1/app:latest'])
    expect(plan.refused.find((r) => r.ref === 'r1/app:1')!.why).toMatch(/another tag holding sha256:/)
  })

  test('tags holding different digests are judged apart', () => {
    const other = index(image('amd64', '4'), image('arm64', '5'))
    const plan = planSigning([
      tag('r1/app:1'),
      tag('r1/worker:1', { written: written(other, new Map([['linux/amd64', 'x']])) }),
    ])
    expect(plan.sign.map((s) => s.refs)).toEqual([['r1/app:1']])
    expect(plan.refused.map((r) => r.ref)).toEqual(['r1/worker:1'])
  })
})
