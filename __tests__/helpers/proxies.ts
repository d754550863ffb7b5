/** Loopback proxies for tests: a recording forward proxy, and a fault-injecting reverse proxy. */
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http'
import { type Socket, connect } from 'node:net'
import { createHash } from 'node:crypto'

export interface ForwardProxy {
  url: string
  /** `host:port` of every request or CONNECT tunnel (one per kept-alive connection) that went through. */
  seen: string[]
  stop(): Promise<void>
}

/** An HTTP proxy: absolute-URI requests and CONNECT tunnels, as HTTP_PROXY clients use it. */
export async function startForwardProxy(): Promise<ForwardProxy> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '')
    seen.push(target.host)
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname + target.search,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.on('connect', (req: IncomingMessage, socket, head) => {
    seen.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  return listen(server, (port) => ({ url: `http://127.0.0.1:${port}`, seen }))
}

export interface CountingProxy {
  url: string
  /** Every request that went through, as `METHOD /path` (inside the tunnels, too). */
  requests: string[]
  stop(): Promise<void>
}

/**
 * A counting HTTP proxy for one client (set as its HTTP_PROXY): it opens the CONNECT
 * tunnels the client asks for and reads the plain HTTP inside them, so every request is
 * noted and charged to that client. A TLS handshake in a tunnel meets plain HTTP, as it
 * does at a registry that speaks no TLS.
 */
export async function startCountingProxy(): Promise<CountingProxy> {
  const requests: string[] = []
  const targets = new WeakMap<Socket, string>()
  const inner = createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`)
    const [host, port] = (targets.get(req.socket) ?? '').split(':')
    const upstream = request(
      { host, port: Number(port), method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  const server = createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    targets.set(socket, req.url ?? '')
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) socket.unshift(head)
    inner.emit('connection', socket)
  })
  return listen(server, (port) => ({ url: `http://127.0.0.1:${port}`, requests }))
}

/** `blob-unknown`: distribution's answer when a manifest's blob vanished in an upload race. */
export type Fault = 'pass' | '503' | '429' | 'reset' | 'blob-unknown'

export interface FaultProxy {
  host: string
  /** Faults injected so far, by kind. */
  injected: Record<Exclude<Fault, 'pass'>, number>
  /** Requests seen, by method. */
  methods: string[]
  stop(): Promise<void>
}

/**
 * A reverse proxy in front of a registry that answers 503 or 429 or drops the
 * connection when `schedule(n, req)` says so (n counts requests from 0). The Host
 * header is kept, so the registry's Location URLs point back at the proxy.
 */
export async function startFaultProxy(
  upstreamPort: number,
  schedule: (n: number, req: IncomingMessage) => Fault,
): Promise<FaultProxy> {
  const injected = { '503': 0, '429': 0, reset: 0, 'blob-unknown': 0 }
  const methods: string[] = []
  let n = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    methods.push(req.method ?? '')
    const fault = schedule(n++, req)
    if (fault !== 'pass') {
      injected[fault]++
      req.resume()
      if (fault === 'reset') return req.socket.destroy()
      if (fault === 'blob-unknown') {
        res.writeHead(400, { 'content-type': 'application/json' })
        return res.end(
          JSON.stringify({ errors: [{ code: 'MANIFEST_BLOB_UNKNOWN', message: 'blob unknown to registry' }] }),
        )
      }
      res.writeHead(Number(fault), {
        'content-type': 'application/json',
        ...(fault === '429' && { 'retry-after': '0' }),
      })
      return res.end(
        JSON.stringify({
          errors: [{ code: fault === '429' ? 'TOOMANYREQUESTS' : 'UNAVAILABLE', message: 'injected' }],
        }),
      )
    }
    const upstream = request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  return listen(server, (port) => ({ host: `127.0.0.1:${port}`, injected, methods }))
}

export interface TagProxyOptions {
  /** How long to hold a tag PUT before passing it on (it lands that late); 0: at once. `n` counts tag PUTs. */
  delayPut?: (n: number) => number
  /** Tag reads (GET/HEAD by tag) are answered with the version the tag had this long ago. */
  staleMs?: number
}

export interface TagProxy {
  host: string
  /** Tag PUTs held back, and tag reads answered from the past. */
  figures: { delayed: number; staleReads: number }
  stop(): Promise<void>
}

interface TagVersion {
  at: number
  bytes: Buffer
  headers: Record<string, string>
}

const TAG_MANIFEST = /^\/v2\/(.+)\/manifests\/([\w][\w.-]{0,127})$/

/**
 * A reverse proxy that behaves like a slow, lagging registry: it holds tag PUTs back
 * before they land, and serves tag reads from a version of `staleMs` ago, as GHCR's
 * caches do after a write. It keeps each tag's history from the PUTs it passed on.
 */
export async function startTagProxy(upstreamPort: number, options: TagProxyOptions): Promise<TagProxy> {
  const history = new Map<string, TagVersion[]>()
  const figures = { delayed: 0, staleReads: 0 }
  let puts = 0
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const tag = TAG_MANIFEST.exec((req.url ?? '').split('?')[0])
    const key = tag ? `${tag[1]}:${tag[2]}` : ''
    if (tag && req.method === 'PUT') {
      const body = await readBody(req)
      const delay = options.delayPut?.(puts++) ?? 0
      if (delay > 0) {
        figures.delayed++
        await new Promise((resolve) => setTimeout(resolve, delay))
      }
      return forward(upstreamPort, req, body, res, (status) => {
        if (status !== 201) return
        const headers = { 'content-type': req.headers['content-type'] ?? '' }
        history.set(key, [...(history.get(key) ?? []), { at: Date.now(), bytes: body, headers }])
      })
    }
    if (tag && (req.method === 'GET' || req.method === 'HEAD') && options.staleMs) {
      figures.staleReads++
      const versions = (history.get(key) ?? []).filter((v) => v.at <= Date.now() - options.staleMs!)
      const version = versions[versions.length - 1]
      if (!version) {
        res.writeHead(404, { 'content-type': 'application/json' })
        return res.end(
          req.method === 'HEAD'
            ? undefined
            : JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
        )
      }
      res.writeHead(200, {
        ...version.headers,
        'content-length': String(version.bytes.length),
        'docker-content-digest': 'sha256:' + createHash('sha256').update(version.bytes).digest('hex'),
      })
      return res.end(req.method === 'HEAD' ? undefined : version.bytes)
    }
    forward(upstreamPort, req, await readBody(req), res)
  })
  return listen(server, (port) => ({ host: `127.0.0.1:${port}`, figures }))
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function forward(
  upstreamPort: number,
  req: IncomingMessage,
  body: Buffer,
  res: ServerResponse,
  done?: (status: number) => void,
): void {
  const upstream = request(
    { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
    (up) => {
      done?.(up.statusCode ?? 502)
      res.writeHead(up.statusCode ?? 502, up.headers)
      up.pipe(res)
    },
  )
  upstream.on('error', () => res.destroy())
  upstream.end(body)
}

/** Sends a request the client gave up on to the registry after all (an orphan), answering no one. */
function applyLater(upstreamPort: number, req: IncomingMessage, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const upstream = request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        up.resume()
        up.on('end', () => resolve(up.statusCode ?? 0))
      },
    )
    upstream.on('error', () => resolve(0))
    upstream.end(body)
  })
}

