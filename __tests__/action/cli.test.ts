import { parseArgs } from '../../src/action/cli.js'

describe('CLI arguments', () => {
  test('flags named like the inputs; repeated flags add lines; booleans need no value', () => {
    const values = parseArgs([
      'verify',
      '--records',
      'dir',
      '--prune',
      '--annotations',
      'a=1',
      '--annotations=b=2',
      '--dry-run',
    ])
    expect(Object.fromEntries(values)).toEqual({
      mode: 'verify',
      records: 'dir',
      prune: 'true',
      annotations: 'a=1\nb=2',
      'dry-run': 'true',
    })
  })

  test.each([
    [['--files', 'x'], /usage: bake-fanout/],
    [['matrix', 'extra'], /unexpected argument 'extra'/],
    [['matrix', '--mode', 'x'], /unknown flag '--mode'/],
    [['matrix', '--files'], /flag '--files' needs a value/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message)
  })
})
