/**
 * A small YAML emitter for documents this tool writes (GitLab pipelines): block style,
 * every string double-quoted as JSON quotes it, so no value — a bake `--set` line, a tag,
 * a target name — is ever read back as anything else (no `yes` turned boolean by YAML 1.1
 * parsers such as GitLab's, no `&`, `*`, `!reference`, `#` or `: ` taking effect).
 * Characters YAML does not allow raw (C1 controls, DEL, BOM, non-characters) are escaped,
 * and so is `##[` (as `#\u0023[`, the same string to any YAML reader), as the CLI's JSON
 * does: printed inside a CI runner, no line of the document can start a workflow command.
 */

export type YamlValue = string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue }

/**
 * Characters outside YAML's printable set that JSON.stringify leaves raw (it escapes C0
 * controls and lone surrogates itself).
 */
const NOT_PRINTABLE = /[\u007f-\u0084\u0086-\u009f\ufeff\ufffe\uffff]/g

/** A double-quoted YAML scalar: JSON's quoting, plus the escapes YAML needs beyond it. */
export function yamlString(text: string): string {
  return JSON.stringify(text)
    .replace(NOT_PRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('##[', '#\\u0023[')
}

/** A key: bare when it is a plain word, else quoted. */
function yamlKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : yamlString(key)
}

function scalar(value: YamlValue): string | undefined {
  if (typeof value === 'string') return yamlString(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value) && value.length === 0) return '[]'
  if (!Array.isArray(value) && Object.keys(value).length === 0) return '{}'
  return undefined
}

function lines(value: YamlValue, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item: YamlValue) => {
      const plain = scalar(item)
      if (plain !== undefined) return [`${indent}- ${plain}`]
      const [first, ...rest] = lines(item, `${indent}  `)
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...rest]
    })
  }
  return Object.entries(value as Record<string, YamlValue>).flatMap(([key, item]) => {
    const plain = scalar(item)
    if (plain !== undefined) return [`${indent}${yamlKey(key)}: ${plain}`]
    return [`${indent}${yamlKey(key)}:`, ...lines(item, `${indent}  `)]
  })
}

/** A YAML document of a mapping, with `#` comment lines above it. */
export function yamlDocument(root: { readonly [key: string]: YamlValue }, comments: readonly string[] = []): string {
  const header = comments.map((c) => `# ${c.replace(/[\r\n]+/g, ' ')}`.trimEnd())
  return [...header, ...lines(root, '')].join('\n') + '\n'
}
