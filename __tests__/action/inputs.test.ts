import { readInputs } from '../../src/action/inputs.js'

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
})
