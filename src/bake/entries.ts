/**
 * Output and cache entries as bake reads them: `type=registry,"name=a,b",compression=zstd`
 * (CSV fields, each `key=value`, quoted as Go's encoding/csv quotes), a shorthand (an
 * output `./bin` is `type=local,dest=./bin`, `-` is a tar on stdout; a cache `user/app:cache`
 * is a registry ref), or the object form newer `bake --print` writes. Pure.
 */
import { InputError } from '../common/errors.js'
import { isJsonObject } from '../common/json.js'

/** One entry's `key=value` attributes, in the order written (`type` among them). */
export interface BakeEntry {
  attrs: Array<[string, string]>
}

export type EntryKind = 'output' | 'cache'

/**
 * One item of an `output`/`cache-*` list as entries: a cache item of bare refs only
 * (`user/app:a,user/app:b`) is one registry cache per ref, as buildx reads it.
 */
export function parseEntries(value: unknown, kind: EntryKind, where: string): BakeEntry[] {
  if (kind === 'cache' && typeof value === 'string') {
    const fields = csvFields(value, where)
    if (fields.length > 1 && fields.every((f) => f !== '' && !f.includes('='))) {
      return fields.map((ref) => shorthand(ref, 'cache'))
    }
  }
  return [parseEntry(value, kind, where)]
}

export function parseEntry(value: unknown, kind: EntryKind, where: string): BakeEntry {
  if (isJsonObject(value)) {
    return { attrs: Object.entries(value).map(([key, v]) => [key, attributeText(v, `${where}: ${key}`)]) }
  }
  if (typeof value !== 'string') throw new InputError('files', `${where}: an entry must be a string or an object`)
  const fields = csvFields(value, where)
  if (fields.length === 1 && !fields[0].includes('=')) return shorthand(fields[0], kind)
  return {
    attrs: fields.map((field) => {
      const eq = field.indexOf('=')
      if (eq <= 0) throw new InputError('files', `${where}: '${field}' is not key=value`)
      return [field.slice(0, eq).trim().toLowerCase(), field.slice(eq + 1)]
    }),
  }
}

function shorthand(text: string, kind: EntryKind): BakeEntry {
  if (kind === 'cache')
    return {
      attrs: [
        ['type', 'registry'],
        ['ref', text],
      ],
    }
  if (text === '-')
    return {
      attrs: [
        ['type', 'tar'],
        ['dest', '-'],
      ],
    }
  return {
    attrs: [
      ['type', 'local'],
      ['dest', text],
    ],
  }
}

function attributeText(value: unknown, where: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new InputError('files', `${where}: an attribute must be a string, number or boolean`)
}

/** The entry's type; bake's default for an entry without one is an image (outputs) or registry (caches). */
export function entryType(entry: BakeEntry): string {
  return attribute(entry, 'type') ?? ''
}

export function attribute(entry: BakeEntry, key: string): string | undefined {
  return entry.attrs.find(([k]) => k === key)?.[1]
}

/** A copy with `key` set: in its place when present, else appended. */
export function withAttribute(entry: BakeEntry, key: string, value: string): BakeEntry {
  const present = entry.attrs.some(([k]) => k === key)
  return {
    attrs: present
      ? entry.attrs.map(([k, v]): [string, string] => (k === key ? [k, value] : [k, v]))
      : [...entry.attrs, [key, value]],
  }
}

export function withoutAttributes(entry: BakeEntry, keys: ReadonlySet<string>): BakeEntry {
  return { attrs: entry.attrs.filter(([k]) => !keys.has(k)) }
}

/** The CSV bake reads back to the same attributes; `quoted` names fields quoted even when they need not be. */
export function formatEntry(entry: BakeEntry, quoted: ReadonlySet<string> = new Set()): string {
  return entry.attrs
    .map(([key, value]) => {
      const field = `${key}=${value}`
      return quoted.has(key) || needsQuotes(field) ? `"${field.replaceAll('"', '""')}"` : field
    })
    .join(',')
}

/** Go's encoding/csv rule: a delimiter, a quote, a line break or a leading space needs quotes. */
function needsQuotes(field: string): boolean {
  return /[",\r\n]/.test(field) || field.startsWith(' ') || field.startsWith('\t')
}

/** One CSV record, as Go's encoding/csv reads it (a quoted field: `""` is a quote). */
export function csvFields(text: string, where: string): string[] {
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (text[i] === '"') {
      let field = ''
      i++
      for (;;) {
        const close = text.indexOf('"', i)
        if (close < 0) throw new InputError('files', `${where}: unterminated quote in ${JSON.stringify(text)}`)
        field += text.slice(i, close)
        i = close + 1
        if (text[i] !== '"') break
        field += '"'
        i++
      }
      if (i < text.length && text[i] !== ',') {
        throw new InputError('files', `${where}: text after a closing quote in ${JSON.stringify(text)}`)
      }
      fields.push(field)
    } else {
      const comma = text.indexOf(',', i)
      const end = comma < 0 ? text.length : comma
      const field = text.slice(i, end)
      if (field.includes('"')) throw new InputError('files', `${where}: a bare quote in ${JSON.stringify(text)}`)
      fields.push(field)
      i = end
    }
    if (i >= text.length) return fields
    i++ // the comma
  }
}
