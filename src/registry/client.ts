/**
 * One registry, spoken to over the OCI distribution API. Auth (Bearer token flow
 * with cached per-scope tokens, or Basic), retries, redirects and request counting
 * live here; callers see manifests and blobs.
 */
import type { Readable } from 'node:stream'
import type { Dispatcher } from 'undici'
import { request } from 'undici'
import type { Logger } from '../log.js'
import { sha256Digest } from '../oci/digest.js'
import { MANIFEST_ACCEPT } from '../oci/types.js'
import { apiHost } from '../reference.js'
import { type Challenge, parseChallenge } from './challenge.js'
import type { Credentials } from './credentials.js'
import {
  type RetryClock,
  type RetryPolicy,
  RetryableError,
  isRetryableStatus,
  parseRetryAfter,
  realClock,
  withRetry,
} from './retry.js'

export interface RegistryClientOptions {
  /** As named in refs: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string
  credentials?: Credentials
  /**
   * Loopback, or listed in insecure-registries: TLS without certificate checks, and
   * plain HTTP when the host does not speak TLS at all (docker's rule).
   */
  insecure: boolean
  /** Proxy-aware; `unverified` skips certificate checks and is used only for an insecure registry's own host. */
  dispatchers: { verified: Dispatcher; unverified: Dispatcher }
  retry: RetryPolicy
  log: Logger
  clock?: RetryClock
}

/** A non-retryable answer, with the registry's own error code and message. */
export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'RegistryError'
  }
}

export interface FetchedManifest {
  bytes: Buffer
  digest: string
  mediaType: string
  size: number
}

export interface ManifestHead {
  digest: string
  mediaType: string
  size: number
}

/**
 * Requests made, by method, and token fetches: for benchmarks, tests and the log. A TLS
 * handshake refused by a plain-HTTP registry is not a request and is not counted.
 */
export interface RequestStats {
  byMethod: Record<string, number>
  tokens: number
}

type Body = Buffer | Readable
type Response = Dispatcher.ResponseData

interface Send {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'
  path: string
  /** Repositories and the actions needed: `repository:<name>:pull,push`. */
  scopes: string[]
  headers?: Record<string, string>
  body?: () => Body | Promise<Body>
  deadline?: number
  /** Answers returned to the caller instead of raised (404 for a missing tag). */
  accept?: number[]
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
const MAX_CONFIG_BYTES = 16 * 1024 * 1024
const MAX_REDIRECTS = 5
const TOKEN_LIFETIME_FALLBACK_S = 60

export class RegistryClient {
  readonly registry: string
  readonly stats: RequestStats = { byMethod: {}, tokens: 0 }
  private readonly host: string
  /** `https://host`, or `http://host` once an insecure registry turned out not to speak TLS. */
  private origin: string
  private readonly clock: RetryClock
  private readonly pushRepositories = new Set<string>()
  private readonly tokens = new Map<string, Promise<{ token: string; expiresAt: number }>>()
  private challenge?: Promise<Challenge | undefined>

  constructor(private readonly options: RegistryClientOptions) {
    this.registry = options.registry
    this.host = apiHost(options.registry)
    this.origin = `https://${this.host}`
    this.clock = options.clock ?? realClock
  }

  /** Declares that we will write to `repository`, so one pull+push token serves reads and writes. */
  willPush(repository: string): void {
    this.pushRepositories.add(repository)
  }

  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const res = await this.send({
      method: 'GET',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [this.scope(repository)],
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      accept: [404],
    })
    if (res.statusCode === 404) return drainAndReturn(res, undefined)
    const bytes = await readLimited(res, MAX_MANIFEST_BYTES, `manifest ${this.where(repository, reference)}`)
    const digest = sha256Digest(bytes)
    if (reference.includes(':') && digest !== reference) {
      throw new Error(`${this.where(repository, reference)}: the registry served content with digest ${digest}`)
    }
    const mediaType = contentType(res) || mediaTypeOf(bytes)
    return { bytes, digest, mediaType, size: bytes.length }
  }

