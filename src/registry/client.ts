/**
 * One registry, spoken to over the OCI distribution API: the one request interface
 * (request.ts, `Requests`) that manifests.ts and blobs.ts both send through, on top of
 * the auth layer (auth.ts), retries (retry.ts) and the transport (transport.ts). Every attempt of a request is bounded as a whole (headers and body),
 * and its answer is read inside the attempt, so a reset or a stall mid-body is retried
 * like one before the headers. Failures are RegistryErrors, checked by kind.
 */
import type { Logger } from '../common/log.js'
import { apiHost } from '../oci/reference.js'
import { Authenticator } from './auth.js'
import { Blobs } from './blobs.js'
import { type Credentials, secretsOf } from './credentials.js'
import { Secrets } from './secrets.js'
import type { Requests, Send } from './request.js'
import { type FetchedManifest, type ManifestHead, MAX_MANIFEST_BYTES, Manifests } from './manifests.js'
import { AttemptTimeoutError, AuthError, RegistryError, isAmbiguousFailure } from './errors.js'
import {
  type RetryClock,
  type RetryPolicy,
  isRetryableNetworkError,
  parseRetryAfter,
  realClock,
  withRetry,
} from './retry.js'
import type { Connections } from './connections.js'
import { type RequestStats, type Response, Transport, discard, header, readLimited } from './transport.js'
import { namedNetworkError } from './network-errors.js'

export type { RequestStats } from './transport.js'
export { AuthError, ContentDigestError, RegistryError, WrittenDigestError } from './errors.js'
export { TooLargeError } from './transport.js'
export type { FetchedManifest, ManifestHead } from './manifests.js'

export interface RegistryClientOptions {
  /** As named in refs: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string
  credentials?: Credentials
  /**
   * Loopback, or listed in insecure-registries: TLS without certificate checks, and
   * plain HTTP when the host does not speak TLS at all (docker's rule).
   */
  insecure: boolean
  /** Plain HTTP first, TLS once a handshake shows the host serves it: the pool's `asksPlainFirst` (loopback on a port of its own, no proxy). */
  plainFirst?: boolean
  connections: Connections
  retry: RetryPolicy
  log: Logger
  clock?: RetryClock
  /** The bound on one attempt of a request, headers and body (blob transfers get `transferTimeoutMs`). */
  requestTimeoutMs?: number
  transferTimeoutMs?: number
  /** Blobs above this size, or refused whole with 413, are uploaded in chunks of this size. */
  chunkSize?: number
}

const REQUEST_TIMEOUT_MS = 60_000
const TRANSFER_TIMEOUT_MS = 30 * 60_000
const CHUNK_SIZE = 16 * 1024 * 1024

export class RegistryClient {
  readonly registry: string
  readonly blobs: Blobs
  private readonly manifests: Manifests
  private readonly transport: Transport
  private readonly auth: Authenticator
  private readonly clock: RetryClock
  /** The credentials held, and each token fetched: blanked from every message built from an answer. */
  private readonly secrets: Secrets
  private readonly pushRepositories = new Set<string>()

  constructor(private readonly options: RegistryClientOptions) {
    this.registry = options.registry
    this.clock = options.clock ?? realClock
    this.secrets = new Secrets(secretsOf(options.credentials))
    this.transport = new Transport({
      registry: options.registry,
      host: apiHost(options.registry),
      insecure: options.insecure,
      plainFirst: options.plainFirst,
      connections: options.connections,
      log: options.log,
    })
    this.auth = new Authenticator(this.transport, {
      registry: options.registry,
      host: apiHost(options.registry),
      insecure: options.insecure,
      requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      credentials: options.credentials,
      retry: options.retry,
      clock: this.clock,
      log: options.log,
      secrets: this.secrets,
    })
    // The one request interface the manifest and blob operations both send through.
    const requests: Requests = {
      registry: options.registry,
      send: (req, read, onAmbiguous) => this.send(req, read, onAmbiguous),
      scope: (repository) => this.scope(repository),
      willPush: (repository) => this.willPush(repository),
      url: (location) => this.transport.url(location),
    }
    this.manifests = new Manifests(requests)
    this.blobs = new Blobs(requests, {
      retry: options.retry,
      clock: this.clock,
      log: options.log,
      transferTimeoutMs: options.transferTimeoutMs ?? TRANSFER_TIMEOUT_MS,
      chunkSize: options.chunkSize ?? CHUNK_SIZE,
    })
  }

  get stats(): RequestStats {
    return this.transport.stats
  }

  /** Declares that we will write to `repository`, so one pull+push token serves reads and writes. */
  willPush(repository: string): void {
    this.pushRepositories.add(repository)
  }

