/**
 * GitHub Packages' REST API for container packages: a package's versions listed (with
 * `Link` pagination), read and deleted. It goes through the run's proxy-aware
 * connections and retries 429/5xx. The token goes to the API's own origin only: a
 * `Link` to another origin is refused, and the token is sent over plain HTTP only to
 * loopback (a test's fake API).
 */
import { isJsonObject } from '../common/json.js'
import { isLoopbackHost } from '../oci/reference.js'
import type { Connections } from '../registry/connections.js'
import { type Response, discard, exchange, readLimited } from '../registry/http.js'
import {
  type RetryClock,
  type RetryPolicy,
  RetryableError,
  parseRetryAfter,
  realClock,
  withRetry,
} from '../registry/retry.js'

/** One package version as GitHub lists it: its digest is the version's `name`. */
export interface PackageVersion {
  id: number
  digest: string
  tags: string[]
  /** ISO time GitHub created the version (its first PUT). */
  createdAt: string
}

/** A container package: `owner/name` where the name may hold slashes (sent URL-encoded: `a%2Fb`). */
export interface PackageRef {
  owner: string
  name: string
  /** `orgs` or `users`, from `GET /users/{owner}`. */
  kind: 'orgs' | 'users'
}

/** 401, 403 or 404 from the API: the token may not do this (or does not see the package). */
export class PackagesAccessError extends Error {
  override readonly name = 'PackagesAccessError'

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

/** Any other answer the API should not give, or one that cannot be read. */
export class PackagesApiError extends Error {
  override readonly name = 'PackagesApiError'
}

export interface PackagesApiOptions {
  /** GITHUB_API_URL: `https://api.github.com`, or GitHub Enterprise's `https://HOST/api/v3`. */
  baseUrl: string
  token: string
  connections: Connections
  retry: RetryPolicy
  clock?: RetryClock
}

const PER_PAGE = 100
/** Pages followed before giving up: 100,000 versions. */
const MAX_PAGES = 1000
const MAX_BODY_BYTES = 8 * 1024 * 1024
const ATTEMPT_TIMEOUT_MS = 60_000

export class PackagesApi {
  private readonly base: URL
  private readonly clock: RetryClock

  constructor(private readonly options: PackagesApiOptions) {
    this.base = new URL(options.baseUrl.replace(/\/+$/, '') + '/')
    if (this.base.protocol !== 'https:' && !(this.base.protocol === 'http:' && isLoopbackHost(this.base.hostname)))
      throw new PackagesApiError(`GITHUB_API_URL ${this.base.origin}: https only (the token is sent there)`)
    this.clock = options.clock ?? realClock
  }

  /** `orgs` or `users`: where the owner's packages live. */
  async ownerKind(owner: string): Promise<'orgs' | 'users'> {
    const body = await this.json('GET', this.url(`users/${encodeURIComponent(owner)}`))
    const type = isJsonObject(body.value) ? body.value.type : undefined
    if (type === 'Organization') return 'orgs'
    if (type === 'User') return 'users'
    throw new PackagesApiError(`GET /users/${owner}: no type User or Organization in the answer`)
  }

  /** Every active version of the package, following `Link: <…>; rel="next"`. */
  async listVersions(pkg: PackageRef): Promise<PackageVersion[]> {
    const versions: PackageVersion[] = []
    let next: URL | undefined = this.url(`${packagePath(pkg)}/versions?state=active&per_page=${PER_PAGE}&page=1`)
    for (let page = 0; next; page++) {
      if (page >= MAX_PAGES) throw new PackagesApiError(`${packagePath(pkg)}: more than ${MAX_PAGES} pages of versions`)
      const { value, link }: { value: unknown; link?: string } = await this.json('GET', next)
      if (!Array.isArray(value)) throw new PackagesApiError(`${packagePath(pkg)}/versions: not a list`)
      versions.push(...value.map((v) => parseVersion(v, packagePath(pkg))))
      next = this.nextPage(link)
    }
    return versions
  }

