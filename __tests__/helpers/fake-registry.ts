/**
 * A small in-memory OCI registry on a fake server, for unit tests of code that reads
 * and writes manifests, blobs and referrers: tags and digests, monolithic and chunked
 * uploads, mounts, and (when `referrersApi`) the referrers API and `OCI-Subject`.
 * `intercept` answers a request first when it returns true: the bad case of a test.
 */
import type { ServerResponse } from 'node:http'
import { sha256Digest } from '../../src/oci/digest.js'
import { OCI_INDEX } from '../../src/oci/types.js'
import { type FakeServer, type Seen, fakeServer, pathOf, registryError } from './fake-server.js'

export interface StoredManifest {
  bytes: Buffer
  mediaType: string
}

export interface FakeRegistryOptions {
  referrersApi?: boolean
  /** The Content-Type the referrers API answers with (default the OCI index type). */
  referrersType?: string
  /** Referrers per page (a Link header names the next). */
  pageSize?: number
  intercept?: (req: Seen, res: ServerResponse) => boolean | Promise<boolean>
}

export interface FakeRegistry extends FakeServer {
  /** Replaces the `intercept` option (set during a test). */
  intercept?: FakeRegistryOptions['intercept']
  /** `repository` → reference (tag or digest) → manifest. */
  manifests: Map<string, Map<string, StoredManifest>>
  blobs: Map<string, Buffer>
  manifest(repository: string, reference: string): StoredManifest | undefined
  put(repository: string, reference: string, manifest: StoredManifest): string
}

const MANIFEST = /^\/v2\/(.+)\/manifests\/([^/]+)$/
const BLOB = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/
const UPLOAD = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/
const REFERRERS = /^\/v2\/(.+)\/referrers\/(sha256:[a-f0-9]{64})$/

export async function fakeRegistry(options: FakeRegistryOptions = {}): Promise<FakeRegistry> {
  const manifests = new Map<string, Map<string, StoredManifest>>()
  const blobs = new Map<string, Buffer>()
  const uploads = new Map<string, Buffer>()
  let sessions = 0
  const repo = (name: string) => manifests.get(name) ?? manifests.set(name, new Map()).get(name)!
  const put = (repository: string, reference: string, manifest: StoredManifest) => {
    const digest = sha256Digest(manifest.bytes)
    repo(repository).set(reference, manifest).set(digest, manifest)
    return digest
  }

  const server = await fakeServer(async (req, res) => {
    const intercept = registry.intercept ?? options.intercept
    if (intercept && (await intercept(req, res))) return
    const path = pathOf(req)
    const query = new URL(req.url, 'http://x').searchParams
    let m: RegExpExecArray | null
    if ((m = MANIFEST.exec(path))) {
      const [, repository, reference] = m
      if (req.method === 'PUT') {
        const stored = { bytes: req.body, mediaType: String(req.headers['content-type']) }
        const digest = put(repository, reference, stored)
        const subject = (JSON.parse(req.body.toString()) as { subject?: { digest: string } }).subject
        return void res
          .writeHead(201, {
            'docker-content-digest': digest,
            ...(subject && options.referrersApi && { 'oci-subject': subject.digest }),
          })
          .end()
      }
      const found = manifests.get(repository)?.get(reference)
      if (!found) return registryError(res, 404, 'MANIFEST_UNKNOWN')
      res.writeHead(200, {
        'content-type': found.mediaType,
        'content-length': found.bytes.length,
        'docker-content-digest': sha256Digest(found.bytes),
      })
      return void res.end(req.method === 'HEAD' ? undefined : found.bytes)
    }
    if ((m = REFERRERS.exec(path))) {
      if (!options.referrersApi) return registryError(res, 404, 'NOT_FOUND')
      return referrersPage(res, m[1], m[2], Number(query.get('page') ?? 0))
    }
    if ((m = BLOB.exec(path))) {
      const found = blobs.get(m[2])
      if (!found) return registryError(res, 404, 'BLOB_UNKNOWN')
      res.writeHead(200, { 'content-length': found.length, 'docker-content-digest': m[2] })
      return void res.end(req.method === 'HEAD' ? undefined : found)
    }
    if ((m = UPLOAD.exec(path))) {
      const [, repository, id] = m
      if (req.method === 'POST') {
        const mount = query.get('mount')
        if (mount && blobs.has(mount))
          return void res.writeHead(201, { location: `/v2/${repository}/blobs/${mount}` }).end()
        const session = `s${++sessions}`
        uploads.set(session, Buffer.alloc(0))
        return void res.writeHead(202, { location: `/v2/${repository}/blobs/uploads/${session}?state=1` }).end()
      }
      const sofar = uploads.get(id)
      if (!sofar) return registryError(res, 404, 'BLOB_UPLOAD_UNKNOWN')
      const all = Buffer.concat([sofar, req.body])
      if (req.method === 'PATCH') {
        uploads.set(id, all)
        return void res.writeHead(202, { location: `/v2/${repository}/blobs/uploads/${id}?state=2` }).end()
      }
      const digest = query.get('digest') ?? ''
      if (sha256Digest(all) !== digest) return registryError(res, 400, 'DIGEST_INVALID')
      uploads.delete(id)
      blobs.set(digest, all)
      return void res.writeHead(201, { 'docker-content-digest': digest }).end()
    }
    registryError(res, 404, 'NOT_FOUND')
  })

  /** The manifests whose subject is `digest`, as the referrers API lists them. */
  function referrersPage(res: ServerResponse, repository: string, digest: string, page: number) {
    const seen = new Set<string>()
    const listed: object[] = []
    for (const [reference, { bytes, mediaType }] of manifests.get(repository) ?? []) {
      const parsed = JSON.parse(bytes.toString()) as { subject?: { digest: string }; artifactType?: string }
      const own = sha256Digest(bytes)
      if (reference !== own || parsed.subject?.digest !== digest || seen.has(own)) continue
      seen.add(own)
      listed.push({ mediaType, digest: own, size: bytes.length, artifactType: parsed.artifactType })
    }
    const size = options.pageSize ?? 1000
    const next = (page + 1) * size < listed.length
    const body = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: listed.slice(page * size, (page + 1) * size),
    })
    res.writeHead(200, {
      'content-type': options.referrersType ?? OCI_INDEX,
      ...(next && { link: `</v2/${repository}/referrers/${digest}?page=${page + 1}>; rel="next"` }),
    })
    res.end(body)
  }

  const registry: FakeRegistry = {
    ...server,
    manifests,
    blobs,
    manifest: (repository, reference) => manifests.get(repository)?.get(reference),
    put,
  }
  return registry
}
