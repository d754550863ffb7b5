import { escapeCell, markdownTable } from '../../src/common/markdown.js'

describe('summary', () => {
  test('cells are escaped: a tag cannot break the table or inject HTML', () => {
    expect(escapeCell('a|b<script>\nc')).toBe('a\\|b&lt;script&gt;<br>c')
    expect(markdownTable(['x', 'y'], [['1|2', { html: '<b>ok</b>' }]])).toBe(
      '| x | y |\n| --- | --- |\n| 1\\|2 | <b>ok</b> |\n',
    )
  })
})
