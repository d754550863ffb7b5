#!/usr/bin/env node
// Benchmarks (not tests): medians over repeated whole-process runs of the bundled dist/index.js.
// Usage: npm run bench [-- --runs N]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { appendBench, concurrentBench, registryInstalled } from './append-bench.mjs'

const ROOT = path.resolve(import.meta.dirname, '..')
// `--dist PATH` measures another build (an older commit's dist/) with the same benchmarks.
const distFlag = process.argv.indexOf('--dist')
const DIST = distFlag > 0 ? path.resolve(process.argv[distFlag + 1]) : path.join(ROOT, 'dist/index.js')
const runsFlag = process.argv.indexOf('--runs')
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 21

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/** Wall time of a whole process, in ms, median of RUNS after one warm-up. */
function timeProcess(args, env = {}) {
  const times = []
  for (let i = 0; i <= RUNS; i++) {
    const start = process.hrtime.bigint()
    const result = spawnSync(process.execPath, args, {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    })
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
    if (i > 0) times.push(ms)
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times) }
}

function bigBakeFile(targets, platforms) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-'))
  const bake = {
    variable: { REGISTRY: { default: 'ghcr.io/bench' }, VERSION: { default: '1.0.0' } },
    group: { default: { targets: Array.from({ length: targets }, (_, i) => `t${i}`) } },
    target: {
      base: { context: '.', platforms, args: { BASE: '1' } },
      ...Object.fromEntries(
        Array.from({ length: targets }, (_, i) => [
          `t${i}`,
          {
            inherits: ['base'],
            tags: [`\${REGISTRY}/t${i}:\${VERSION}`, `\${REGISTRY}/t${i}:latest`],
            args: { N: `${i}` },
          },
        ]),
      ),
    },
  }
  writeFileSync(path.join(dir, 'docker-bake.json'), JSON.stringify(bake))
  return dir
}

const report = (name, r, target) =>
  console.log(
    `${name.padEnd(52)} median ${r.median.toFixed(1).padStart(7)} ms  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})` +
      (target ? `  target < ${target} ms` : ''),
  )

console.log(`node ${process.version}, ${RUNS} runs each (medians)\n`)
const baseline = timeProcess(['-e', ''])
report('node -e "" (process baseline)', baseline)
const cold = timeProcess([DIST, 'matrix', '--workdir', path.join(ROOT, 'examples')])
report('cold start: CLI matrix on examples/docker-bake.json', cold, 150)
const outDir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-out-'))
writeFileSync(path.join(outDir, 'out'), '')
const action = timeProcess([DIST], {
  INPUT_MODE: 'matrix',
  INPUT_WORKDIR: path.join(ROOT, 'examples'),
  GITHUB_OUTPUT: path.join(outDir, 'out'),
})
report('cold start: Action matrix (INPUT_* env, @actions/core)', action, 150)
const bigDir = bigBakeFile(1000, ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x'])
const big = timeProcess([DIST, 'matrix', '--workdir', bigDir, '--max-entries', '4000'])
report('matrix: 1,000 targets × 4 platforms (whole process)', big, 300)
console.log(
  `\nratio big/cold ${(big.median / cold.median).toFixed(2)}, cold/baseline ${(cold.median / baseline.median).toFixed(2)}`,
)

if (!registryInstalled()) {
  console.log('\nappend: skipped (docker-registry is not installed; run scripts/install-test-deps.sh)')
} else {
  // Two latencies: the slope of wall time over added latency is how many requests are
  // on the critical path, whatever the fixed cost of the machine.
  console.log('\nappend, 2 registries × 4 tags, one attested platform, settle 0 (whole process, 7 runs each):')
  const medians = []
  for (const latencyMs of [0, 50]) {
    const { first, steady } = await appendBench({ dist: DIST, runs: 7, latencyMs })
    const times = steady.map((r) => r.ms)
    medians.push(median(times))
    console.log(
      `  +${latencyMs} ms per request: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
    )
    if (latencyMs === 0) {
      console.log(`    first run (copies to the second registry): ${first.requests}`)
      console.log(`    later runs (new tags):                     ${steady[0].requests}`)
    }
  }
  console.log(`  critical path: ${((medians[1] - medians[0]) / 50).toFixed(1)} request latencies for 8 tags`)
}

if (registryInstalled()) {
  const rounds = 3
  const t = await concurrentBench({ dist: DIST, jobs: 8, rounds })
  const perJob = (n) => (n / t.jobs).toFixed(1)
  console.log(`\nappend, 8 jobs started together on 2 tags, settle 0, ${rounds} rounds:`)
  console.log(`  writes per tag per job: ${(t.writes / t.tags).toFixed(2)}`)
  console.log(
    `  requests per job: ${perJob(t.requests)} (GET ${perJob(t.GET)}, HEAD ${perJob(t.HEAD)}, PUT ${perJob(t.PUT)})`,
  )
}
