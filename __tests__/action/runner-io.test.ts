import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { jest } from '@jest/globals'
import { formatCommand, setOutput } from '../../src/action/runner-io.js'
import { parseOutputFile } from '../helpers/action.js'
import { tempDir } from '../helpers/fixtures.js'

describe('setOutput', () => {
  const saved = process.env.GITHUB_OUTPUT
  afterEach(() => (process.env.GITHUB_OUTPUT = saved))

  test('one-line values in the short form, multi-line ones in a heredoc; the runner reads back each as written', async () => {
    const file = path.join(await tempDir(), 'output')
    process.env.GITHUB_OUTPUT = file
    const values = {
      matrix: '[{"target":"app","tags":"a\\nb"}]',
      tricky: 'x=y<<z', // `=` and `<<` inside a value: split at the first `=`
      empty: '',
      lines: 'ghcr.io/a:1\nghcr.io/a:latest',
      crlf: 'one\r\ntwo',
    }
    for (const [name, value] of Object.entries(values)) await setOutput(name, value)
    const text = await readFile(file, 'utf8')
    expect(text.split('\n').slice(0, 3)).toEqual([`matrix=${values.matrix}`, 'tricky=x=y<<z', 'empty='])
    expect(text).toMatch(/^lines<<ghadelimiter_[0-9a-f-]{36}$/m) // core's random delimiter
    expect(parseOutputFile(text)).toEqual({ ...values, crlf: 'one\ntwo' })
  })
})

describe('formatCommand', () => {
  // @actions/core's own formatting is the reference: the runner unescapes what it escapes.
  const cases: [string, Record<string, string>, string][] = [
    ['error', {}, 'plain'],
    ['error', {}, '100% done\r\nnext line\nlast'],
    ['warning', { title: 'a: b, c', file: 'x%y' }, 'multi\nline'],
    ['add-mask', {}, 'se:cr,et%0A'],
    ['set-output', { name: 'matrix' }, '[{"a":"b,c:d"}]'],
    ['notice', { line: '3' }, ''],
  ]
  test.each(cases)('%s %j %j is written as @actions/core writes it', async (command, properties, message) => {
    const { issueCommand } = await import('../../node_modules/@actions/core/lib/command.js')
    const written: string[] = []
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk))
      return true
    })
    try {
      issueCommand(command, properties, message)
    } finally {
      spy.mockRestore()
    }
    expect(formatCommand(command, properties, message) + '\n').toBe(written.join(''))
  })
})
