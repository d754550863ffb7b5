/**
 * Bake variables come from the environment, for matrix and append alike: the same `env:`
 * gives both the same tags, as it gives bake itself (bake-action v7 has no `vars` input).
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MatrixEntry } from '../../src/matrix/plan.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { metadataFor, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { testPool } from '../helpers/pool.js'
import { type RegistryServer, describeWithRegistry, startRegistry } from '../helpers/registry.js'

describeWithRegistry('bake variables', () => {
  let registry: RegistryServer
  let pool: RegistryPool
  beforeAll(async () => {
    registry = await startRegistry()
    pool = testPool()
  })
  afterAll(async () => {
    await pool.close()
    await registry.stop()
  })

  test('the environment that gives matrix its tags gives append the same ones', async () => {
    const workdir = await tempDir('bake-fanout-vars-')
    const bake = {
      variable: { REGISTRY: { default: 'example.invalid' }, VERSION: { default: '0' } },
      target: { app: { tags: ['${REGISTRY}/app:${VERSION}'], platforms: ['linux/amd64'] } },
    }
    await writeFile(path.join(workdir, 'docker-bake.json'), JSON.stringify(bake))
    const env = { REGISTRY: registry.host, VERSION: '2.1' }
    const matrix = await runAction({ mode: 'matrix', workdir, targets: 'app' }, env)
    expect(matrix.code).toBe(0)
    const [entry] = JSON.parse(matrix.outputs.matrix) as MatrixEntry[]
    expect(entry.tags).toBe(`${registry.host}/app:2.1`)

    const pushed = await pushImage(await pool.client(registry.host), 'app', { os: 'linux', architecture: 'amd64' })
    const metadata = metadataFor('app', pushed, [`${registry.host}/app`])
    const records = await tempDir('bake-fanout-records-')
    // No `tags` input: append resolves them from the same file and the same environment.
    const append = await runAction({ mode: 'append', workdir, targets: 'app', metadata, settle: '0', records }, env)
    expect(append.code).toBe(0)
    expect(Object.keys(JSON.parse(append.outputs.result))).toEqual([entry.tags])
  })
})
