import { formatPlatform, parsePlatform, platformKey } from '../../src/image-index/platform.js'

describe('parsePlatform', () => {
  test.each([
    ['linux/amd64', 'linux/amd64'],
    ['linux/arm64/v8', 'linux/arm64'],
    ['linux/arm', 'linux/arm/v7'],
    ['linux/arm/v6', 'linux/arm/v6'],
    ['LINUX/AMD64', 'linux/amd64'],
    ['arm64', 'linux/arm64'],
    ['linux/aarch64', 'linux/arm64'],
    ['linux/x86_64', 'linux/amd64'],
    ['linux/amd64/v1', 'linux/amd64'],
    ['linux/amd64/v3', 'linux/amd64/v3'],
    ['windows/amd64', 'windows/amd64'],
    ['linux/riscv64', 'linux/riscv64'],
  ])('%s → %s', (input, expected) => {
    expect(formatPlatform(parsePlatform(input))).toBe(expected)
  })

  test.each([
    ['linux/amd65', /unknown architecture 'amd65'/],
    ['plan10/amd64', /unknown OS 'plan10'/],
    ['linux//amd64', /expected os\/arch/],
    ['linux/arm/v7/x', /expected os\/arch/],
    ['', /expected os\/arch/],
    ['linux/arm/v$', /bad variant/],
  ])('rejects %j', (input, message) => {
    expect(() => parsePlatform(input)).toThrow(message)
  })

  test('platformKey treats arm64/v8 and arm64 as one platform', () => {
    expect(platformKey({ os: 'linux', architecture: 'arm64', variant: 'v8' })).toBe(
      platformKey({ os: 'linux', architecture: 'arm64' }),
    )
  })
})
