/**
 * Image references, parsed and normalised like docker does:
 * `user/img:1` → `docker.io/user/img:1`, `img` → `docker.io/library/img:latest`.
 */

export interface ImageRef {
  /** Registry as users name it: `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string
  /** Repository path inside the registry: `library/alpine`. */
  repository: string
  tag?: string
  digest?: string
}

/** A repository in a registry: `{ registry: 'ghcr.io', repository: 'o/app' }`. */
export type RepositoryRef = Pick<ImageRef, 'registry' | 'repository'>

export const DOCKER_HUB = 'docker.io'
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io'])
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[a-fA-F0-9:]+\])(?::\d{1,5})?$/
const MAX_NAME_LENGTH = 255

/** `sha256:` + 64 lowercase hex (or sha512): a digest safe to put in a request path. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** A host name (no port) on this machine: spoken to without certificate checks, or over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname)
}

export function isDigest(text: unknown): text is string {
  return typeof text === 'string' && DIGEST.test(text)
}

/** Throws unless `text` is `sha256:` + 64 lowercase hex (or sha512). */
export function assertDigest(text: unknown, what: string): string {
  if (typeof text !== 'string' || !DIGEST.test(text)) {
    throw new Error(`${what} is not a valid digest: ${JSON.stringify(text)} (expected sha256:<64 hex>)`)
  }
  return text
}

/** Parses `[host[:port]/]path[:tag][@digest]`; throws with the reason on anything invalid. */
export function parseReference(text: string): ImageRef {
  const input = text.trim()
  if (input === '') throw new Error('empty image reference')
  let rest = input
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) throw new Error(`invalid reference '${input}': bad digest '${digest}'`)
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) {
      throw new Error(
        `invalid reference '${input}': tag '${tag}' must be 1-128 characters of [A-Za-z0-9_.-], not starting with . or -`,
      )
    }
  }
  const { registry, path } = splitRegistry(rest, input)
  for (const component of path.split('/')) {
    if (!COMPONENT.test(component)) {
      const why = component.toLowerCase() !== component ? 'repository names must be lowercase' : 'bad characters'
      throw new Error(`invalid reference '${input}': '${component}': ${why}`)
    }
  }
  if (registry.length + 1 + path.length > MAX_NAME_LENGTH) {
    throw new Error(`invalid reference '${input}': name longer than ${MAX_NAME_LENGTH} characters`)
  }
  return { registry, repository: path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) }
}

function splitRegistry(name: string, input: string): { registry: string; path: string } {
  const slash = name.indexOf('/')
  const first = slash < 0 ? '' : name.slice(0, slash)
  const isHost = slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase())
  if (!isHost) {
    return { registry: DOCKER_HUB, path: slash < 0 ? `library/${name}` : name }
  }
  if (!HOST.test(first)) throw new Error(`invalid reference '${input}': bad registry host '${first}'`)
  const port = /:(\d+)$/.exec(first)?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new Error(`invalid reference '${input}': port ${port} of '${first}' is not between 1 and 65535`)
  }
  const path = name.slice(slash + 1)
  if (DOCKER_HUB_ALIASES.has(first.toLowerCase())) {
    return { registry: DOCKER_HUB, path: path.includes('/') ? path : `library/${path}` }
  }
  return { registry: first.toLowerCase(), path }
}

/** A tag reference: the tag defaults to `latest`; digests are refused (a tag is what we write to). */
export function parseTagReference(text: string): Required<Omit<ImageRef, 'digest'>> {
  const ref = parseReference(text)
  if (ref.digest) throw new Error(`invalid tag '${text}': a tag reference cannot carry a digest`)
  return { registry: ref.registry, repository: ref.repository, tag: ref.tag ?? 'latest' }
}

/** `registry/repository`, the canonical repository name. */
export function repositoryName(ref: Pick<ImageRef, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`
}

export function formatReference(ref: ImageRef): string {
  return repositoryName(ref) + (ref.tag ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '')
}

/** Normalises a tag ref to its full form: `docker.io/library/img:latest`. */
export function normalizeTag(text: string): string {
  return formatReference(parseTagReference(text))
}

/** Host that serves the registry API: Docker Hub's is not its name. */
export function apiHost(registry: string): string {
  return registry === DOCKER_HUB ? 'registry-1.docker.io' : registry
}
