import { parseRecord, recordName } from '../../src/records/record.js'

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
    expect(() => parseRecord({ ...valid, version: 2 }, 'r.json')).toThrow(
      'record r.json: not a version 1 bake-fanout record',
    )
    expect(() => parseRecord({ ...valid, digest: 'sha256:x' }, 'r.json')).toThrow(/not a valid digest/)
    expect(() => parseRecord({ ...valid, tags: [] }, 'r.json')).toThrow('record r.json: tags must be a non-empty list')
  })

  test('record names are the matrix slugs', () => {
    expect(recordName('web', ['linux/arm/v7'])).toBe('bake-fanout-web-linux-arm-v7')
    expect(recordName('web', ['linux/amd64', 'linux/arm64'])).toBe('bake-fanout-web-linux-amd64_web-linux-arm64')
  })
})
