import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { setOutput } from '../../src/action/runner-io.js'
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
