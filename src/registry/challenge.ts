/** `WWW-Authenticate` parsing (RFC 7235 auth-params, as registries send them). */

export interface Challenge {
  scheme: 'bearer' | 'basic'
  realm?: string
  service?: string
  scope?: string
}

/** The first Bearer or Basic challenge in the header, or undefined. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined
  const match = /^\s*(Bearer|Basic)\b\s*(.*)$/i.exec(header)
  if (!match) return undefined
  const scheme = match[1].toLowerCase() as Challenge['scheme']
  const params: Record<string, string> = {}
  const param = /([a-zA-Z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g
  for (const [, key, quoted, bare] of match[2].matchAll(param)) {
    params[key.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : bare
  }
  return {
    scheme,
    ...(params.realm !== undefined && { realm: params.realm }),
    ...(params.service !== undefined && { service: params.service }),
    ...(params.scope !== undefined && { scope: params.scope }),
  }
}
