import { csvFields, formatEntry, parseEntries, parseEntry } from '../../src/bake/entries.js'

describe('bake entries (output, cache-from, cache-to)', () => {
  test('CSV fields as Go encoding/csv reads them: quoted commas, doubled quotes', () => {
    expect(csvFields('type=image,"name=a,b",push=true', 'x')).toEqual(['type=image', 'name=a,b', 'push=true'])
    expect(csvFields('"annotation-index.t=say ""hi"", twice",type=image', 'x')).toEqual([
      'annotation-index.t=say "hi", twice',
      'type=image',
    ])
    expect(csvFields('a=1,,b=2', 'x')).toEqual(['a=1', '', 'b=2'])
  })

  test.each([
    ['"name=a', /unterminated quote/],
    ['"name=a"x,push=true', /text after a closing quote/],
    ['name=a"b', /a bare quote/],
  ])('malformed CSV %j is refused naming where', (text, why) => {
    expect(() => csvFields(text, "target 'web' output")).toThrow(why)
    expect(() => csvFields(text, "target 'web' output")).toThrow("target 'web' output")
  })

  test('shorthands as bake reads them: a bare output path is local, - is a tar, a bare cache is a registry ref', () => {
    expect(parseEntry('./bin', 'output', 'x').attrs).toEqual([
      ['type', 'local'],
      ['dest', './bin'],
    ])
    expect(parseEntry('-', 'output', 'x').attrs).toEqual([
      ['type', 'tar'],
      ['dest', '-'],
    ])
    expect(parseEntry('user/app:cache', 'cache', 'x').attrs).toEqual([
      ['type', 'registry'],
      ['ref', 'user/app:cache'],
    ])
  })

  test('a cache item of bare refs is one registry cache per ref, as buildx reads it', () => {
    expect(parseEntries('r.io/c:a,r.io/c:b', 'cache', 'x').map((e) => e.attrs)).toEqual([
      [
        ['type', 'registry'],
        ['ref', 'r.io/c:a'],
      ],
      [
        ['type', 'registry'],
        ['ref', 'r.io/c:b'],
      ],
    ])
    expect(parseEntries('type=gha,scope=a', 'cache', 'x')).toHaveLength(1)
    expect(() => parseEntries('./a,./b', 'output', 'x')).toThrow("'./a' is not key=value")
  })

  test('the object form newer bake --print writes, and a field that is not key=value', () => {
    expect(
      parseEntry({ type: 'registry', compression: 'zstd', 'compression-level': 9, push: true }, 'output', 'x').attrs,
    ).toEqual([
      ['type', 'registry'],
      ['compression', 'zstd'],
      ['compression-level', '9'],
      ['push', 'true'],
    ])
    expect(() => parseEntry('type=image,oops', 'output', "target 'w' output")).toThrow("'oops' is not key=value")
    expect(() => parseEntry(7, 'output', "target 'w' output")).toThrow('a string or an object')
    expect(() => parseEntry({ type: ['x'] }, 'output', 'o')).toThrow('string, number or boolean')
  })

  test('formatting reads back to the same attributes; fields are quoted exactly when CSV needs it', () => {
    const text = 'type=registry,"name=a,b","annotation-index.d=x ""y""",compression=zstd'
    const entry = parseEntry(text, 'output', 'x')
    expect(formatEntry(entry)).toBe(text)
    expect(parseEntry(formatEntry(entry), 'output', 'x')).toEqual(entry)
    expect(formatEntry({ attrs: [['name', 'a']] }, new Set(['name']))).toBe('"name=a"')
    expect(formatEntry({ attrs: [['k', 'a\nb']] })).toBe('"k=a\nb"')
  })
})

test("a packed entry's tag lines may name a target `constructor` or `__proto__`: plain data, no prototype", async () => {
  const { parseTagInput } = await import('../../src/bake/target-tags.js')
  const { byTarget } = parseTagInput(['constructor=ghcr.io/o/a:1', '__proto__=ghcr.io/o/b:1', 'app=ghcr.io/o/c:1'])
  expect(Object.keys(byTarget ?? {})).toEqual(['constructor', '__proto__', 'app'])
  expect(byTarget?.constructor).toEqual(['ghcr.io/o/a:1'])
  expect(() => parseTagInput(['app=ghcr.io/o/c:1', 'ghcr.io/o/d:1'])).toThrow('either every line names its target')
})
