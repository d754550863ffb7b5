/**
 * The pool: one client per registry, credentials from the docker config (masked once
 * read), loopback and listed hosts insecure, request counts summed over registries.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execProgram } from '../../src/common/actions-exec.js'
import { RegistryPool, asksPlainFirst, isInsecureRegistry } from '../../src/registry/pool.js'
import { closeAll, fakeServer, pathOf } from '../helpers/fake-server.js'
import { recordingLogger } from '../helpers/logger.js'

afterEach(closeAll)

test('insecure: loopback, and the hosts listed (with or without port)', () => {
  expect(isInsecureRegistry('127.0.0.1:5000', [])).toBe(true)
  expect(isInsecureRegistry('localhost', [])).toBe(true)
  expect(isInsecureRegistry('[::1]:5000', [])).toBe(true)
  expect(isInsecureRegistry('reg.lan:5000', ['reg.lan'])).toBe(true)
  expect(isInsecureRegistry('reg.lan:5000', ['reg.lan:5000'])).toBe(true)
  expect(isInsecureRegistry('reg.lan:5000', ['other.lan'])).toBe(false)
  expect(isInsecureRegistry('ghcr.io', [])).toBe(false)
})

test('of those, loopback on a port of its own, reached without a proxy, is asked in plain HTTP first', () => {
  const registries = ['127.0.0.1:5000', 'localhost:5000', '[::1]:5000', 'localhost', '127.0.0.1:443', 'reg.lan:5000']
  expect(registries.map((r) => asksPlainFirst(r, {}))).toEqual([true, true, true, false, false, false])
  // A proxy would carry it off the machine: TLS first, through the tunnel.
  expect(asksPlainFirst('127.0.0.1:5000', { HTTP_PROXY: 'http://proxy:3128' })).toBe(false)
  expect(asksPlainFirst('127.0.0.1:5000', { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: '127.0.0.1' })).toBe(true)
})

test('one client per registry, with the docker config’s credentials, masked; stats summed', async () => {
  const auth = `Basic ${Buffer.from('me:pool-pw').toString('base64')}`
  const registry = await fakeServer((req, res) => {
    if (req.headers.authorization !== auth)
      return void res.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end()
    res.writeHead(pathOf(req).endsWith('missing') ? 404 : 200).end()
  })
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-pool-'))
  await writeFile(
    path.join(dir, 'config.json'),
    JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from('me:pool-pw').toString('base64') } } }),
  )
  const log = recordingLogger()
  const pool = new RegistryPool({ insecureRegistries: [], env: { DOCKER_CONFIG: dir }, exec: execProgram, log })
  try {
    const client = await pool.client(registry.host)
    expect(await pool.client(registry.host)).toBe(client)
    expect(log.secrets).toEqual(['pool-pw', Buffer.from('me:pool-pw').toString('base64')])
    expect(await client.blobs.has('app', `sha256:${'1'.repeat(64)}`)).toBe(true)
    expect(await pool.stats()).toEqual({ byMethod: { HEAD: 2 }, tokens: 0 })
  } finally {
    await pool.close()
  }
})

test('a docker config that is not JSON is a clear error naming it', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-pool-'))
  await writeFile(path.join(dir, 'config.json'), '{not json')
  const pool = new RegistryPool({
    insecureRegistries: [],
    env: { DOCKER_CONFIG: dir },
    exec: execProgram,
    log: recordingLogger(),
  })
  await expect(pool.client('ghcr.io')).rejects.toThrow(
    `the docker config ${path.join(dir, 'config.json')} is not valid JSON`,
  )
  expect(await pool.stats()).toEqual({ byMethod: {}, tokens: 0 })
  await pool.close()
})
