/**
 * A registry in memory behind an in-process node:http server on 127.0.0.1: manifests by
 * tag and digest, blobs by digest, and a hook that answers a request before the store
 * does (a HEAD that names a digest GET cannot find, a refused PUT). The convergence
 * tests speak to it through the real RegistryClient; no registry binary runs.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sha256Digest } from '../../src/oci/digest.js'

interface Stored {
  mediaType: string
  bytes: Buffer
}

/** What a hook answers instead of the store; undefined lets the store answer. */
export interface Answer {
  status: number
  body?: string
  headers?: Record<string, string>
}

export interface Seen {
  method: string
  path: string
  /** The Content-Type a PUT sent. */
  contentType?: string
}

export interface MemoryRegistry {
  /** `127.0.0.1:<port>`, as refs name it. */
  host: string
  /** Every request, in order. */
  seen: Seen[]
  /** Answers a request before the store, when it returns an answer. */
  hook?: (request: Seen, body: Buffer) => Answer | undefined
  /** Stores a manifest (bytes as given, or an object as JSON); returns its digest. */
  putManifest(repository: string, reference: string, mediaType: string, content: object | Buffer): string
  putBlob(content: object): string
  /** The manifest a tag points at, parsed; undefined when the tag does not exist. */
  tagged(repository: string, tag: string): unknown
  close(): Promise<void>
}

export async function memoryRegistry(): Promise<MemoryRegistry> {
  const manifests = new Map<string, Stored>()
  const tags = new Map<string, string>()
  const blobs = new Map<string, Buffer>()
  const storeManifest = (repository: string, reference: string, stored: Stored) => {
    const digest = sha256Digest(stored.bytes)
    manifests.set(`${repository}@${digest}`, stored)
    if (!reference.startsWith('sha256:')) tags.set(`${repository}:${reference}`, digest)
    return digest
  }
  const registry: MemoryRegistry = {
    host: '',
    seen: [],
    putManifest: (repository, reference, mediaType, content) =>
      storeManifest(repository, reference, {
        mediaType,
        bytes: Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content)),
      }),
    putBlob(content) {
      const bytes = Buffer.from(JSON.stringify(content))
      blobs.set(sha256Digest(bytes), bytes)
      return sha256Digest(bytes)
    },
    tagged(repository, tag) {
      const digest = tags.get(`${repository}:${tag}`)
      const stored = digest && manifests.get(`${repository}@${digest}`)
      return stored ? JSON.parse(stored.bytes.toString('utf8')) : undefined
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  const answer = (res: ServerResponse, { status, body = '', headers = {} }: Answer, head = false) => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers })
    res.end(head ? undefined : body)
  }
  const unknown = (code: string) => ({ status: 404, body: JSON.stringify({ errors: [{ code, message: code }] }) })
  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const contentType = req.headers['content-type']
    const request: Seen = { method: req.method ?? 'GET', path: url.pathname, ...(contentType && { contentType }) }
    registry.seen.push(request)
    const hooked = registry.hook?.(request, body)
    if (hooked) return answer(res, hooked, request.method === 'HEAD')
    if (url.pathname === '/v2/') return answer(res, { status: 200, body: '{}' })
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname)
    if (manifest) {
      const [, repository, reference] = manifest
      if (request.method === 'PUT') {
        const digest = storeManifest(repository, reference, {
          mediaType: String(req.headers['content-type']),
          bytes: body,
        })
        return answer(res, { status: 201, headers: { 'docker-content-digest': digest } })
      }
      const digest = reference.startsWith('sha256:') ? reference : tags.get(`${repository}:${reference}`)
      const stored = digest && manifests.get(`${repository}@${digest}`)
      if (!digest || !stored) return answer(res, unknown('MANIFEST_UNKNOWN'), request.method === 'HEAD')
      res.writeHead(200, {
        'content-type': stored.mediaType,
        'content-length': String(stored.bytes.length),
        'docker-content-digest': digest,
      })
      return res.end(request.method === 'HEAD' ? undefined : stored.bytes)
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname)
    const bytes = blob && blobs.get(blob[2])
    if (!bytes) return answer(res, unknown('BLOB_UNKNOWN'), request.method === 'HEAD')
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) })
    res.end(request.method === 'HEAD' ? undefined : bytes)
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => handle(req, res, Buffer.concat(chunks)))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  registry.host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return registry
}
