/**
 * The bottom layer: HTTP to one registry host. It decides the scheme (an insecure
 * registry that does not speak TLS is plain HTTP from then on; loopback on a port of its
 * own is plain HTTP unless it shows it serves TLS), picks the connection
 * (certificate checks are skipped only for an insecure registry's own host), follows
 * redirects without forwarding credentials to another origin, and counts requests.
 * It knows nothing of auth, retries or OCI.
 */
import { errorMessage } from '../common/errors.js'
import type { Logger } from '../common/log.js'
import type { Connections } from './connections.js'
import { type Body, type Exchange, type Response, discard, exchange } from './http.js'
import { RetryableError } from './retry.js'
import { answersNoHttp, isTlsRefusal, namedNetworkError, speaksNoTls } from './network-errors.js'

export type { Body, Response } from './http.js'
export { TooLargeError, discard, drained, readLimited } from './http.js'

/**
 * Requests made, by method, and token fetches: for benchmarks, tests and the log. A TLS
 * handshake refused by a plain-HTTP registry is not a request and is not counted.
 */
export interface RequestStats {
  byMethod: Record<string, number>
  tokens: number
}

/** One request as the transport sends it. `signal` bounds the whole of it, body included. */
export interface Outgoing {
  method: string
  url: URL
  headers: Record<string, string>
  body?: Body
  signal?: AbortSignal
}

export interface TransportOptions {
  /** As named in refs: `docker.io`, `127.0.0.1:5000`. */
  registry: string
  /** The host serving the API: `registry-1.docker.io` for Docker Hub. */
  host: string
  /** Loopback or listed in insecure-registries: unchecked TLS, or plain HTTP when it speaks no TLS. */
  insecure: boolean
  /**
   * Loopback on a port of its own, reached without a proxy (the pool's `asksPlainFirst`):
   * asked in plain HTTP first, as buildx asks it. Nothing leaves the machine, so TLS
   * protects nothing there, and a TLS-first handshake would cost every job a refused
   * handshake (and loading Node's TLS) before its first request.
   */
  plainFirst?: boolean
  connections: Connections
  log: Logger
}

const MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

export class Transport {
  readonly stats: RequestStats = { byMethod: {}, tokens: 0 }
  /** `https://host`, or `http://host` once an insecure registry turned out not to speak TLS. */
  private origin: string
  /**
   * Settled once an insecure registry's first request told whether it speaks TLS: the
   * requests sent meanwhile wait for it instead of each trying a handshake of its own.
   */
  private schemeKnown?: Promise<void>
  /** Plain-first: the TLS handshake that decides an answer a TLS server would give (see `servesTls`). */
  private tlsProbe?: Promise<boolean>
  /** Plain-first: an answer in plain HTTP other than a 400, or one the probe then confirmed, showed the host is plain HTTP. */
  private plainSettled = false

  constructor(private readonly options: TransportOptions) {
    this.origin = `${options.plainFirst ? 'http' : 'https'}://${options.host}`
  }

  /** A path (or a registry-given Location) against the registry's origin. */
  url(pathOrLocation: string): URL {
    return new URL(pathOrLocation, this.origin)
  }

  /**
   * One request, following redirects itself: credentials never go to another origin
   * (object storage). An insecure registry is asked over TLS first; when nothing there
   * speaks TLS (the handshake met plain HTTP, or a port-less host refused 443) it is
   * plain HTTP from then on, for this request and every later one. Any other failure
   * is thrown as it is (and retried by the caller): falling back on a reset would send
   * plain HTTP to a TLS registry. Requests sent while the first one finds out wait for
   * it: one refused handshake per registry, not one per request.
   */
  async fetch(outgoing: Outgoing): Promise<Response> {
    if (this.options.plainFirst) return this.fetchPlainFirst(this.onOrigin(outgoing))
    const unsure = this.options.insecure && this.origin.startsWith('https:')
    if (!unsure || outgoing.url.origin !== this.origin) return this.fetchOnce(outgoing)
    if (this.schemeKnown) {
      await this.schemeKnown
      const { url } = outgoing
      return this.fetchOnce({ ...outgoing, url: new URL(url.pathname + url.search, this.origin) })
    }
    let known!: () => void
    this.schemeKnown = new Promise((resolve) => (known = resolve))
    return this.fetchOnce(outgoing, known).finally(known)
  }

  /**
   * Loopback in plain HTTP; no request waits for another (a plain answer takes a whole
   * round trip to arrive). A TLS-only server answers plain HTTP with a 400 (Go's, as
   * docker-registry; nginx) or with no HTTP at all (a reset, a TLS alert): then one TLS
   * handshake, shared by every request that met such an answer, decides. Only a handshake
   * that completes makes the registry TLS from then on; otherwise the answer stands.
   */
  private async fetchPlainFirst(outgoing: Outgoing): Promise<Response> {
    if (this.plainSettled || this.origin.startsWith('https:')) return this.fetchOnce(outgoing)
    let answer: Response
    try {
      answer = await this.follow(outgoing)
    } catch (error) {
      if (!answersNoHttp(error) || !(await this.servesTls())) throw error
      return this.resentOverTls(outgoing)
    }
    if (answer.statusCode !== 400 || !(await this.servesTls())) {
      this.plainSettled = true
      return answer
    }
    await discard(answer)
    return this.resentOverTls(outgoing)
  }

