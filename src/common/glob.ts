/**
 * Shell-style globs for target names and platforms: `*` any run of characters
 * (slashes included, so `linux/arm/*` and `linux/*` both work), `?` one character,
 * `[abc]` a class. Everything else is literal.
 */
export function globToRegExp(glob: string): RegExp {
  let re = compiled.get(glob)
  if (!re) {
    re = compile(glob)
    compiled.set(glob, re)
  }
  return re
}

/** Patterns repeat (one per runner rule, per `--set` line): compile each once. */
const compiled = new Map<string, RegExp>()

function compile(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]
    if (c === '*') source += '.*'
    else if (c === '?') source += '.'
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1)
      if (end < 0) {
        source += '\\['
        continue
      }
      const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\')
      source += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`
      i = end
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

export function isGlob(text: string): boolean {
  return /[*?[\]]/.test(text)
}