  async headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const res = await this.send({
      method: 'HEAD',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [this.scope(repository)],
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
      accept: [404],
    })
    await res.body.dump()
    if (res.statusCode === 404) return undefined
    const digest = header(res, 'docker-content-digest')
    if (!digest) return (await this.getManifest(repository, reference)) ?? undefined
    return { digest, mediaType: contentType(res), size: Number(header(res, 'content-length') ?? 0) }
  }

  /** PUTs a manifest; `deadline` bounds retries (the append freshness rule). Returns its digest. */
  async putManifest(
    repository: string,
    reference: string,
    manifest: { bytes: Buffer; mediaType: string },
    deadline?: number,
  ): Promise<string> {
    this.willPush(repository)
    const res = await this.send({
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [this.scope(repository)],
      headers: { 'content-type': manifest.mediaType },
      body: () => manifest.bytes,
      deadline,
    })
    await res.body.dump()
    return header(res, 'docker-content-digest') ?? sha256Digest(manifest.bytes)
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.send({
      method: 'HEAD',
      path: `/v2/${repository}/blobs/${digest}`,
      scopes: [this.scope(repository)],
      accept: [404],
    })
    await res.body.dump()
    return res.statusCode !== 404
  }

  /** Cross-repository mount within this registry. False when the registry started an upload instead. */
  async mountBlob(repository: string, digest: string, from: string): Promise<boolean> {
    this.willPush(repository)
    const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`
    const res = await this.send({
      method: 'POST',
      path: `/v2/${repository}/blobs/uploads/?${query}`,
      scopes: [this.scope(repository), `repository:${from}:pull`],
    })
    await res.body.dump()
    if (res.statusCode === 201) return true
    const location = header(res, 'location')
    if (location) await this.cancelUpload(repository, location)
    return false
  }

  /**
   * Monolithic upload: POST for a session, then PUT the bytes to its Location with the
   * digest (distribution 2.8 supports no single-request upload). `body` is called again
   * on a retry, so a stream is opened afresh.
   */
  async uploadBlob(repository: string, digest: string, size: number, body: () => Promise<Body>): Promise<void> {
    this.willPush(repository)
    const scopes = [this.scope(repository)]
    await withRetry(
      async () => {
        const start = await this.send({ method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scopes })
        await start.body.dump()
        const location = header(start, 'location')
        if (!location) throw new Error(`${this.registry}/${repository}: upload started without a Location`)
        const url = new URL(location, this.origin)
        url.searchParams.set('digest', digest)
        const res = await this.send({
          method: 'PUT',
          path: url.pathname + url.search,
          scopes,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
          body,
        })
        await res.body.dump()
      },
      this.options.retry,
      this.clock,
    )
  }

  /** A small blob (an image config), digest-checked. */
  async getBlob(repository: string, digest: string): Promise<Buffer> {
    const res = await this.send({
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      scopes: [this.scope(repository)],
    })
    const bytes = await readLimited(res, MAX_CONFIG_BYTES, `blob ${this.where(repository, digest)}`)
    if (sha256Digest(bytes) !== digest)
      throw new Error(`${this.where(repository, digest)}: blob content does not match its digest`)
    return bytes
  }

  /** A blob as a stream, for copying between registries. */
  async openBlob(repository: string, digest: string): Promise<Readable> {
    const res = await this.send({
      method: 'GET',
      path: `/v2/${repository}/blobs/${digest}`,
      scopes: [this.scope(repository)],
    })
    return res.body
  }

  private async cancelUpload(repository: string, location: string): Promise<void> {
    const url = new URL(location, this.origin)
    try {
      const res = await this.send({
        method: 'DELETE',
        path: url.pathname + url.search,
        scopes: [this.scope(repository)],
        accept: [404, 405],
      })
      await res.body.dump()
    } catch (error) {
      this.options.log.debug(`could not cancel an upload session: ${(error as Error).message}`)
    }
  }

  private scope(repository: string): string {
    return `repository:${repository}:${this.pushRepositories.has(repository) ? 'pull,push' : 'pull'}`
  }

  private where(repository: string, reference: string): string {
    return `${this.registry}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`
  }

  /** One logical request: auth, one re-auth on 401, retries on 429/5xx/resets. */
  private async send(req: Send): Promise<Response> {
    return withRetry(
      async () => {
        let res = await this.sendAuthorized(req, false)
        if (res.statusCode === 401) {
          // A token for other scopes, expired, or a registry that asks only now: take its challenge, retry once.
          const challenge = parseChallenge(header(res, 'www-authenticate'))
          if (challenge) {
            await res.body.dump()
            this.challenge = Promise.resolve(challenge)
            res = await this.sendAuthorized(req, true)
          }
        }
        if (res.statusCode >= 200 && res.statusCode < 300) return res
        if (req.accept?.includes(res.statusCode)) return res
        throw await this.failure(req, res)
      },
      this.options.retry,
      this.clock,
      req.deadline,
    )
  }

  private async sendAuthorized(req: Send, renewToken: boolean): Promise<Response> {
    const challenge = await this.knownChallenge()
    const authorization = challenge ? await this.authorization(challenge, req.scopes, renewToken) : undefined
    const headers = { ...req.headers, ...(authorization && { authorization }) }
    return this.fetch(req.method, new URL(req.path, this.origin), headers, req.body ? await req.body() : undefined)
  }

  /** Follows redirects itself: credentials never go to another origin (object storage). */
  private async fetch(method: string, url: URL, headers: Record<string, string>, body?: Body): Promise<Response> {
    for (let hop = 0; ; hop++) {
      const res = await request(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        dispatcher: this.dispatcherFor(url),
      }).catch((error: Error & { code?: string }) => {
        if (!isTlsRefusal(error)) this.count(method)
        // Name the request; keep the code, which decides whether it is retried or falls back to HTTP.
        const hint = CERTIFICATE_ERRORS.has(error.code ?? '') ? CERTIFICATE_HINT : ''
        throw Object.assign(new Error(`${method} ${url.host}${url.pathname}: ${error.message}${hint}`), {
          code: error.code,
        })
      })
      this.count(method)
      const location = header(res, 'location')
      const redirect = [301, 302, 303, 307, 308].includes(res.statusCode) && location
      if (!redirect || (method !== 'GET' && method !== 'HEAD')) return res
      if (hop >= MAX_REDIRECTS) throw new Error(`${method} ${url.pathname}: too many redirects`)
      await res.body.dump()
      const next = new URL(location, url)
      if (next.origin !== url.origin) headers = withoutCredentials(headers)
      url = next
    }
  }

  private count(method: string): void {
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1
  }

  /** Certificate checks are skipped only where the user allowed it: never for a redirect or realm elsewhere. */
  private dispatcherFor(url: URL): Dispatcher {
    const ownHost = url.host === this.host || `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}` === this.host
    return this.options.insecure && ownHost ? this.options.dispatchers.unverified : this.options.dispatchers.verified
  }

  /**
   * The registry's challenge, learned once per client from `GET /v2/`, so parallel
   * first requests do not each collect a 401.
   */
  private knownChallenge(): Promise<Challenge | undefined> {
    if (!this.challenge) {
      this.challenge = (async () => {
        const res = await this.ping()
        await res.body.dump()
        if (isRetryableStatus(res.statusCode)) {
          throw new RetryableError(
            `GET ${this.registry}/v2/: HTTP ${res.statusCode}`,
            parseRetryAfter(header(res, 'retry-after'), this.clock.now()),
          )
        }
        if (res.statusCode !== 401) return undefined
        const challenge = parseChallenge(header(res, 'www-authenticate'))
        if (!challenge) throw new RegistryError(`${this.registry}: unsupported authentication challenge`, 401)
        return challenge
      })()
      this.challenge.catch(() => (this.challenge = undefined))
    }
    return this.challenge
  }

  /**
   * `GET /v2/`. An insecure registry is asked over TLS first; when nothing there speaks
   * TLS (the handshake met plain HTTP, or a port-less host refused 443) it is plain
   * HTTP from then on. Any other failure is retried as it is: falling back on a reset
   * would send plain HTTP to a TLS registry.
   */
  private async ping(): Promise<Response> {
    const ping = () => this.fetch('GET', new URL('/v2/', this.origin), {})
    if (!this.options.insecure || this.origin.startsWith('http:')) return ping()
    try {
      return await ping()
    } catch (error) {
      const code = (error as { code?: string }).code
      const refusedWithoutPort = code === 'ECONNREFUSED' && !/:\d+$/.test(this.options.registry)
      if (!isTlsRefusal(error) && !refusedWithoutPort) throw error
      this.options.log.debug(`${this.registry} does not speak TLS (${(error as Error).message}): using plain HTTP`)
      this.origin = `http://${this.host}`
      return ping()
    }
  }

  private async authorization(challenge: Challenge, scopes: string[], refresh: boolean): Promise<string | undefined> {
    const credentials = this.options.credentials
    if (challenge.scheme === 'basic') {
      if (!credentials?.username || credentials.password === undefined) return undefined
      return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    }
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`
    const key = [...scopes].sort().join(' ')
    const cached = this.tokens.get(key)
    if (cached && !refresh) {
      const { token, expiresAt } = await cached
      if (expiresAt > this.clock.now()) return `Bearer ${token}`
    }
    const fetching = this.fetchToken(challenge, scopes)
    this.tokens.set(key, fetching)
    fetching.catch(() => this.tokens.delete(key))
    return `Bearer ${(await fetching).token}`
  }

  private async fetchToken(challenge: Challenge, scopes: string[]): Promise<{ token: string; expiresAt: number }> {
    if (!challenge.realm) throw new RegistryError(`${this.registry}: bearer challenge without a realm`, 401)
    const realm = new URL(challenge.realm)
    const credentials = this.options.credentials
    const res = await withRetry(
      async () => {
        this.stats.tokens++
        const r = credentials?.identityToken
          ? await this.postTokenRequest(realm, challenge, scopes, credentials.identityToken)
          : await this.getTokenRequest(realm, challenge, scopes)
        if (isRetryableStatus(r.statusCode)) {
          await r.body.dump()
          throw new RetryableError(`token request to ${realm.host}: HTTP ${r.statusCode}`)
        }
        return r
      },
      this.options.retry,
      this.clock,
    )
    const text = await res.body.text()
    if (res.statusCode !== 200) {
      throw new RegistryError(
        `${this.registry}: token request was refused (HTTP ${res.statusCode}): ${errorText(text)}`,
        res.statusCode,
      )
    }
    let parsed: { token?: string; access_token?: string; expires_in?: number }
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new RegistryError(`${this.registry}: the token endpoint answered no JSON`, res.statusCode)
    }
    const token = parsed.token || parsed.access_token
    if (!token) throw new RegistryError(`${this.registry}: the token endpoint answered no token`, res.statusCode)
    this.options.log.setSecret(token)
    const lifetime = (parsed.expires_in || TOKEN_LIFETIME_FALLBACK_S) * 1000
    // Renew a little early, so a token does not expire between our check and the registry's.
    return { token, expiresAt: this.clock.now() + lifetime * 0.9 }
  }

  private getTokenRequest(realm: URL, challenge: Challenge, scopes: string[]): Promise<Response> {
    const url = new URL(realm)
    if (challenge.service) url.searchParams.set('service', challenge.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const { username, password } = this.options.credentials ?? {}
    const headers: Record<string, string> =
      username !== undefined && password !== undefined
        ? { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` }
        : {}
    return request(url, { method: 'GET', headers, dispatcher: this.dispatcherFor(url) })
  }

  /** OAuth2 refresh-token grant, as docker does with an identity token. */
  private postTokenRequest(
    realm: URL,
    challenge: Challenge,
    scopes: string[],
    refreshToken: string,
  ): Promise<Response> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'bake-fanout',
      service: challenge.service ?? '',
      scope: scopes.join(' '),
    })
    return request(realm, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      dispatcher: this.dispatcherFor(realm),
    })
  }

  private async failure(req: Send, res: Response): Promise<Error> {
    const text = req.method === 'HEAD' ? '' : await res.body.text().catch(() => '')
    if (req.method === 'HEAD') await res.body.dump()
    const what = `${req.method} ${this.registry}${req.path.split('?')[0]}`
    const detail = errorText(text) || `HTTP ${res.statusCode}`
    if (isRetryableStatus(res.statusCode)) {
      return new RetryableError(`${what}: ${detail}`, parseRetryAfter(header(res, 'retry-after'), this.clock.now()))
    }
    return new RegistryError(`${what}: ${detail}`, res.statusCode, registryErrorCode(text))
  }
}

