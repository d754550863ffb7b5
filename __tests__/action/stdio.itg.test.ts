/** Output written straight to the descriptors still reaches a slow reader whole and in order. */
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DIST, cleanEnv } from '../helpers/action.js'
import { tempDir } from '../helpers/fixtures.js'

/** The exit code; 'exit', not 'close': the CLI's stdout is the reader's to drain, not ours. */
const exited = (child: ReturnType<typeof spawn>) =>
  new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => resolve(code ?? -1))
  })

/**
 * The CLI's stdout piped into a second process that reads nothing for `delayMs`: real
 * back-pressure on a kernel pipe, without a shell. `preload` runs in the CLI first.
 */
async function cliIntoSlowReader(args: string[], preload: string, delayMs: number) {
  const cli = spawn(process.execPath, ['--require', preload, DIST, ...args], {
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const reader = spawn(process.execPath, ['-e', `setTimeout(() => process.stdin.pipe(process.stdout), ${delayMs})`], {
    stdio: [cli.stdout, 'pipe', 'inherit'],
  })
  const received: Buffer[] = []
  reader.stdout.on('data', (d: Buffer) => received.push(d))
  let stderr = ''
  cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const [code] = await Promise.all([exited(cli), new Promise((resolve) => reader.stdout.on('end', resolve))])
  return { code, stderr, stdout: Buffer.concat(received).toString('utf8') }
}

test('a pipe left non-blocking and full (EAGAIN) hands the rest to the stream: the output arrives whole', async () => {
  const dir = await tempDir()
  const names = Array.from({ length: 1000 }, (_, i) => `t${i}`)
  const platforms = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x']
  const target = Object.fromEntries(names.map((name) => [name, { tags: [`ghcr.io/o/${name}:1`], platforms }]))
  await writeFile(
    path.join(dir, 'docker-bake.json'),
    JSON.stringify({ group: { default: { targets: names } }, target }),
  )
  // Shared with the stream node makes for it, the descriptor turns non-blocking: a full
  // pipe answers EAGAIN (~1.6 MB of output against a few hundred KiB of buffers).
  // The preload also notes each EAGAIN that writeSync meets (before the ES module binds it), so the
  // test shows the fallback was taken, not only that the output arrived.
  const preload = path.join(dir, 'non-blocking.cjs')
  const eagains = path.join(dir, 'eagain.log')
  await writeFile(
    preload,
    [
      'process.stdout._handle.setBlocking(false)',
      "const fs = require('node:fs')",
      'const writeSync = fs.writeSync',
      'fs.writeSync = function (...args) {',
      '  try { return writeSync.apply(this, args) }',
      `  catch (error) { if (error.code === 'EAGAIN') fs.appendFileSync(${JSON.stringify(eagains)}, 'EAGAIN\\n'); throw error }`,
      '}',
    ].join('\n') + '\n',
  )
  const run = await cliIntoSlowReader(['matrix', '--workdir', dir, '--max-entries', '4000'], preload, 300)
  expect({ code: run.code, first: run.stderr.split('\n')[0] }).toEqual({
    code: 0,
    first: '4000 matrix entries for 1000 targets',
  })
  expect((await readFile(eagains, 'utf8')).trim().split('\n')[0]).toBe('EAGAIN')
  const entries = (JSON.parse(run.stdout) as { matrix: { slug: string }[] }).matrix
  expect(entries.map((e) => e.slug)).toEqual(
    names.flatMap((n) => [`${n}-linux-amd64`, `${n}-linux-arm64`, `${n}-linux-arm-v7`, `${n}-linux-s390x`]),
  )
})
