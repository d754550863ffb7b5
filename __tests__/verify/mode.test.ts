/**
 * verify as the entry runs it (inputs → validate → converge → outputs), in-process,
 * against an in-process registry (no registry binary): all or nothing per release in a
 * `defer` run, the wait for a crashed job's orphan on the injected clock, and every tag
 * written even when its read already holds everything.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { execProgram } from '../../src/common/actions-exec.js'
import { readInputs } from '../../src/action/inputs.js'
import { run } from '../../src/action/run.js'
import { completionOf, parseRecord } from '../../src/records/record.js'
import { type Descriptor, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { tempDir } from '../helpers/fixtures.js'
import { recordingLogger } from '../helpers/logger.js'
import { type MemoryRegistry, memoryRegistry } from '../convergence/memory-registry.js'

const hex = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const image = (n: number, architecture: string): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: hex(n),
  size: 1,
  platform: { architecture, os: 'linux' },
})
const NOW = Date.parse('2026-11-27T03:00:00Z')

function fakeClock() {
  const slept: number[] = []
  let now = NOW
  return {
    slept,
    now: () => now,
    random: () => 0,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    },
  }
}

let registry: MemoryRegistry
beforeEach(async () => {
  registry = await memoryRegistry()
})
afterEach(() => registry.close())

/** One job's build pushed (an index of one image) and its record saved, complete unless told. */
async function built(
  dir: string,
  target: string,
  n: number,
  architecture: string,
  { complete = true, deferred = true, targetPlatforms = ['linux/amd64', 'linux/arm64'] } = {},
) {
  const entries = [image(n, architecture)]
  const digest = registry.putManifest(`o/${target}`, `build-${n}`, OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: entries,
  })
  const record = {
    version: 2,
    target,
    platforms: [`linux/${architecture}`],
    targetPlatforms,
    entries,
    digest,
    mediaType: OCI_INDEX,
    size: 1,
    repositories: [`${registry.host}/o/${target}`],
    tags: [`${registry.host}/o/${target}:1`],
    createdAt: new Date(NOW - 60_000).toISOString(),
    runId: '42',
    runAttempt: 1,
    ...(deferred && { deferred: true }),
  }
  const name = `${target}-${architecture}`
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(record))
  if (complete) {
    const mark = completionOf(parseRecord(record, name), { completedAt: record.createdAt })
    await writeFile(path.join(dir, `${name}.done.json`), JSON.stringify(mark))
  }
}

async function verify(records: string, values: Record<string, string> = {}) {
  const clock = fakeClock()
  const log = recordingLogger()
  const given: Record<string, string> = { mode: 'verify', records, ...values }
  const inputs = readInputs((name) => given[name] ?? '', true)
  const result = await run(inputs, { exec: execProgram, env: { GITHUB_RUN_ID: '42' }, log, clock })
  return { result, clock, log }
}

describe('verify (in-process, against an in-process registry)', () => {
  test('a defer run publishes all or nothing per release: a target missing a platform holds back only its own tags', async () => {
    const dir = await tempDir('bake-fanout-verify-unit-')
    await built(dir, 'web', 1, 'amd64')
    await built(dir, 'web', 2, 'arm64')
    await built(dir, 'api', 3, 'amd64') // api's arm64 job failed: no record
    const { result } = await verify(dir)
    expect(registry.tagged('o/web', '1')).toMatchObject({ manifests: [{ digest: hex(1) }, { digest: hex(2) }] })
    expect(registry.tagged('o/api', '1')).toBeUndefined()
    expect(result.failure).toContain(`${registry.host}/o/api:1`)
    expect(result.failure).not.toContain(`${registry.host}/o/web:1`)
    expect(JSON.parse(result.outputs.result)[`${registry.host}/o/api:1`].error).toBe(
      "target api: no record of this run for linux/arm64 (its platform job failed, was cancelled or skipped): none of api's tags is written; 'partial: true' publishes what was built",
    )
  })

  test('partial: true publishes what was built and warns', async () => {
    const dir = await tempDir('bake-fanout-verify-unit-')
    await built(dir, 'api', 3, 'amd64')
    const { result, log } = await verify(dir, { partial: 'true' })
    expect(result.failure).toBeUndefined()
    expect(registry.tagged('o/api', '1')).toMatchObject({ manifests: [{ digest: hex(3) }] })
    expect(log.lines).toContain(
      'target api: no record of this run for linux/arm64 (its platform job failed, was cancelled or skipped): publishing the platforms that were built (partial: true)',
    )
  })

  test('a record without its completion mark: verify waits one orphan horizon on the injected clock before writing', async () => {
    const dir = await tempDir('bake-fanout-verify-unit-')
    // An append run (not deferred): arm64's job crashed before it could mark its record complete.
    await built(dir, 'web', 1, 'amd64', { deferred: false })
    await built(dir, 'web', 2, 'arm64', { deferred: false, complete: false })
    const { result, clock } = await verify(dir)
    expect(result.failure).toBeUndefined()
    expect(clock.slept).toEqual([30_000])
    expect(registry.tagged('o/web', '1')).toMatchObject({ manifests: [{ digest: hex(1) }, { digest: hex(2) }] })
  })

  test('verify always writes: a tag whose read already holds every record is written again', async () => {
    const dir = await tempDir('bake-fanout-verify-unit-')
    await built(dir, 'web', 1, 'amd64', { targetPlatforms: ['linux/amd64'] })
    await verify(dir)
    registry.seen.length = 0
    const { result } = await verify(dir)
    expect(result.failure).toBeUndefined()
    expect(registry.seen.filter((s) => s.method === 'PUT').map((s) => s.path)).toEqual(['/v2/o/web/manifests/1'])
  })
})