const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])
const CERTIFICATE_HINT =
  " (a private CA: point NODE_EXTRA_CA_CERTS at its certificate; or list the registry in 'insecure-registries' to skip the check)"

/** The TLS handshake met something else: a plain-HTTP server answers it with an HTTP 400. */
function isTlsRefusal(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? ''
  return code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG'
}

function header(res: Response, name: string): string | undefined {
  const value = res.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function contentType(res: Response): string {
  return (header(res, 'content-type') ?? '').split(';')[0].trim()
}

function mediaTypeOf(bytes: Buffer): string {
  try {
    return (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? ''
  } catch {
    return ''
  }
}

function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([k]) => !['authorization', 'cookie'].includes(k.toLowerCase())),
  )
}

async function drainAndReturn<T>(res: Response, value: T): Promise<T> {
  await res.body.dump()
  return value
}

async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      res.body.destroy()
      throw new Error(`${what} is larger than ${limit} bytes`)
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

interface RegistryErrorBody {
  errors?: Array<{ code?: string; message?: string; detail?: unknown }>
}

function registryErrorCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as RegistryErrorBody).errors?.[0]?.code
  } catch {
    return undefined
  }
}

/** `CODE: message` from a registry error body, or the start of a non-JSON body. */
function errorText(text: string): string {
  try {
    const errors = (JSON.parse(text) as RegistryErrorBody).errors ?? []
    if (errors.length > 0) return errors.map((e) => `${e.code ?? 'ERROR'}: ${e.message ?? ''}`).join('; ')
  } catch {
    // not JSON: fall through
  }
  return text.trim().slice(0, 200)
}
