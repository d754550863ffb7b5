import { INPUT_NAMES, readInputs } from '../../src/action/inputs.js'

describe('readInputs', () => {
  const read = (values: Record<string, string>, insideActions = false) =>
    readInputs((name) => values[name] ?? '', insideActions)

  test('defaults, lists and lines', () => {
    const inputs = read({
      mode: 'append',
      files: 'a.json, b.json\nc.json',
      set: '*.platform=linux/amd64,linux/arm64\n\n web.tags=x ',
    })
    expect(inputs).toMatchObject({
      files: ['a.json', 'b.json', 'c.json'],
      set: ['*.platform=linux/amd64,linux/arm64', 'web.tags=x'],
      workdir: '.',
      cache: 'none',
      settleSeconds: 3,
      dryRun: false,
      prune: false,
      maxEntries: 256,
    })
    expect(inputs.records).toBeUndefined()
    expect(read({ mode: 'verify' }, true).records).toBe('artifact')
  })

  test.each([
    [{ mode: '' }, "input 'mode': required"],
    [{ mode: 'matrix', cache: 's3' }, "input 'cache': 's3' is not one of none, gha"],
    [{ mode: 'matrix', 'dry-run': 'yes' }, "input 'dry-run': 'yes' is not true or false"],
    [{ mode: 'append', settle: '1e3' }, "input 'settle': '1e3' is not a number"],
    [{ mode: 'append', settle: '601' }, "input 'settle': '601' is not a number of seconds from 0 to 600"],
    [{ mode: 'matrix', files: 'x'.repeat(1024 * 1024 + 1) }, "input 'files': longer than 1048576 bytes"],
  ])('%j is refused', (values, message) => {
    expect(() => read(values)).toThrow(message)
  })

  test('cleanup: verify only; ghcr-registry defaults to ghcr.io and must be a host; github-token kept as given', () => {
    expect(read({ mode: 'verify' })).toMatchObject({ cleanup: false, ghcrRegistry: 'ghcr.io' })
    expect(read({ mode: 'verify' }).githubToken).toBeUndefined()
    expect(
      read({ mode: 'verify', cleanup: 'true', 'ghcr-registry': '127.0.0.1:5000', 'github-token': 't0ken' }),
    ).toMatchObject({ cleanup: true, ghcrRegistry: '127.0.0.1:5000', githubToken: 't0ken' })
    expect(() => read({ mode: 'append', cleanup: 'true' })).toThrow(
      "input 'cleanup': cleanup belongs to verify (after every tag is final), not to append",
    )
    expect(() => read({ mode: 'verify', 'ghcr-registry': 'https://ghcr.io' })).toThrow(
      "input 'ghcr-registry': 'https://ghcr.io' is not a registry host",
    )
  })

  test("annotations: metadata-action's level prefixes", () => {
    const inputs = read({
      mode: 'append',
      annotations: [
        'org.opencontainers.image.title=plain',
        'index:org.opencontainers.image.description=for the index',
        'manifest:org.opencontainers.image.version=1.0',
        'manifest-descriptor:org.opencontainers.image.created=2026-11-28',
        'index-descriptor:org.opencontainers.image.ref.name=1.0',
        'index,manifest:org.opencontainers.image.source=https://x/y,z',
        'manifest[linux/amd64]:org.example.arch=amd64',
      ].join('\n'),
    })
    expect(inputs.annotations).toEqual([
      ['org.opencontainers.image.title', 'plain'],
      ['org.opencontainers.image.description', 'for the index'],
      ['org.opencontainers.image.source', 'https://x/y,z'],
    ])
    expect(inputs.otherAnnotations.imageLevel).toHaveLength(4)
    expect(inputs.otherAnnotations.indexDescriptor).toEqual(['index-descriptor:org.opencontainers.image.ref.name=1.0'])
    expect(() => read({ mode: 'append', annotations: 'layer:a=b' })).toThrow(/input 'annotations': 'layer:a=b'/)
  })

  test('signing: https services (plain http on loopback only), a tlog choice, public-good by default', () => {
    expect(read({ mode: 'verify' })).toMatchObject({ sign: false, signing: { tlog: 'auto' } })
    expect(read({ mode: 'verify' }).signing.fulcioUrl).toBeUndefined()
    const given = read({
      mode: 'verify',
      sign: 'true',
      'sign-tlog': 'false',
      'sigstore-fulcio-url': 'https://fulcio.example/',
      'sigstore-tsa-url': 'http://127.0.0.1:9/tsa/api/v1/timestamp',
      'sigstore-trusted-root': 'root.json',
    })
    expect(given).toMatchObject({
      sign: true,
      signing: {
        tlog: 'false',
        fulcioUrl: 'https://fulcio.example',
        tsaUrl: 'http://127.0.0.1:9/tsa/api/v1/timestamp',
        trustedRoot: 'root.json',
      },
    })
    expect(() => read({ mode: 'verify', 'sigstore-fulcio-url': 'http://fulcio.example' })).toThrow(
      /sigstore-fulcio-url.*https only/,
    )
    expect(() => read({ mode: 'verify', 'sigstore-rekor-url': 'https://u:secret@rekor.example' })).toThrow(
      /^(?!.*secret).*sigstore-rekor-url.*must not carry credentials/,
    )
    expect(() => read({ mode: 'verify', 'sigstore-rekor-url': 'rekor' })).toThrow(/sigstore-rekor-url.*not a URL/)
    expect(() => read({ mode: 'verify', 'sign-tlog': 'maybe' })).toThrow(/sign-tlog/)
    expect(() => read({ mode: 'verify', sign: 'yes' })).toThrow(/sign/)
    expect(() => read({ mode: 'append', sign: 'true' })).toThrow(/sign.*belongs to verify/)
  })

  test('tags are full refs, normalised; a bad one names the input', () => {
    expect(read({ mode: 'append', tags: 'o/app:1\nghcr.io/o/app:latest' }).tags).toEqual([
      'docker.io/o/app:1',
      'ghcr.io/o/app:latest',
    ])
    expect(() => read({ mode: 'append', tags: 'ghcr.io/O/app:1' })).toThrow(/input 'tags': invalid reference/)
  })
})

test('action.yml declares exactly the inputs the code reads (max-entries is CLI-only)', async () => {
  const { readFile } = await import('node:fs/promises')
  const yml = await readFile(new URL('../../action.yml', import.meta.url), 'utf8')
  const inputsBlock = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
  const declared = [...inputsBlock.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])
  expect(declared.sort()).toEqual(INPUT_NAMES.filter((n) => n !== 'max-entries').sort())
})
