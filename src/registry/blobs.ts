/**
 * Blob operations, with the quirks of real registries handled where mature clients
 * (go-containerregistry, regclient, containerd) handle them:
 * - a cross-repository mount refused with 401/403/404 (Harbor, GitLab) falls back to an
 *   upload; a mount answered 202 (ECR) is used as the upload session it opened;
 * - an existence check answered 403 (Artifactory, for a missing blob) means "unknown":
 *   copy it, and a real permission problem surfaces on the upload, with its message;
 * - a blob above the chunk size, or refused whole with 413 (registries behind
 *   Cloudflare), is uploaded in chunks (PATCH with Content-Range, then PUT), streamed:
 *   at most one chunk is held in memory.
 */
import type { Readable } from 'node:stream'
import type { Logger } from '../common/log.js'
import { sha256Digest } from '../oci/digest.js'
import type { Requests, Send } from './request.js'
import { ContentDigestError, RegistryError } from './errors.js'
import { type RetryClock, type RetryPolicy, withRetry } from './retry.js'
import { type Body, drained, header, readLimited } from './transport.js'

/** How blob transfers are bounded and retried, and where they log. */
export interface BlobOptions {
  retry: RetryPolicy
  clock: RetryClock
  log: Logger
  transferTimeoutMs: number
  chunkSize: number
}

/** A mount either happened, or left an upload session to use (ECR answers 202), or neither. */
export type MountResult = { mounted: true } | { mounted: false; session?: string }

const MAX_CONFIG_BYTES = 16 * 1024 * 1024
/** Mount refusals that mean "not here, upload it" rather than a failure. */
const MOUNT_REFUSALS = new Set([401, 403, 404])

export class Blobs {
  constructor(
    private readonly r: Requests,
    private readonly o: BlobOptions,
  ) {}

  /** False when the registry says it lacks the blob, or will not say (403): then it is copied. */
  async has(repository: string, digest: string): Promise<boolean> {
    const res = await this.r.send({ ...this.blobRequest('HEAD', repository, digest), accept: [403, 404] }, drained)
    return res.statusCode !== 404 && res.statusCode !== 403
  }

  /** Cross-repository mount within this registry. */
  async mount(repository: string, digest: string, from: string): Promise<MountResult> {
    this.r.willPush(repository)
    const query = `mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`
    try {
      const res = await this.r.send(
        {
          method: 'POST',
          path: `/v2/${repository}/blobs/uploads/?${query}`,
          scopes: [this.r.scope(repository), `repository:${from}:pull`],
        },
        drained,
      )
      if (res.statusCode === 201) return { mounted: true }
      const session = header(res, 'location')
      return session ? { mounted: false, session } : { mounted: false }
    } catch (error) {
      if (error instanceof RegistryError && MOUNT_REFUSALS.has(error.status)) {
        this.o.log.debug(`${this.r.registry}/${repository}: mount refused (${error.message}): uploading instead`)
        return { mounted: false }
      }
      throw error
    }
  }

  /**
   * Uploads a blob: monolithic (POST a session, PUT the bytes with the digest) unless it
   * is larger than a chunk or the registry refuses it whole (413); then chunked. `open`
   * is called again on a retry, so a stream starts afresh. `session` is an upload a
   * mount already opened (used for the first try only).
   */
  async upload(repository: string, digest: string, size: number, open: () => Promise<Body>, session?: string) {
    this.r.willPush(repository)
    let offered = session
    let chunked = size > this.o.chunkSize
    await withRetry(
      async () => {
        const location = offered ?? (await this.start(repository))
        offered = undefined
        if (chunked) return this.putChunked(repository, location, digest, await open())
        try {
          await this.putWhole(repository, location, digest, size, open)
        } catch (error) {
          if (!(error instanceof RegistryError) || error.status !== 413) throw error
          this.o.log.debug(`${this.r.registry}/${repository}: a ${size}-byte upload was refused whole (413): chunked`)
          chunked = true
          await this.putChunked(repository, await this.start(repository), digest, await open())
        }
      },
      this.o.retry,
      this.o.clock,
    )
  }

