/**
 * What the bake file says reaches append as it reaches matrix: variables from the environment,
 * the same env giving both the same tags (bake-action v7 has no `vars` input), and the
 * index annotations the author wrote on the output.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { MatrixEntry } from '../../src/matrix/plan.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { runAction } from '../helpers/action.js'
import { metadataFor, tagIndex, tempDir } from '../helpers/fixtures.js'
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

  test("the author's annotation-index.* reach the tag's index through append (the platform job pushes without them)", async () => {
    const workdir = await tempDir('bake-fanout-annotations-')
    const tag = `${registry.host}/annotated:1`
    const output = 'type=registry,"annotation-index.org.opencontainers.image.description=An app, in short"'
    const bake = { target: { app: { tags: [tag], platforms: ['linux/amd64'], output: [output] } } }
    await writeFile(path.join(workdir, 'docker-bake.json'), JSON.stringify(bake))
    const matrix = await runAction({ mode: 'matrix', workdir, targets: 'app' })
    const [entry] = JSON.parse(matrix.outputs.matrix) as MatrixEntry[]
    expect(entry.set).not.toContain('annotation-index')

    const client = await pool.client(registry.host)
    const pushed = await pushImage(client, 'annotated', { os: 'linux', architecture: 'amd64' }, { attest: true })
    const metadata = metadataFor('app', pushed, [`${registry.host}/annotated`])
    const records = await tempDir('bake-fanout-records-')
    const append = await runAction({
      mode: 'append',
      workdir,
      targets: 'app',
      tags: entry.tags,
      metadata,
      settle: '0',
      records,
      annotations: 'org.opencontainers.image.title=app',
    })
    expect(append.code).toBe(0)
    expect((await tagIndex(client, 'annotated', '1'))?.annotations).toEqual({
      'org.opencontainers.image.description': 'An app, in short',
      'org.opencontainers.image.title': 'app',
    })
  })
})
