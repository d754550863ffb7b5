/** The one output path: no line it prints can start a runner command, whatever it was given. */
import { inert, inertJson } from '../../src/common/inert.js'

describe('inert', () => {
  test.each([
    ['::add-mask::x', '» ::add-mask::x'],
    ['  ::stop-commands::t', '  » ::stop-commands::t'],
    ['a\n::warning::fake', 'a\n» ::warning::fake'],
    ['a\r::error::fake', 'a\n» ::error::fake'],
    ['a\r\n\t::debug::x', 'a\n\t» ::debug::x'],
    // The runner trims blanks as .NET does: NEL (U+0085) and no-break spaces count.
    ['x\n\u0085::add-mask::secret', 'x\n\u0085» ::add-mask::secret'],
    ['\u00a0\u2003::add-mask::y', '\u00a0\u2003» ::add-mask::y'],
    ['text ##[add-mask]z', 'text ## [add-mask]z'],
    ['plain text: a::b', 'plain text: a::b'],
  ])('%j', (input, output) => {
    expect(inert(input)).toBe(output)
  })

  test('JSON keeps its value: ##[ is written as an escape any JSON reader decodes back', () => {
    const value = { error: 'x ##[add-mask]y' }
    const text = inertJson(value)
    expect(text).not.toContain('##[')
    expect(JSON.parse(text)).toEqual(value)
  })
})
