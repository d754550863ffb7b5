/**
 * Debian's docker-registry (distribution 2.8), started for real on a free loopback
 * port with a temp storage directory and a config written here.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Certificate } from './certificates.js'

export const REGISTRY_BINARY = '/usr/bin/docker-registry'

export function registryInstalled(): boolean {
  try {
    execFileSync(REGISTRY_BINARY, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/**
 * `describe` when docker-registry is installed; in CI its absence is a failure, locally
 * a skip with a message saying how to get it.
 */
export function describeWithRegistry(name: string, body: () => void): void {
  if (registryInstalled()) return describe(name, body)
  if (process.env.CI) {
    describe(name, () => test('docker-registry is installed', () => expect(registryInstalled()).toBe(true)))
    return
  }
  console.warn(`skipping '${name}': docker-registry is not installed (run scripts/install-test-deps.sh)`)
  describe.skip(name, body)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export type RegistryAuth =
  | { kind: 'htpasswd'; file: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; certFile: string }

export interface RegistryServer {
  /** `127.0.0.1:<port>`, as used in image refs. */
  host: string
  port: number
  output(): string
  /**
   * Methods of the requests logged after `mark` (an earlier `output().length`), once a
   * marker request sent now has reached the access log: a write made before this call
   * cannot be missed because the log had not been flushed yet.
   */
  methodsSince(mark: number): Promise<string[]>
  /** The same, as `METHOD /v2/path` lines. */
  requestsSince(mark: number): Promise<string[]>
  stop(): Promise<void>
}

function configYaml(storage: string, port: number, auth?: RegistryAuth, tls?: Certificate): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
  ]
  if (tls) lines.push('  tls:', `    certificate: ${tls.certFile}`, `    key: ${tls.keyFile}`)
  if (auth?.kind === 'htpasswd') lines.push('auth:', '  htpasswd:', '    realm: test-realm', `    path: ${auth.file}`)
  if (auth?.kind === 'token') {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${auth.realm}`,
      `    service: ${auth.service}`,
      `    issuer: ${auth.issuer}`,
      `    rootcertbundle: ${auth.certFile}`,
    )
  }
  return lines.join('\n') + '\n'
}

/** With `tls`, the registry serves HTTPS only (and answers plain HTTP with a 400). */
export async function startRegistry(auth?: RegistryAuth, tls?: Certificate): Promise<RegistryServer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-registry-'))
  const port = await freePort()
  await writeFile(path.join(dir, 'config.yml'), configYaml(path.join(dir, 'storage'), port, auth, tls))
  const child: ChildProcess = spawn(REGISTRY_BINARY, ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  const host = `127.0.0.1:${port}`
  // Any answer means serving: a TLS registry answers this plain-HTTP GET with a 400.
  await waitUntilServing(`http://${host}/v2/`, child, () => output)
  let markers = 0
  const requestsSince = async (mark: number): Promise<string[]> => {
    const marker = `/v2/bake-fanout-test-marker/${markers++}/tags/list`
    await (await fetch(`http://${host}${marker}`)).arrayBuffer()
    await waitFor(
      () => output.includes(marker),
      () => `the registry never logged ${marker}`,
    )
    return loggedRequests(output.slice(mark, output.indexOf(marker)))
  }
  return {
    host,
    port,
    output: () => output,
    methodsSince: async (mark) => (await requestsSince(mark)).map((r) => r.split(' ')[0]),
    requestsSince: (mark) => requestsSince(mark),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function waitFor(done: () => boolean, failure: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (!done()) {
    if (Date.now() > deadline) throw new Error(failure())
    await new Promise((r) => setTimeout(r, 10))
  }
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${output()}`)
    try {
      const res = await fetch(url)
      await res.arrayBuffer()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error(`docker-registry did not start: ${output()}`)
}

/** Methods of the requests in a stretch of the registry's access log. */
function loggedRequests(output: string): string[] {
  return [...output.matchAll(/"((?:GET|HEAD|PUT|POST|PATCH|DELETE) \/v2\/[^" ]*)[^"]*"/g)].map((m) => m[1])
}
