/**
 * monotonicMs, in a process of its own (Node runs the TypeScript source as is): its
 * readings never go back, and taking one loads none of Node's timing modules, which
 * `performance.now()` loads on its first call (~1 ms, just as append's first answers came).
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { monotonicMs } from '../../src/common/clock.js'

const clock = path.resolve(import.meta.dirname, '../../src/common/clock.ts')

test('readings never go back, and none loads perf_hooks', () => {
  const script = [
    `import { monotonicMs } from ${JSON.stringify(clock)}`,
    'const readings = Array.from({ length: 1000 }, () => monotonicMs())',
    'const ordered = readings.every((t, i) => i === 0 || t >= readings[i - 1])',
    'const perf = process.moduleLoadList.filter((m) => / (perf_hooks|internal\\/perf\\/performance)$/.test(m))',
    'console.log(JSON.stringify({ ordered, perf, span: readings.at(-1) - readings[0] }))',
  ].join('\n')
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  expect(child.stderr).toBe('')
  const { ordered, perf, span } = JSON.parse(child.stdout)
  expect(ordered).toBe(true)
  expect(perf).toEqual([])
  expect(span).toBeGreaterThanOrEqual(0)
  expect(span).toBeLessThan(1000) // milliseconds, not nanoseconds
})

test('counts milliseconds: a 20 ms timer is about 20 of them', async () => {
  const before = monotonicMs()
  await new Promise((resolve) => setTimeout(resolve, 20))
  const elapsed = monotonicMs() - before
  expect(elapsed).toBeGreaterThanOrEqual(15)
  expect(elapsed).toBeLessThan(10_000) // not microseconds or nanoseconds
})
