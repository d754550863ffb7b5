/** Nothing the action prints may contain a password or a token: they are only ever masked. */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runAction } from '../helpers/action.js'
import { bakeDir, metadataFor, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'
import { type TokenServer, startTokenServer } from '../helpers/token-server.js'

describeWithRegistry('secrets', () => {
  let registry: RegistryServer
  let tokens: TokenServer
  const password = 'pw-that-must-never-be-printed-7431'
  beforeAll(async () => {
    tokens = await startTokenServer({ users: { carol: password } })
    registry = await startRegistry({ kind: 'token', ...tokens })
  })
  afterAll(async () => {
    await registry.stop()
    await tokens.stop()
  })

  test('append and verify through dist: secrets are masked and appear nowhere else', async () => {
    const dockerConfig = await tempDir('bake-fanout-secret-cfg-')
    await writeFile(
      path.join(dockerConfig, 'config.json'),
      JSON.stringify({ auths: { [registry.host]: { username: 'carol', password } } }),
    )
    const pool = testPool({ env: { DOCKER_CONFIG: dockerConfig } })
    const image = await pushImage(
      await pool.client(registry.host),
      'secret',
      { os: 'linux', architecture: 'amd64' },
      { attest: true },
    )
    await pool.close()

    const records = await tempDir()
    const workdir = await bakeDir({ web: { tags: [`${registry.host}/secret:1`], platforms: ['linux/amd64'] } })
    const env = { DOCKER_CONFIG: dockerConfig }
    const metadata = metadataFor('web', image, [`${registry.host}/secret`])
    const issuedBefore = tokens.issued.length
    const runs = [
      await runAction({ mode: 'append', workdir, targets: 'web', metadata, settle: '0', records }, env),
      await runAction({ mode: 'verify', records }, env),
      // and a failing run: a wrong password's error must not echo it either
      await runAction(
        { mode: 'append', workdir, targets: 'web', metadata, settle: '0', records },
        { DOCKER_CONFIG: await badConfig(registry.host) },
      ),
    ]
    expect(runs.map((r) => r.code)).toEqual([0, 0, 1])
    const issued = tokens.issued.slice(issuedBefore)
    expect(issued.length).toBeGreaterThan(0)
    const secrets = [password, 'wrong-pw-5512', Buffer.from(`carol:${password}`).toString('base64'), ...issued]
    for (const r of runs) {
      const printed = [r.stdout, r.stderr, r.summary, JSON.stringify(r.outputs)].join('\n')
      const unmasked = printed
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n')
      for (const secret of secrets) expect(unmasked).not.toContain(secret)
    }
    // the runner is told to mask the password and every token the action received
    const masked = runs[0].stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))
    expect(masked).toEqual(expect.arrayContaining([`::add-mask::${password}`]))
    expect(masked.some((l) => issued.includes(l.slice('::add-mask::'.length)))).toBe(true)
  })

  async function badConfig(host: string): Promise<string> {
    const dir = await tempDir('bake-fanout-bad-cfg-')
    await writeFile(
      path.join(dir, 'config.json'),
      JSON.stringify({ auths: { [host]: { username: 'carol', password: 'wrong-pw-5512' } } }),
    )
    return dir
  }
})