  /**
   * Whether the host serves TLS, once the plain answers leave it open: `GET /v2/` over
   * unchecked TLS, on the port that gave them, within a connection's bound. An answer says
   * yes (TLS from then on), a handshake refused as plain HTTP says no; both are kept.
   * Anything else (a drop, a stall) says nothing: the request fails retryably, and its
   * retry asks again.
   */
  private async servesTls(): Promise<boolean> {
    if (this.plainSettled) return false
    const probe = (this.tlsProbe ??= this.probeTls())
    try {
      return await probe
    } catch (error) {
      if (this.tlsProbe === probe) this.tlsProbe = undefined
      throw new RetryableError(`${this.options.registry}: could not tell whether it serves TLS: ${errorMessage(error)}`)
    }
  }

  private probeTls(): Promise<boolean> {
    const url = new URL('/v2/', `https://${this.options.host}`)
    const signal = AbortSignal.timeout(this.options.connections.bounds.connectMs)
    return this.exchange(url, { method: 'GET', headers: {}, signal }).then(
      async (res) => {
        this.count('GET')
        await discard(res)
        // A plain answer that arrived meanwhile has settled it (a port cannot serve both).
        if (this.plainSettled) return false
        this.options.log.debug(`${this.options.registry} answers plain HTTP as a TLS server does: using TLS`)
        this.origin = `https://${this.options.host}`
        return true
      },
      (error: unknown) => {
        if (!isTlsRefusal(error)) throw error
        return false
      },
    )
  }

  private resentOverTls(outgoing: Outgoing): Promise<Response> {
    const { method, url, body } = outgoing
    const tls = this.onOrigin(outgoing)
    // A stream body may have been read: the caller's retry opens it afresh, now over TLS.
    if (body !== undefined && !Buffer.isBuffer(body)) {
      throw new RetryableError(`${method} ${url.host}${url.pathname}: switching to TLS`)
    }
    return this.fetchOnce(tls)
  }

  /** A request built on the registry's origin before its scheme changed, moved to the current one. */
  private onOrigin(outgoing: Outgoing): Outgoing {
    const { url } = outgoing
    if (url.host !== this.options.host) return outgoing
    return { ...outgoing, url: new URL(url.pathname + url.search, this.origin) }
  }

  /** `schemeKnown`: called as soon as the scheme is known (a refused handshake), before the request is sent again. */
  private async fetchOnce(outgoing: Outgoing, schemeKnown?: () => void): Promise<Response> {
    const { method, url, body } = outgoing
    const overTls = url.origin === `https://${this.options.host}`
    try {
      return await this.follow(outgoing)
    } catch (error) {
      // A plain-first host is TLS only once it completed a handshake: it never falls back from there.
      if (!overTls || !this.options.insecure || this.options.plainFirst || !speaksNoTls(error, this.options.registry))
        throw error
      if (this.origin.startsWith('https:')) {
        this.options.log.debug(`${this.options.registry} does not speak TLS (${errorMessage(error)}): using plain HTTP`)
        this.origin = `http://${this.options.host}`
      }
      schemeKnown?.()
      const plain = new URL(url.pathname + url.search, this.origin)
      // A stream body may have been read: the caller's retry opens it afresh, now over HTTP.
      if (body !== undefined && !Buffer.isBuffer(body)) {
        throw new RetryableError(`${method} ${plain.host}${plain.pathname}: switching to plain HTTP`)
      }
      return this.follow({ ...outgoing, url: plain })
    }
  }

  private async follow({ method, url, headers, body, signal }: Outgoing): Promise<Response> {
    for (let hop = 0; ; hop++) {
      const res = await this.exchange(url, { method, headers, body, signal }).catch(
        (error: Error & { code?: string }) => {
          if (!isTlsRefusal(error)) this.count(method)
          throw namedNetworkError(error, `${method} ${url.host}${url.pathname}`)
        },
      )
      this.count(method)
      const location = header(res, 'location')
      const redirect = REDIRECTS.has(res.statusCode) && location
      if (!redirect || (method !== 'GET' && method !== 'HEAD')) return res
      if (hop >= MAX_REDIRECTS) throw new Error(`${method} ${url.pathname}: too many redirects`)
      await discard(res)
      const next = new URL(location, url)
      if (next.origin !== url.origin) headers = withoutCredentials(headers)
      url = next
    }
  }

  /**
   * A request to another service (a token realm): no redirects, counted as a token fetch
   * by the caller; a connection failure is named `name`.
   */
  direct(
    url: URL,
    {
      name,
      ...request
    }: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal?: AbortSignal; name: string },
  ) {
    return this.exchange(url, request).catch((error: Error) => {
      throw namedNetworkError(error, name)
    })
  }

  /** Certificate checks are skipped only where the user allowed it: never for a redirect or realm elsewhere. */
  private async exchange(url: URL, request: Omit<Exchange, 'route'>): Promise<Response> {
    const host = this.options.host
    const ownHost = url.host === host || `${url.hostname}:${url.protocol === 'https:' ? 443 : 80}` === host
    const verify = !(this.options.insecure && ownHost)
    return exchange(url, { ...request, route: await this.options.connections.route(url, verify) })
  }

  private count(method: string): void {
    this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1
  }
}

export function header(res: Response, name: string): string | undefined {
  const value = res.headers[name]
  return Array.isArray(value) ? value[0] : value
}

export function contentType(res: Response): string {
  return (header(res, 'content-type') ?? '').split(';')[0].trim()
}

export function mediaTypeOf(bytes: Buffer): string {
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
