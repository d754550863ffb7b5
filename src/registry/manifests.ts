/**
 * Manifest operations on one registry, sent through its request interface (auth,
 * retries and bounds included): read by tag or digest (checked against the digest),
 * HEAD, and PUT with every ambiguous attempt reported.
 */
import { sha256Digest } from '../oci/digest.js'
import { isDigest } from '../oci/reference.js'
import { MANIFEST_ACCEPT, OCI_INDEX } from '../oci/types.js'
import { WrittenDigestError } from './errors.js'
import { RetryableError } from './retry.js'
import type { Requests, Send } from './request.js'
import { contentType, discard, drained, header, mediaTypeOf, readLimited } from './transport.js'

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

/** Also the bound on an error answer's body. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024
/** Pages of a referrers listing followed, at most. */
const MAX_REFERRER_PAGES = 16

export class Manifests {
  constructor(private readonly r: Requests) {}

  /**
   * The manifest, checked against its digest: the one asked for, or the one the
   * registry names in Docker-Content-Digest (a mismatch is retried, then refused).
   */
  async get(
    repository: string,
    reference: string,
    accept: readonly string[] = MANIFEST_ACCEPT,
  ): Promise<FetchedManifest | undefined> {
    const where = location(this.r.registry, repository, reference)
    const request = this.request('GET', repository, reference, accept)
    return this.r.send({ ...request, accept: [404] }, async (res) => {
      if (res.statusCode === 404) return void (await discard(res))
      const bytes = await readLimited(res, MAX_MANIFEST_BYTES, `manifest ${where}`)
      const digest = sha256Digest(bytes)
      const expected = reference.includes(':') ? reference : header(res, 'docker-content-digest')
      if (expected && expected.startsWith('sha256:') && digest !== expected) {
        throw new RetryableError(`GET ${where}: the registry served content with digest ${digest}, not ${expected}`)
      }
      // The body's own mediaType, when it declares one, over the header: a proxy that labels an image as an
      // index must not make us write an image's fields into an index.
      return { bytes, digest, mediaType: mediaTypeOf(bytes) || contentType(res), size: bytes.length }
    })
  }

  async head(repository: string, reference: string): Promise<ManifestHead | undefined> {
    const head = await this.r.send({ ...this.request('HEAD', repository, reference), accept: [404] }, drained)
    if (head.statusCode === 404) return undefined
    const digest = header(head, 'docker-content-digest')
    // A missing or malformed digest header (it goes into the next request's path): ask with GET.
    if (!isDigest(digest)) return (await this.get(repository, reference)) ?? undefined
    return { digest, mediaType: contentType(head), size: Number(header(head, 'content-length') ?? 0) }
  }

  /**
   * PUTs a manifest; returns its digest, that of the bytes written (a Docker-Content-Digest
   * that names another is a WrittenDigestError). `onAmbiguous` hears of every attempt whose
   * outcome is unknown (isAmbiguousFailure), with the time it was abandoned, whether a
   * retry then succeeds or not: the registry may still apply it.
   */
  async put(
    repository: string,
    reference: string,
    manifest: { bytes: Buffer; mediaType: string },
    onAmbiguous?: (abandonedAt: number) => void,
  ): Promise<string> {
    return (await this.putAnswered(repository, reference, manifest, onAmbiguous)).digest
  }

  /**
   * PUTs a manifest with a `subject`; `subjectProcessed` is the registry's `OCI-Subject`
   * answer: it lists the referrer itself, and no fallback tag is needed.
   */
  async putReferrer(
    repository: string,
    digest: string,
    manifest: { bytes: Buffer; mediaType: string },
  ): Promise<{ digest: string; subjectProcessed: boolean }> {
    return this.putAnswered(repository, digest, manifest)
  }

  /**
   * The referrers of `digest` (OCI distribution 1.1), one index per page (a `Link: <…>;
   * rel="next"` header names the next, on the same registry; at most `maxPages`), or
   * undefined when the registry has no referrers API as go-containerregistry (cosign)
   * decides it: anything but a 200 whose Content-Type is exactly the OCI index type — a
   * 404 (distribution 2.8, GHCR, Docker Hub), 400/405/406 from servers that route the
   * path elsewhere, a 200 of another type.
   */
  async referrers(repository: string, digest: string, maxPages = MAX_REFERRER_PAGES): Promise<Buffer[] | undefined> {
    const pages: Buffer[] = []
    let path: string | undefined = `/v2/${repository}/referrers/${digest}`
    for (let page = 0; path && page < Math.min(maxPages, MAX_REFERRER_PAGES); page++) {
      const request: Send = {
        method: 'GET',
        path,
        scopes: [this.r.scope(repository)],
        headers: { accept: OCI_INDEX },
        accept: [400, 404, 405, 406],
      }
      const answer = await this.r.send(request, async (res) => {
        if (res.statusCode !== 200 || header(res, 'content-type') !== OCI_INDEX) return void (await discard(res))
        const what = `referrers of ${location(this.r.registry, repository, digest)}`
        return { bytes: await readLimited(res, MAX_MANIFEST_BYTES, what), next: nextPage(header(res, 'link')) }
      })
      if (!answer) return page === 0 ? undefined : pages
      pages.push(answer.bytes)
      path = answer.next && this.samePath(answer.next, repository)
    }
    return pages
  }

  /** A next page's path, when it is this registry's referrers path for `repository` (a Link is foreign data). */
  private samePath(link: string, repository: string): string | undefined {
    const url = this.r.url(link)
    if (url.origin !== this.r.url('/').origin) return undefined
    const path = url.pathname + url.search
    return url.pathname.startsWith(`/v2/${repository}/referrers/`) ? path : undefined
  }

  private async putAnswered(
    repository: string,
    reference: string,
    manifest: { bytes: Buffer; mediaType: string },
    onAmbiguous?: (abandonedAt: number) => void,
  ): Promise<{ digest: string; subjectProcessed: boolean }> {
    this.r.willPush(repository)
    const res = await this.r.send(
      {
        method: 'PUT',
        path: `/v2/${repository}/manifests/${reference}`,
        scopes: [this.r.scope(repository)],
        headers: { 'content-type': manifest.mediaType },
        body: () => manifest.bytes,
      },
      drained,
      onAmbiguous,
    )
    // The digest is the bytes we wrote: a registry (or proxy) that names other content has not stored ours.
    const digest = sha256Digest(manifest.bytes)
    const answered = header(res, 'docker-content-digest')
    if (answered !== undefined && answered !== digest)
      throw new WrittenDigestError(`PUT ${location(this.r.registry, repository, reference)}`, digest, answered)
    return { digest, subjectProcessed: header(res, 'oci-subject') !== undefined }
  }

  private request(
    method: 'GET' | 'HEAD',
    repository: string,
    reference: string,
    accept: readonly string[] = MANIFEST_ACCEPT,
  ): Send {
    return {
      method,
      path: `/v2/${repository}/manifests/${reference}`,
      scopes: [this.r.scope(repository)],
      headers: { accept: accept.join(', ') },
    }
  }
}

function location(registry: string, repository: string, reference: string): string {
  return `${registry}/${repository}${reference.includes(':') ? '@' : ':'}${reference}`
}

/** The `rel="next"` target of a Link header (RFC 8288), as the referrers API pages. */
function nextPage(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part)
    if (m && /\brel="?next"?/i.test(m[2])) return m[1]
  }
  return undefined
}