  /** The version as GitHub has it now; undefined when it is gone. */
  async getVersion(pkg: PackageRef, id: number): Promise<PackageVersion | undefined> {
    const where = `${packagePath(pkg)}/versions/${id}`
    const body = await this.json('GET', this.url(where), { goneIs404: true })
    return body.gone ? undefined : parseVersion(body.value, where)
  }

  /** Deletes the version (restorable for 30 days); a version already gone is not an error. */
  async deleteVersion(pkg: PackageRef, id: number): Promise<void> {
    await this.json('DELETE', this.url(`${packagePath(pkg)}/versions/${id}`), { goneIs404: true })
  }

  /** The endpoint that restores a deleted version (POST), as the log names it. */
  restoreEndpoint(pkg: PackageRef, id: number): string {
    return `POST ${this.url(`${packagePath(pkg)}/versions/${id}/restore`).href}`
  }

  private url(path: string): URL {
    return new URL(path, this.base)
  }

  /** A next page on the API's own origin only: the token never follows a link elsewhere. */
  private nextPage(link: string | undefined): URL | undefined {
    const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(link ?? '')?.[1]
    if (!next) return undefined
    const url = new URL(next, this.base)
    if (url.origin !== this.base.origin)
      throw new PackagesApiError(`a Link to another origin (${url.origin}) is not followed`)
    return url
  }

  private async json(
    method: 'GET' | 'DELETE',
    url: URL,
    { goneIs404 = false } = {},
  ): Promise<{ value: unknown; link?: string; gone?: boolean }> {
    const what = `${method} ${url.pathname}`
    return withRetry(
      async () => {
        const res = await this.send(method, url)
        const status = res.statusCode
        if (status === 404 && goneIs404) {
          await discard(res)
          return { value: undefined, gone: true }
        }
        if (status === 401 || status === 403 || status === 404) {
          await discard(res)
          throw new PackagesAccessError(`${what}: HTTP ${status}`, status)
        }
        if (status === 429 || status >= 500) {
          await discard(res)
          throw new RetryableError(`${what}: HTTP ${status}`, parseRetryAfter(header(res, 'retry-after'), Date.now()))
        }
        if (status < 200 || status >= 300) {
          await discard(res)
          throw new PackagesApiError(`${what}: HTTP ${status}`)
        }
        const text = (await readLimited(res, MAX_BODY_BYTES, what)).toString('utf8')
        return { value: parseJson(text, what), link: header(res, 'link') }
      },
      this.options.retry,
      this.clock,
    )
  }

  private async send(method: string, url: URL): Promise<Response> {
    const route = await this.options.connections.route(url, true)
    return exchange(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.options.token}`,
        'user-agent': 'bake-fanout',
        'x-github-api-version': '2022-11-28',
      },
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      route,
    })
  }
}

/** `orgs/{owner}/packages/container/{name}` with the name as one URL-encoded segment. */
export function packagePath(pkg: PackageRef): string {
  return `${pkg.kind}/${encodeURIComponent(pkg.owner)}/packages/container/${encodeURIComponent(pkg.name)}`
}

function header(res: Response, name: string): string | undefined {
  const value = res.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function parseJson(text: string, what: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw new PackagesApiError(`${what}: the answer is not JSON`)
  }
}

const DIGEST = /^sha256:[0-9a-f]{64}$/

/** A version as read: anything else in the answer is not trusted to decide a deletion. */
function parseVersion(value: unknown, where: string): PackageVersion {
  const bad = (what: string) => new PackagesApiError(`${where}: a version ${what}`)
  if (!isJsonObject(value)) throw bad('that is not an object')
  const { id, name, created_at: createdAt, metadata } = value
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw bad('without a numeric id')
  if (typeof name !== 'string' || !DIGEST.test(name)) throw bad(`${id} whose name is not a sha256 digest`)
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) throw bad(`${id} without created_at`)
  const container = isJsonObject(metadata) && isJsonObject(metadata.container) ? metadata.container : undefined
  const tags = container?.tags ?? []
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw bad(`${id} whose tags are not strings`)
  return { id, digest: name, tags: tags as string[], createdAt }
}
