/**
 * In-process fake HTTP servers on 127.0.0.1 for unit tests of the registry client: one
 * per test, each request recorded (method, path, headers, body), closed after with its
 * connections. `fakeClient` is a RegistryClient that speaks to one, retrying on a clock
 * that never waits.
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { RegistryClient, type RegistryClientOptions } from '../../src/registry/client.js'
import { Connections, type StallBounds } from '../../src/registry/connections.js'
import type { RetryClock, RetryPolicy } from '../../src/registry/retry.js'
import { recordingLogger } from './logger.js'

export interface Seen {
  method: string
  /** Path and query, as sent. */
  url: string
  headers: IncomingMessage['headers']
  body: Buffer
}

export type Handler = (req: Seen, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>

export interface FakeServer {
  /** `127.0.0.1:port`: the registry name and host. */
  host: string
  /** `http://127.0.0.1:port`. */
  origin: string
  requests: Seen[]
  /** Connections that spoke the other protocol: a TLS handshake at a plain server, plain HTTP at a TLS one. */
  misspoken(): number
  close(): Promise<void>
}

const servers: FakeServer[] = []
const connectionSets: Connections[] = []

/**
 * A server whose every request is recorded, then answered by `handler` (a thrown handler
 * answers 599); over TLS with `tls` (a certificate and its key, PEM).
 */
export async function fakeServer(handler: Handler, tls?: { cert: string; key: string }): Promise<FakeServer> {
  const requests: Seen[] = []
  const listener = async (raw: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const chunk of raw) chunks.push(chunk as Buffer)
    const seen = { method: raw.method ?? '', url: raw.url ?? '/', headers: raw.headers, body: Buffer.concat(chunks) }
    requests.push(seen)
    try {
      await handler(seen, res, raw)
    } catch (error) {
      if (!res.headersSent) res.writeHead(599).end(String(error))
    }
  }
  const server = tls ? createTlsServer(tls, listener) : createServer(listener)
  let misspoken = 0
  // Node's own answers, as without a listener: a TLS server drops the connection; a plain one answers
  // bytes it cannot parse (a TLS ClientHello) with a 400.
  if (tls) server.on('tlsClientError', (_error, socket) => void (misspoken++, socket.destroy()))
  else
    server.on('clientError', (error: Error & { code?: string }, socket) => {
      if (!error.code?.startsWith('HPE_')) return void socket.destroy()
      misspoken++
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
    })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const fake: FakeServer = {
    host: `127.0.0.1:${port}`,
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    misspoken: () => misspoken,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  servers.push(fake)
  return fake
}

/** Closes every server and client connection the test opened (call in afterEach). */
export async function closeAll(): Promise<void> {
  await Promise.all(connectionSets.splice(0).map((c) => c.destroy()))
  await Promise.all(servers.splice(0).map((s) => s.close()))
}

/** Retries as the client does, quickly: every test that retries also counts its tries. */
export const TEST_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 60_000 }

/** A clock that never waits: sleeps advance its time and are recorded. */
export function instantClock(start = 1_000_000): RetryClock & { sleeps: number[]; advance(ms: number): void } {
  let now = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => void (sleeps.push(ms), (now += ms)),
    random: () => 0.5,
    advance: (ms) => void (now += ms),
  }
}

/** A client of `server` (loopback: insecure, so plain HTTP once TLS is refused), with a recording logger. */
export function fakeClient(
  server: FakeServer,
  options: Partial<RegistryClientOptions> = {},
  stalls: StallBounds = { connectMs: 5_000, idleMs: 5_000 },
) {
  const log = recordingLogger()
  const connections = new Connections({}, stalls)
  connectionSets.push(connections)
  const client = new RegistryClient({
    registry: server.host,
    insecure: true,
    connections,
    retry: TEST_RETRY,
    log,
    clock: instantClock(),
    requestTimeoutMs: 5_000,
    ...options,
  })
  return Object.assign(client, { log })
}

/** A JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
}

/** A distribution error answer: `{"errors":[{code,message}]}`. */
export function registryError(res: ServerResponse, status: number, code: string, message = code.toLowerCase()) {
  json(res, status, { errors: [{ code, message }] })
}

/** The path of a request, without its query. */
export function pathOf(req: Seen): string {
  return req.url.split('?')[0]
}