export interface QuirkRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

/** What a quirk proxy does with one request; undefined passes it on untouched. */
export type Quirk =
  | { answer: { status: number; headers?: Record<string, string>; body?: string } }
  | { resetMidBody: true }
  | { stallMidBody: true }
  | { trickleMs: number }
  | { tamper: true }
  | {
      headers: (headers: Record<string, string | string[] | undefined>) => Record<string, string | string[] | undefined>
    }
  | { to: number }
  | { rewrite: string }
  /** Passed on only once `until` resolves (a PUT held in flight: it lands that late), then answered as usual. */
  | { holdUntil: Promise<unknown> }
  /** Answered at once (a gateway's 504), while the request itself reaches the registry once `until` resolves. */
  | { answerNowApplyLater: { status: number; until: Promise<unknown> } }
  | undefined

export interface QuirkProxy {
  host: string
  port: number
  /** Requests that met a quirk, as `METHOD path`. */
  quirked: string[]
  /** Requests passed on late (held, or answered at once and applied later), in order: each resolves with the registry's status once it landed. */
  late: Array<Promise<number>>
  stop(): Promise<void>
}

/**
 * A reverse proxy that behaves like a registry with a quirk: `quirk(req)` answers in the
 * registry's place, resets the connection or falls silent halfway through the body, trickles the body
 * a byte at a time, alters the body under its digest header, rewrites headers, or
 * routes the request to another port (a token server behind the registry's host).
 */
