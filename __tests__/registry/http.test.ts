/**
 * Reading an answer's body: whole (bounded), or drained so its connection is kept. Each
 * way a body ends is made to happen on a stream standing in for the answer: its end, a
 * reset halfway, a failure before the reader came, a close before its end, too many bytes.
 * And an exchange's signal, against a loopback server: it ends the exchange wherever it is,
 * and once the exchange is over it reaches nothing.
 */
import { getEventListeners } from 'node:events'
import { Agent, type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo, createServer as createTcpServer } from 'node:net'
import { PassThrough, Readable } from 'node:stream'
import { type Response, TooLargeError, discard, exchange, readLimited } from '../../src/registry/http.js'
import { isRetryableNetworkError } from '../../src/registry/retry.js'

function answer(headers: Record<string, string> = {}): { res: Response; body: PassThrough } {
  const body = new PassThrough()
  return { res: { statusCode: 200, headers, body: body as unknown as IncomingMessage }, body }
}

function reset(): Error {
  return Object.assign(new Error('aborted'), { code: 'ECONNRESET' })
}

describe('readLimited', () => {
  test('a body in several chunks is read whole', async () => {
    const { res, body } = answer()
    const reading = readLimited(res, 16, 'manifest x')
    body.write('{"a":')
    body.end('1}')
    expect((await reading).toString()).toBe('{"a":1}')
  })

  test('a body of exactly the limit is read; one byte more is refused and its stream destroyed', async () => {
    const exact = answer()
    const reading = readLimited(exact.res, 4, 'manifest x')
    exact.body.end('abcd')
    expect((await reading).toString()).toBe('abcd')

    const over = answer()
    const refused = readLimited(over.res, 4, 'manifest x')
    over.body.write('abc')
    over.body.write('de')
    await expect(refused).rejects.toThrow(new TooLargeError('manifest x is larger than 4 bytes'))
    await expect(refused).rejects.toMatchObject({ name: 'TooLargeError' })
    expect(over.body.destroyed).toBe(true)
  })

  test('a declared length is refused before a byte is read only when past the limit', async () => {
    const declared = answer({ 'content-length': '5' })
    await expect(readLimited(declared.res, 4, 'manifest x')).rejects.toThrow(
      new TooLargeError('manifest x is larger than 4 bytes (Content-Length 5)'),
    )
    expect(declared.body.destroyed).toBe(true)
    const exact = answer({ 'content-length': '4' })
    const reading = readLimited(exact.res, 4, 'manifest x')
    exact.body.end('abcd')
    expect((await reading).toString()).toBe('abcd')
  })

  test('a body reset halfway fails with the reset (its code decides the retry)', async () => {
    const { res, body } = answer()
    const reading = readLimited(res, 16, 'manifest x')
    body.write('{"a"')
    body.destroy(reset())
    await expect(reading).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  test('a body that failed before its reader came fails the reader, without waiting', async () => {
    const { res, body } = answer()
    body.on('error', () => {}) // as exchange() keeps it, until a reader comes
    body.destroy(reset())
    await new Promise((resolve) => setImmediate(resolve))
    await expect(readLimited(res, 16, 'manifest x')).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  test('a body closed before its end, without an error, is no whole body', async () => {
    const { res, body } = answer()
    const reading = readLimited(res, 16, 'manifest x')
    body.write('{"a"')
    body.destroy()
    await expect(reading).rejects.toThrow(
      Object.assign(new Error('the answer closed before its end'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }),
    )
    await expect(reading).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' })
    const closed = answer()
    closed.body.destroy()
    await new Promise((resolve) => setImmediate(resolve))
    await expect(readLimited(closed.res, 16, 'manifest x')).rejects.toMatchObject({
      code: 'ERR_STREAM_PREMATURE_CLOSE',
    })
  })

  test('a body that ended (and was closed) before its reader came reads as empty, not as cut short', async () => {
    const { res, body } = answer()
    body.end()
    body.resume()
    await new Promise((resolve) => body.once('close', resolve))
    expect((await readLimited(res, 16, 'manifest x')).length).toBe(0)
  })

  test('a body someone paused is read all the same', async () => {
    const { res, body } = answer()
    body.pause()
    const reading = readLimited(res, 16, 'manifest x')
    body.end('{"a":1}')
    expect((await reading).toString()).toBe('{"a":1}')
  })
})

describe('discard', () => {
  test('reads a body to its end, so the connection goes back to the pool', async () => {
    const { res, body } = answer()
    const draining = discard(res)
    body.write('error text')
    body.end()
    await draining
    expect(body.readableEnded).toBe(true)
    expect(body.destroyed).toBe(true) // autoDestroy after the end: nothing left to read
  })

  test('a body ended before it was asked, or failing, is no failure', async () => {
    const ended = answer()
    ended.body.end()
    ended.body.resume()
    await new Promise((resolve) => ended.body.once('end', resolve))
    await expect(discard(ended.res)).resolves.toBeUndefined()

    const failing = answer()
    const draining = discard(failing.res)
    failing.body.destroy(reset())
    await expect(draining).resolves.toBeUndefined()
  })

  test('a body past 256 KiB is not read further: its stream is destroyed (costing its connection)', async () => {
    const { res, body } = answer()
    let read = 0
    body.on('data', (chunk: Buffer) => (read += chunk.length))
    const draining = discard(res)
    body.write(Buffer.alloc(256 * 1024))
    body.write(Buffer.alloc(1))
    await draining
    expect(body.destroyed).toBe(true)
    expect(read).toBe(256 * 1024 + 1)
    expect(body.write(Buffer.alloc(1))).toBe(false) // nobody reads on
  })
})

describe("an exchange's signal", () => {
  let agent: Agent
  let origin: string
  let close: () => Promise<void>
  /** What the server does with each request, by path; a request it leaves waits unanswered. */
  const handlers = new Map<string, (res: ServerResponse) => void>()
  const sockets: number[] = []
  beforeAll(async () => {
    const server = createServer((req, res) => handlers.get(req.url ?? '')?.(res))
    server.on('connection', (socket) => sockets.push(socket.remotePort ?? 0))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve())))
  })
  beforeEach(() => (agent = new Agent({ keepAlive: true, maxSockets: 1 })))
  afterEach(() => agent.destroy())
  afterAll(() => close())

  const send = (path: string, signal: AbortSignal) =>
    exchange(new URL(path, origin), {
      method: 'GET',
      headers: {},
      signal,
      route: { agent, bounds: { idleMs: 10_000, connectMs: 10_000 } },
    })

  test('aborted before the answer: the exchange fails as aborted', async () => {
    const controller = new AbortController()
    const sending = send('/never', controller.signal)
    const reason = new Error('the attempt timed out')
    setTimeout(() => controller.abort(reason), 50)
    await expect(sending).rejects.toMatchObject({
      name: 'AbortError',
      code: 'ABORT_ERR',
      message: 'The operation was aborted',
      cause: reason,
    })
  })

  test('aborted while the body comes: its reader fails as a reset does, which is retried', async () => {
    handlers.set('/half', (res) => res.writeHead(200, { 'content-length': '10' }).write('abc'))
    const controller = new AbortController()
    const res = await send('/half', controller.signal)
    const reading = readLimited(res, 100, 'answer')
    controller.abort()
    const error = await reading.catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ECONNRESET' })
    // Callers without a signal of their own to ask (the packages API, a chunked upload's source) retry it.
    expect(isRetryableNetworkError(error)).toBe(true)
  })

  test('aborted after its answer, while its upload is still being sent: the upload ends with its connection', async () => {
    let serverSaw = 'open'
    const early = createTcpServer((socket) => {
      // Answers at the first bytes, as a registry refusing a blob does, and keeps reading the upload.
      socket.once('data', () => socket.write('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'))
      socket.on('data', () => {})
      socket.on('close', () => (serverSaw = 'closed'))
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => early.listen(0, '127.0.0.1', resolve))
    try {
      const upload = new Readable({
        read() {
          setTimeout(() => this.push(Buffer.alloc(1024)), 5)
        },
      })
      const controller = new AbortController()
      const url = new URL(`http://127.0.0.1:${(early.address() as AddressInfo).port}/v2/app/blobs/uploads/1`)
      const route = { agent, bounds: { idleMs: 10_000, connectMs: 10_000 } }
      const res = await exchange(url, { method: 'PUT', headers: {}, body: upload, signal: controller.signal, route })
      expect(res.statusCode).toBe(401)
      await discard(res)
      controller.abort()
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(upload.destroyed).toBe(true)
      expect(serverSaw).toBe('closed')
    } finally {
      early.close()
    }
  })

  test('an already aborted signal sends nothing', async () => {
    let asked = 0
    handlers.set('/counted', (res) => (asked++, res.end()))
    await expect(send('/counted', AbortSignal.abort())).rejects.toMatchObject({ code: 'ABORT_ERR' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(asked).toBe(0)
  })

  test('aborted after its answer was read, it reaches nothing: the next exchange on the connection completes', async () => {
    handlers.set('/quick', (res) => res.end('done'))
    let answerLater!: () => void
    handlers.set('/slow', (res) => (answerLater = () => res.end('later')))
    const first = new AbortController()
    expect((await readLimited(await send('/quick', first.signal), 100, 'quick')).toString()).toBe('done')
    await new Promise((resolve) => setImmediate(resolve))
    expect(getEventListeners(first.signal, 'abort')).toEqual([]) // let go with the request: the signal holds nothing
    const connections = sockets.length
    const second = send('/slow', new AbortController().signal)
    await new Promise((resolve) => setTimeout(resolve, 50))
    first.abort()
    answerLater()
    expect((await readLimited(await second, 100, 'slow')).toString()).toBe('later')
    expect(sockets.length).toBe(connections) // the same connection served both
  })
})
