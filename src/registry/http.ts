/**
 * One HTTP exchange over node:http/https: the request written (a stream body piped,
 * with back-pressure), the answer's status and headers returned with its body unread.
 * Stalls are failures with a retryable code: no connection, or no data at any point (a
 * hung blob transfer), within the route's bounds; `signal` bounds the whole exchange.
 */
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { request as plainRequest } from 'node:http'
import type { Socket } from 'node:net'
import { type Readable, pipeline } from 'node:stream'
import type { Route } from './connections.js'

export type Body = Buffer | Readable

export interface Response {
  statusCode: number
  /** Lower-case names. */
  headers: IncomingHttpHeaders
  body: IncomingMessage
}

export interface Exchange {
  method: string
  headers: Record<string, string>
  body?: Body | string
  signal?: AbortSignal
  route: Route
}

/** An unwanted body larger than this costs its connection rather than the time to read it. */
const DISCARD_LIMIT = 256 * 1024

export function exchange(url: URL, { method, headers, body, signal, route }: Exchange): Promise<Response> {
  return new Promise((resolve, reject) => {
    // node:https (and with it tls and all of crypto's JavaScript) loads only when TLS is spoken.
    // The route's agent speaks the scheme; the function still follows it, because a proxy's
    // agent (agent-base) tells a TLS endpoint by the module that called it (client.itg's proxy tests).
    const send = url.protocol === 'https:' ? process.getBuiltinModule('node:https').request : plainRequest
    // The TLS options ride on the request: a proxy's tunnel applies them to the endpoint too.
    const { idleMs, connectMs } = route.bounds
    const req = send(url, { method, headers, agent: route.agent, ...route.tls, timeout: idleMs })
    let answer: IncomingMessage | undefined
    // A stall in the body fails the body's reader with this error, not a bare reset.
    req.on('timeout', () => (answer ?? req).destroy(stalled(`no data for ${idleMs / 1000} s`)))
    req.on('socket', (socket) => boundConnect(socket, req, connectMs))
    req.on('error', reject)
    if (signal) abortOn(signal, req)
    req.on('response', (message: IncomingMessage) => {
      answer = message
      // A body that fails before its reader attaches must not crash the process: the
      // reader still meets the error (the stream is destroyed with it).
      message.on('error', () => {})
      resolve({ statusCode: message.statusCode ?? 0, headers: message.headers, body: message })
    })
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) req.end(body)
    else pipeline(body, req, () => {}) // a failing body destroys the request: its 'error' rejects
  })
}

/**
 * Ends the exchange when `signal` aborts, wherever it is: no answer yet (it fails with an
 * AbortError), a body being read (its reader fails as a reset one does, ECONNRESET, which
 * callers retry as before), a body still being sent after the answer (the connection
 * goes). Hooked by hand rather than as http.request's `signal`, whose hookup (an
 * end-of-stream watch on every request, and Node compiling it on the first) cost a job's
 * first requests ~1.5 ms of its critical path; the effect is the same, the request
 * destroyed. The one listener goes when the request closes: an attempt's signal lives
 * until its timer fires, and would hold every request it bounded.
 */
function abortOn(signal: AbortSignal, req: ClientRequest): void {
  const abort = () => void req.destroy(aborted(signal))
  if (signal.aborted) return abort()
  signal.addEventListener('abort', abort)
  req.once('close', () => signal.removeEventListener('abort', abort))
}

/** As Node's own abort names it (client.ts and auth.ts tell their timeout by the signal, not by this error). */
function aborted(signal: AbortSignal): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  })
}

/** Reads and drops an answer's body, so its connection is kept; never throws. */
export async function discard(res: Response): Promise<void> {
  let size = 0
  // An unwanted body that fails, or is larger than the limit, costs only its connection.
  await eachChunk(res.body, (chunk) => (size += chunk.length) <= DISCARD_LIMIT).catch(() => {})
}

/** The answer's status and headers, its body drained (the connection goes back to the pool). */
export async function drained(res: Response): Promise<Response> {
  await discard(res)
  return res
}

/** An answer larger than the bound on what it may be (a manifest, an error body, a small blob). */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError'
}

/** A whole body, refused past `limit` bytes. */
export async function readLimited(res: Response, limit: number, what: string): Promise<Buffer> {
  // A declared length past the limit is refused before a byte is read (not after the attempt's bound).
  const declared = Number(res.headers['content-length'] ?? NaN)
  if (declared > limit) {
    res.body.destroy()
    throw new TooLargeError(`${what} is larger than ${limit} bytes (Content-Length ${declared})`)
  }
  const chunks: Buffer[] = []
  let size = 0
  await eachChunk(res.body, (chunk) => {
    size += chunk.length
    if (size > limit) return false
    chunks.push(chunk)
    return true
  })
  if (size > limit) throw new TooLargeError(`${what} is larger than ${limit} bytes`)
  return Buffer.concat(chunks)
}

/**
 * Hands the body's chunks to `take` until its end, or until `take` answers false (the body
 * is then destroyed, and this resolves). Listeners, not `for await`: an async iterator
 * costs every answer its own machinery, and the first one ~0.5 ms of Node compiling it,
 * on each request's path. Fails as that iterator fails: with the body's error (a reset
 * is ECONNRESET, retried), or when the body closes before its end.
 */
function eachChunk(body: IncomingMessage, take: (chunk: Buffer) => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    // A body that failed, ended or closed before this reader came (exchange keeps its error).
    if (body.errored) return reject(body.errored)
    if (body.readableEnded) return resolve()
    if (body.destroyed) return reject(prematureClose())
    // The first of these settles it; the error for a close without an end is made only then
    // (every body closes after its end, and an error costs its stack trace).
    let done = false
    const settle = (how: () => void) => {
      if (done) return
      done = true
      how()
    }
    body.on('data', (chunk: Buffer) => {
      if (done || take(chunk)) return
      settle(resolve)
      body.destroy()
    })
    body.once('end', () => settle(resolve))
    body.once('error', (error) => settle(() => reject(error)))
    body.once('close', () => settle(() => reject(prematureClose())))
    body.resume() // a 'data' listener alone does not restart a body someone paused
  })
}

function prematureClose(): Error {
  return Object.assign(new Error('the answer closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })
}

function boundConnect(socket: Socket, req: { destroy(error: Error): void }, connectMs: number): void {
  if (!socket.connecting) return
  const timer = setTimeout(() => req.destroy(stalled(`no connection within ${connectMs / 1000} s`)), connectMs)
  timer.unref()
  const clear = () => clearTimeout(timer)
  socket.once('connect', clear)
  socket.once('close', clear)
}

function stalled(message: string): Error {
  return Object.assign(new Error(message), { code: 'ETIMEDOUT' })
}
