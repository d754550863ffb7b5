/**
 * stdout and stderr, written straight to their file descriptors. Creating
 * process.stdout for a pipe (what the runner gives a step) loads node's net and stream
 * modules: ~6 ms of every start, measured. A pipe left non-blocking and full (EAGAIN)
 * hands the rest, and every later write, to the stream, so the order holds.
 */
import { writeSync } from 'node:fs'

type Fd = 1 | 2
const streamed = new Set<Fd>()

export function writeStdout(text: string): void {
  write(1, text)
}

export function writeStderr(text: string): void {
  write(2, text)
}

function write(fd: Fd, text: string): void {
  if (streamed.has(fd)) return void streamOf(fd).write(text)
  const bytes = Buffer.from(text, 'utf8')
  let offset = 0
  try {
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
    streamed.add(fd)
    streamOf(fd).write(bytes.subarray(offset))
  }
}

function streamOf(fd: Fd): NodeJS.WriteStream {
  return fd === 1 ? process.stdout : process.stderr
}