  /** A manifest, asked for with `accept` (default every type we read). */
  getManifest(repository: string, reference: string, accept?: readonly string[]): Promise<FetchedManifest | undefined> {
    return this.manifests.get(repository, reference, accept)
  }

  headManifest(repository: string, reference: string): Promise<ManifestHead | undefined> {
    return this.manifests.head(repository, reference)
  }

  putManifest(
    repository: string,
    reference: string,
    manifest: { bytes: Buffer; mediaType: string },
    onAmbiguous?: (abandonedAt: number) => void,
  ): Promise<string> {
    return this.manifests.put(repository, reference, manifest, onAmbiguous)
  }

  /** See Manifests.putReferrer. */
  putReferrer(repository: string, digest: string, manifest: { bytes: Buffer; mediaType: string }) {
    return this.manifests.putReferrer(repository, digest, manifest)
  }

  /** The referrers API's answer (an index per page, as bytes, at most `maxPages`), or undefined where it has none. */
  referrers(repository: string, digest: string, maxPages?: number): Promise<Buffer[] | undefined> {
    return this.manifests.referrers(repository, digest, maxPages)
  }

  private scope(repository: string): string {
    return `repository:${repository}:${this.pushRepositories.has(repository) ? 'pull,push' : 'pull'}`
  }

  /**
   * One logical request: auth, one re-auth on 401, retries on 429/5xx/resets. `read`
   * consumes the answer within the attempt and its bound.
   */
  private async send<T>(
    req: Send,
    read: (res: Response) => Promise<T>,
    onAmbiguous?: (abandonedAt: number) => void,
  ): Promise<T> {
    const timeoutMs = req.timeoutMs ?? this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
    const what = `${req.method} ${this.registry}${req.path.split('?')[0]}`
    const attempt = async () => {
      const signal = AbortSignal.timeout(timeoutMs)
      try {
        const first = await this.sendAuthorized(req, false, signal)
        let res = first.res
        if (res.statusCode === 401 && this.auth.learnFrom(res)) {
          // The first request of a registry that wants auth, a token for other scopes, or
          // an expired one: once more, with a fresh token only when ours was refused.
          await discard(res)
          res = (await this.sendAuthorized(req, first.authorized, signal)).res
        }
        const accepted = (res.statusCode >= 200 && res.statusCode < 300) || req.accept?.includes(res.statusCode)
        if (!accepted) throw await this.failure(req, res)
        return await read(res).catch((error: Error & { code?: string }) => {
          // A connection failing mid-body (a reset, a stall) is named like one before the headers.
          throw isRetryableNetworkError(error) ? namedNetworkError(error, what) : error
        })
      } catch (error) {
        // A token request failed on its own bound or terms: it says so itself, not as the registry's timeout.
        if (!signal.aborted || error instanceof AuthError) throw error
        throw new AttemptTimeoutError(
          `${what}: no complete answer within ${timeoutMs / 1000} s (the bound on one attempt)`,
        )
      }
    }
    const watched = async () => {
      try {
        return await attempt()
      } catch (error) {
        // A failed token request never sent the PUT (an AuthError is not ambiguous): nothing can land later.
        if (onAmbiguous && isAmbiguousFailure(error)) onAmbiguous(this.clock.now())
        throw error
      }
    }
    return withRetry(watched, this.options.retry, this.clock)
  }

  private async sendAuthorized(req: Send, renewToken: boolean, signal: AbortSignal) {
    const authorization = await this.auth.authorization(req.scopes, renewToken)
    const headers = { ...req.headers, ...(authorization && { authorization }) }
    const body = req.body ? await req.body() : undefined
    const res = await this.transport.fetch({
      method: req.method,
      url: this.transport.url(req.path),
      headers,
      body,
      signal,
    })
    return { res, authorized: authorization !== undefined }
  }

  private async failure(req: Send, res: Response): Promise<RegistryError> {
    // A HEAD answer has no body, but is read to its end all the same: that frees its connection.
    const text = req.method === 'HEAD' ? await discard(res).then(() => '') : await readErrorBody(res)
    const request = `${req.method} ${this.registry}${req.path.split('?')[0]}`
    const retryAfter = parseRetryAfter(header(res, 'retry-after'), this.clock.now())
    return RegistryError.fromBody(request, res.statusCode, this.secrets.redact(text), retryAfter)
  }
}

/** An error answer's text, for its codes and message; a body too large or cut short is read as none. */
async function readErrorBody(res: Response): Promise<string> {
  return (await readLimited(res, MAX_MANIFEST_BYTES, 'an error answer').catch(() => Buffer.alloc(0))).toString('utf8')
}
