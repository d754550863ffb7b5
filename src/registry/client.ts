/**
 * One registry, spoken to over the OCI distribution API: the operations on manifests
 * and blobs, on top of the auth layer (auth.ts), retries (retry.ts) and the transport
 * (transport.ts). Failures are RegistryErrors, checked by kind.
 */
import type { Readable } from 'node:stream'
import type { Logger } from '../common/log.js'
import { sha256Digest } from '../oci/digest.js'
import { apiHost } from '../oci/reference.js'
import { MANIFEST_ACCEPT } from '../oci/types.js'
import { Authenticator } from './auth.js'
import type { Credentials } from './credentials.js'
import { RegistryError } from './errors.js'
import { type RetryClock, type RetryPolicy, parseRetryAfter, realClock, withRetry } from './retry.js'
import {
  type Body,
  type Dispatchers,
  type RequestStats,
  type Response,
  Transport,
  contentType,
  drainAndReturn,
  header,
  mediaTypeOf,
  readLimited,
} from './transport.js'

export type { RequestStats } from './transport.js'
export { RegistryError } from './errors.js'

export interface RegistryClientOptions {
  /** As named in refs: `docker.io`, `ghcr.io`, `127.0.0.1:5000`. */
  registry: string
  credentials?: Credentials
  /**
   * Loopback, or listed in insecure-registries: TLS without certificate checks, and
   * plain HTTP when the host does not speak TLS at all (docker's rule).
   */
  insecure: boolean
  dispatchers: Dispatchers
  retry: RetryPolicy
  log: Logger
  clock?: RetryClock
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

/** Per-call bounds. `deadline` (epoch ms): no retry is started past it (a DeadlineError instead). */
export interface RequestOptions {
  deadline?: number
}

interface Send extends RequestOptions {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'
  path: string
  /** Repositories and the actions needed: `repository:<name>:pull,push`. */
  scopes: string[]
  headers?: Record<string, string>
  body?: () => Body | Promise<Body>
  /** Answers returned to the caller instead of raised (404 for a missing tag). */
  accept?: number[]
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
const MAX_CONFIG_BYTES = 16 * 1024 * 1024

export class RegistryClient {
  readonly registry: string
  private readonly transport: Transport
  private readonly auth: Authenticator
  private readonly clock: RetryClock
  private readonly pushRepositories = new Set<string>()

  constructor(private readonly options: RegistryClientOptions) {
    this.registry = options.registry
    this.clock = options.clock ?? realClock
    this.transport = new Transport({
      registry: options.registry,
      host: apiHost(options.registry),
      insecure: options.insecure,
      dispatchers: options.dispatchers,
      log: options.log,
    })
    this.auth = new Authenticator(this.transport, {
      registry: options.registry,
      credentials: options.credentials,
      retry: options.retry,
      clock: this.clock,
      log: options.log,
    })
  }

  get stats(): RequestStats {
    return this.transport.stats
  }

  /** Declares that we will write to `repository`, so one pull+push token serves reads and writes. */
  willPush(repository: string): void {
    this.pushRepositories.add(repository)
  }

  async getManifest(repository: string, reference: string): Promise<FetchedManifest | undefined> {
    const res = await this.send({ ...this.manifestRequest('GET', repository, reference), accept: [404] })
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
    const res = await this.send({ ...this.manifestRequest('HEAD', repository, reference), accept: [404] })
    await res.body.dump()
    if (res.statusCode === 404) return undefined
    const digest = header(res, 'docker-content-digest')
    if (!digest) return (await this.getManifest(repository, reference)) ?? undefined
    return { digest, mediaType: contentType(res), size: Number(header(res, 'content-length') ?? 0) }
  }

  /** PUTs a manifest; returns its digest. */
  async putManifest(
    repository: string,
    reference: string,
    manifest: { bytes: Buffer; mediaType: string },
    options: RequestOptions = {},
  ): Promise<string> {
    this.willPush(repository)
    const res = await this.send({
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [this.scope(repository)],
      headers: { 'content-type': manifest.mediaType },
      body: () => manifest.bytes,
      ...options,
    })
    await res.body.dump()
    return header(res, 'docker-content-digest') ?? sha256Digest(manifest.bytes)
  }

  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const res = await this.send({ ...this.blobRequest('HEAD', repository, digest), accept: [404] })
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
        const url = this.transport.url(location)
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
    const res = await this.send(this.blobRequest('GET', repository, digest))
    const bytes = await readLimited(res, MAX_CONFIG_BYTES, `blob ${this.where(repository, digest)}`)
    if (sha256Digest(bytes) !== digest)
      throw new Error(`${this.where(repository, digest)}: blob content does not match its digest`)
    return bytes
  }

  /** A blob as a stream, for copying between registries. */
  async openBlob(repository: string, digest: string): Promise<Readable> {
    return (await this.send(this.blobRequest('GET', repository, digest))).body
  }

  private manifestRequest(method: 'GET' | 'HEAD', repository: string, reference: string): Send {
    return {
      method,
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [this.scope(repository)],
      headers: { accept: MANIFEST_ACCEPT.join(', ') },
    }
  }

  private blobRequest(method: 'GET' | 'HEAD', repository: string, digest: string): Send {
    return { method, path: `/v2/${repository}/blobs/${digest}`, scopes: [this.scope(repository)] }
  }

  private async cancelUpload(repository: string, location: string): Promise<void> {
    const url = this.transport.url(location)
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
        if (res.statusCode === 401 && this.auth.learnFrom(res)) {
          // A token for other scopes, expired, or a registry that asks only now: retry once.
          await res.body.dump()
          res = await this.sendAuthorized(req, true)
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
    const authorization = await this.auth.authorization(req.scopes, renewToken)
    const headers = { ...req.headers, ...(authorization && { authorization }) }
    return this.transport.fetch(
      req.method,
      this.transport.url(req.path),
      headers,
      req.body ? await req.body() : undefined,
    )
  }

  private async failure(req: Send, res: Response): Promise<RegistryError> {
    const text = req.method === 'HEAD' ? '' : await res.body.text().catch(() => '')
    if (req.method === 'HEAD') await res.body.dump()
    const request = `${req.method} ${this.registry}${req.path.split('?')[0]}`
    return RegistryError.fromBody(
      request,
      res.statusCode,
      text,
      parseRetryAfter(header(res, 'retry-after'), this.clock.now()),
    )
  }
}
