import { fanoutKey, parseRecord, recordName } from '../../src/records/record.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')

describe('records', () => {
  const valid = {
    version: 1,
    target: 'web',
    platforms: ['linux/arm64/v8'],
    digest: digest(1),
    mediaType: 'x',
    size: 1,
    repositories: ['o/web'],
    tags: ['o/web'],
    createdAt: '2026-11-27T01:00:00Z',
    runAttempt: 2,
  }

  test('parseRecord normalises and validates', () => {
    expect(parseRecord(valid, 'r.json')).toMatchObject({
      platforms: ['linux/arm64'],
      repositories: ['docker.io/o/web'],
      tags: ['docker.io/o/web:latest'],
    })
    expect(() => parseRecord({ ...valid, version: 3 }, 'r.json')).toThrow(
      'record r.json: not a version 1 or 2 bake-fanout record',
    )
    expect(() => parseRecord({ ...valid, digest: 'sha256:x' }, 'r.json')).toThrow('record r.json: digest is not valid')
    expect(() => parseRecord({ ...valid, tags: [] }, 'r.json')).toThrow('record r.json: tags must be a non-empty list')
  })

  test('record names are the matrix slugs and the fan-out key: two fan-outs of one target never share one', () => {
    const tags = ['docker.io/o/web:1', 'ghcr.io/o/web:1']
    const key = fanoutKey(tags)
    expect(key).toMatch(/^[0-9a-f]{10}$/)
    expect(recordName({ target: 'web', platforms: ['linux/arm/v7'], tags })).toBe(`bake-fanout-web-linux-arm-v7-${key}`)
    expect(recordName({ target: 'web', platforms: ['linux/amd64', 'linux/arm64'], tags })).toBe(
      `bake-fanout-web-linux-amd64_web-linux-arm64-${key}`,
    )
    // The same tag set in any order (or named twice) is one fan-out; another tag set is another.
    expect(fanoutKey([...tags].reverse().concat(tags[0]))).toBe(key)
    expect(fanoutKey(['docker.io/o/web:2'])).not.toBe(key)
  })

  test('the fan-out key is FNV-1a 64 of the sorted tag set: names stay the same across versions of the action', () => {
    const reference = (tags: string[]) => {
      let hash = 0xcbf29ce484222325n
      for (const byte of Buffer.from([...new Set(tags)].sort().join('\n'), 'utf8'))
        hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
      return hash.toString(16).padStart(16, '0').slice(0, 10)
    }
    expect(fanoutKey(['a'])).toBe('af63dc4c86')
    for (let i = 0; i < 500; i++) {
      const tags = Array.from({ length: 1 + (i % 4) }, (_, j) => `r${(i * 7919) % 997}.io/ö/w${j}:${i.toString(36)}`)
      expect(fanoutKey(tags)).toBe(reference(tags))
    }
  })

  test('version 2 records carry entries and target platforms, validated like anything read', () => {
    const entries = [
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: digest(2),
        size: 10,
        platform: { os: 'linux', architecture: 'arm64' },
      },
    ]
    const v2 = { ...valid, version: 2, targetPlatforms: ['linux/amd64', 'linux/arm64'], entries }
    expect(parseRecord(v2, 'r.json')).toMatchObject({
      version: 2,
      targetPlatforms: ['linux/amd64', 'linux/arm64'],
      entries,
    })
    const bad = [{ ...entries[0], platform: { os: 'linux', architecture: 'arm64', variant: 'v8\n::x' } }]
    expect(() => parseRecord({ ...v2, entries: bad }, 'r.json')).toThrow(
      'record r.json: entries[0] names a platform that cannot be read',
    )
    expect(() => parseRecord({ ...v2, target: 'web\n::add-mask::x' }, 'r.json')).toThrow('not a bake target name')
    expect(() => parseRecord({ ...valid, runId: '1\n::stop-commands::x' }, 'r.json')).toThrow('runId is not a run id')
  })
})