  /** A small blob (an image config, a signature bundle), digest-checked, at most `maxBytes`. */
  async get(repository: string, digest: string, maxBytes = MAX_CONFIG_BYTES): Promise<Buffer> {
    const where = `${this.r.registry}/${repository}@${digest}`
    return this.r.send(this.blobRequest('GET', repository, digest), async (res) => {
      const bytes = await readLimited(res, maxBytes, `blob ${where}`)
      if (sha256Digest(bytes) !== digest)
        throw new ContentDigestError(`${where}: blob content does not match its digest`)
      return bytes
    })
  }

  /** A blob as a stream, for copying between registries (bounded by the transfer bound). */
  async open(repository: string, digest: string): Promise<Readable> {
    const request = { ...this.blobRequest('GET', repository, digest), timeoutMs: this.o.transferTimeoutMs }
    return this.r.send(request, async (res) => res.body)
  }

  private blobRequest(method: 'GET' | 'HEAD', repository: string, digest: string): Send {
    return { method, path: `/v2/${repository}/blobs/${digest}`, scopes: [this.r.scope(repository)] }
  }

  /** POST a new upload session; its Location. */
  private async start(repository: string): Promise<string> {
    const res = await this.r.send(
      { method: 'POST', path: `/v2/${repository}/blobs/uploads/`, scopes: [this.r.scope(repository)] },
      drained,
    )
    const location = header(res, 'location')
    if (!location) throw new Error(`${this.r.registry}/${repository}: upload started without a Location`)
    return location
  }

  private async putWhole(
    repository: string,
    location: string,
    digest: string,
    size: number,
    open: () => Promise<Body>,
  ) {
    await this.r.send(
      {
        method: 'PUT',
        path: this.withDigest(location, digest),
        scopes: [this.r.scope(repository)],
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: open,
        timeoutMs: this.o.transferTimeoutMs,
      },
      drained,
    )
  }

  /** PATCH each chunk at its offset (the registry answers the next Location), then PUT the digest. */
  private async putChunked(repository: string, location: string, digest: string, body: Body): Promise<void> {
    let offset = 0
    for await (const chunk of chunksOf(body, this.o.chunkSize)) {
      const res = await this.r.send(
        {
          method: 'PATCH',
          path: pathOf(this.r.url(location)),
          scopes: [this.r.scope(repository)],
          headers: {
            'content-type': 'application/octet-stream',
            'content-length': String(chunk.length),
            'content-range': `${offset}-${offset + chunk.length - 1}`,
          },
          body: () => chunk,
          timeoutMs: this.o.transferTimeoutMs,
        },
        drained,
      )
      location = header(res, 'location') ?? location
      offset += chunk.length
    }
    await this.r.send(
      {
        method: 'PUT',
        path: this.withDigest(location, digest),
        scopes: [this.r.scope(repository)],
        headers: { 'content-length': '0' },
      },
      drained,
    )
  }

  /** The session's Location (already carrying a query string) plus `digest`. */
  private withDigest(location: string, digest: string): string {
    const url = this.r.url(location)
    url.searchParams.set('digest', digest)
    return pathOf(url)
  }
}

function pathOf(url: URL): string {
  return url.pathname + url.search
}

/** Splits a body into chunks of `size` bytes (the last may be shorter), holding one at a time. */
async function* chunksOf(body: Body, size: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(body)) {
    for (let start = 0; start < body.length; start += size) yield body.subarray(start, start + size)
    return
  }
  let pending: Buffer[] = []
  let length = 0
  for await (const piece of body) {
    pending.push(piece as Buffer)
    length += (piece as Buffer).length
    while (length >= size) {
      const all = Buffer.concat(pending)
      yield all.subarray(0, size)
      pending = [all.subarray(size)]
      length -= size
    }
  }
  if (length > 0) yield Buffer.concat(pending)
}