export async function startQuirkProxy(upstreamPort: number, quirk: (req: QuirkRequest) => Quirk): Promise<QuirkProxy> {
  const quirked: string[] = []
  const late: Array<Promise<number>> = []
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req)
    const q = quirk({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body })
    if (!q) return forward(upstreamPort, req, body, res)
    quirked.push(`${req.method} ${(req.url ?? '').split('?')[0]}`)
    if ('answer' in q) {
      res.writeHead(q.answer.status, { 'content-type': 'application/json', ...q.answer.headers })
      return res.end(req.method === 'HEAD' ? undefined : (q.answer.body ?? ''))
    }
    if ('to' in q) return forward(q.to, req, body, res)
    if ('holdUntil' in q) {
      late.push(q.holdUntil.then(() => new Promise((resolve) => forward(upstreamPort, req, body, res, resolve))))
      return
    }
    if ('answerNowApplyLater' in q) {
      const { status, until } = q.answerNowApplyLater
      res.writeHead(status, { 'content-type': 'text/html' })
      res.end('<html><body>504 Gateway Time-out</body></html>')
      late.push(until.then(() => applyLater(upstreamPort, req, body)))
      return
    }
    if ('rewrite' in q) {
      req.url = q.rewrite
      return forward(upstreamPort, req, body, res)
    }
    const upstream = request(
      { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
      async (up) => {
        const headers = 'headers' in q ? q.headers({ ...up.headers }) : up.headers
        const chunks: Buffer[] = []
        for await (const c of up) chunks.push(c as Buffer)
        const payload = Buffer.concat(chunks)
        res.writeHead(up.statusCode ?? 502, headers)
        if ('resetMidBody' in q) {
          res.write(payload.subarray(0, Math.floor(payload.length / 2)))
          setTimeout(() => req.socket.destroy(), 20)
        } else if ('stallMidBody' in q) {
          res.write(payload.subarray(0, Math.floor(payload.length / 2))) // and nothing more, the socket open
        } else if ('trickleMs' in q) {
          for (const byte of payload) {
            if (res.destroyed) return
            res.write(Buffer.from([byte]))
            await new Promise((resolve) => setTimeout(resolve, q.trickleMs))
          }
          res.end()
        } else if ('tamper' in q && payload.length > 0) {
          const altered = Buffer.from(payload)
          altered[altered.length - 2] ^= 1
          res.end(altered)
        } else res.end(payload)
      },
    )
    upstream.on('error', () => res.destroy())
    upstream.end(body)
  })
  return listen(server, (port) => ({ host: `127.0.0.1:${port}`, port, quirked, late }))
}

/** A deterministic pseudo-random schedule: `rate` of requests faulted, kinds rotating. */
export function seededFaults(rate: number, seed = 1): (n: number) => Fault {
  let state = seed
  const kinds: Fault[] = ['503', '429', 'reset']
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const r = state / 2 ** 31
    return r < rate ? kinds[Math.floor((r / rate) * kinds.length) % kinds.length] : 'pass'
  }
}

function listen<T extends object>(
  server: Server,
  describe: (port: number) => T,
): Promise<T & { stop(): Promise<void> }> {
  // CONNECT tunnels leave the HTTP server's bookkeeping: track every socket to end them all on stop.
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({
        ...describe(port),
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
