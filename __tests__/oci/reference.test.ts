import { apiHost, normalizeTag, parseReference } from '../../src/oci/reference.js'

describe('normalizeTag', () => {
  test.each([
    ['img', 'docker.io/library/img:latest'],
    ['user/img:1', 'docker.io/user/img:1'],
    ['docker.io/img:2', 'docker.io/library/img:2'],
    ['index.docker.io/user/img', 'docker.io/user/img:latest'],
    ['ghcr.io/org/team/img:v1.2.3', 'ghcr.io/org/team/img:v1.2.3'],
    ['localhost:5000/img', 'localhost:5000/img:latest'],
    ['127.0.0.1:5000/a/b:c', '127.0.0.1:5000/a/b:c'],
    ['GHCR.IO/org/img:Tag_1', 'ghcr.io/org/img:Tag_1'],
    ['registry.example.com:443/x__y/a-b.c:1', 'registry.example.com:443/x__y/a-b.c:1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeTag(input)).toBe(expected)
  })

  test.each([
    ['user/Img:1', /must be lowercase/],
    ['ghcr.io/org/img:-bad', /tag '-bad'/],
    ['ghcr.io/org/img:' + 'a'.repeat(129), /1-128 characters/],
    ['ghcr.io/org/img;rm -rf:1', /bad characters/],
    ['ghcr.io/org/img$(id)', /bad characters/],
    ['ghcr.io/org/img:1@sha256:' + 'a'.repeat(64), /cannot carry a digest/],
    ['ghcr.io/org//img', /bad characters/],
    ['ghcr.io/' + 'a'.repeat(260), /longer than 255/],
    ['', /empty/],
    ['127.0.0.1:99999/app:1', /port 99999 of '127.0.0.1:99999' is not between 1 and 65535/],
    ['[::1]:0/app:1', /port 0/],
  ])('rejects %j', (input, message) => {
    expect(() => normalizeTag(input)).toThrow(message)
  })
})

test('parseReference keeps digests and validates them', () => {
  const digest = 'sha256:' + 'ab'.repeat(32)
  expect(parseReference(`ghcr.io/o/i@${digest}`)).toEqual({ registry: 'ghcr.io', repository: 'o/i', digest })
  expect(() => parseReference('ghcr.io/o/i@sha256:abc')).toThrow(/bad digest/)
})

test('Docker Hub is served from registry-1.docker.io', () => {
  expect(apiHost('docker.io')).toBe('registry-1.docker.io')
  expect(apiHost('ghcr.io')).toBe('ghcr.io')
})
