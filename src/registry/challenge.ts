/**
 * `WWW-Authenticate` parsing (RFC 7235): one header may carry several challenges
 * (`Negotiate, Bearer realm="…",service="…"`), each a scheme and its auth-params (or a
 * token68). We speak Bearer and Basic, and prefer Bearer when both are offered.
 */

export interface Challenge {
  scheme: 'bearer' | 'basic'
  realm?: string
  service?: string
}

interface Parsed {
  scheme: string
  params: Record<string, string>
}

/** The Bearer challenge in the header, else the Basic one, else undefined. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined
  const challenges = parseChallenges(header)
  const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic')
  if (!chosen) return undefined
  const { realm, service } = chosen.params
  return {
    scheme: chosen.scheme as Challenge['scheme'],
    ...(realm !== undefined && { realm }),
    ...(service !== undefined && { service }),
  }
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/
const QUOTED = /^"((?:[^"\\]|\\.)*)"/

/** Every challenge, in order: a token not followed by `=` starts one; `name=value` pairs belong to the last. */
export function parseChallenges(header: string): Parsed[] {
  const challenges: Parsed[] = []
  let rest = header
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '')
    const token = TOKEN.exec(rest)?.[0]
    if (!token) break
    rest = rest.slice(token.length)
    const afterSpaces = rest.replace(/^\s+/, '')
    if (afterSpaces.startsWith('=') && challenges.length > 0 && !/^=+\s*(,|$)/.test(afterSpaces)) {
      rest = afterSpaces.slice(1).replace(/^\s+/, '')
      const quoted = QUOTED.exec(rest)
      const value = quoted ? quoted[1].replace(/\\(.)/g, '$1') : (/^[^\s,]*/.exec(rest)?.[0] ?? '')
      rest = rest.slice(quoted ? quoted[0].length : value.length)
      challenges[challenges.length - 1].params[token.toLowerCase()] = value
    } else if (afterSpaces.startsWith('=')) {
      rest = afterSpaces.replace(/^=+/, '') // a token68's padding
    } else {
      challenges.push({ scheme: token.toLowerCase(), params: {} })
    }
  }
  return challenges
}
