#!/usr/bin/env node
// Benchmarks (not tests): medians over repeated whole-process runs of the bundled dist/index.js.
// Usage: npm run bench [-- --runs N]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '..')
const DIST = path.join(ROOT, 'dist/index.js')
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
