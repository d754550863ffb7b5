import { buildResults, parseMetadataText } from '../../src/append/metadata.js'

const digest = 'sha256:' + 'a'.repeat(64)
const metadata = {
  'buildx.build.warnings': [],
  web: {
    'buildx.build.ref': 'builder/builder0/abc',
    'containerimage.descriptor': { mediaType: 'application/vnd.oci.image.index.v1+json', digest, size: 856 },
    'containerimage.digest': digest,
    'image.name': 'ghcr.io/o/web,docker.io/o/web',
  },
}

test('reads digest, descriptor and repositories', () => {
  expect(buildResults(metadata, ['web'])).toEqual([
    {
      target: 'web',
      digest,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      size: 856,
      repositories: ['ghcr.io/o/web', 'docker.io/o/web'],
    },
  ])
})

test('image.name repositories are normalised like tags', () => {
  const [result] = buildResults({ web: { 'containerimage.digest': digest, 'image.name': 'o/web,web' } }, ['web'])
  expect(result.repositories).toEqual(['docker.io/o/web', 'docker.io/library/web'])
})

test.each([
  ['{"web":', /input 'metadata': not valid JSON/],
  ['[1,2]', /must be a JSON object keyed by target/],
  ['"text"', /must be a JSON object/],
])('malformed text %j', (text, message) => {
  expect(() => parseMetadataText(text)).toThrow(message)
})

test.each([
  ['missing target', {}, /has no target 'web' \(it has: nothing\)/],
  ['no digest (non-image output)', { web: { 'image.name': 'a' } }, /has no containerimage.digest/],
  ['malformed digest', { web: { 'containerimage.digest': 'sha256:xyz', 'image.name': 'a' } }, /is not a valid digest/],
  [
    'uppercase digest',
    { web: { 'containerimage.digest': 'sha256:' + 'A'.repeat(64), 'image.name': 'a' } },
    /is not a valid digest/,
  ],
  ['no image.name', { web: { 'containerimage.digest': digest } }, /has no image.name/],
  ['bad image.name', { web: { 'containerimage.digest': digest, 'image.name': 'ghcr.io/O/web' } }, /must be lowercase/],
  [
    'descriptor mismatch',
    {
      web: {
        'containerimage.digest': digest,
        'containerimage.descriptor': { digest: 'sha256:' + 'b'.repeat(64) },
        'image.name': 'a',
      },
    },
    /differs/,
  ],
])('%s is an error naming the input', (_name, value, message) => {
  expect(() => buildResults(value, ['web'])).toThrow(message)
  expect(() => buildResults(value, ['web'])).toThrow("input 'metadata'")
})

test("a base built through a target: context is in the metadata too: only the entry's own targets are read", () => {
  // bake builds the linked base as a cache-only build; its result carries no image to append.
  const withBase = { ...metadata, base: { 'buildx.build.ref': 'builder/builder0/def' } }
  expect(buildResults(withBase, ['web']).map((r) => r.target)).toEqual(['web'])
})
