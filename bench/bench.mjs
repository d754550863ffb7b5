#!/usr/bin/env node
// Benchmarks (not tests). Each figure is a ratio to a yardstick measured in the same
// run, by alternating pairs (yardstick, ours, yardstick, ours …): medians of each side.
// Usage: npm run bench [-- --pairs N] [-- --dist PATH] [-- --only startup|matrix|append]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, tmpdir } from 'node:os'
import path from 'node:path'
import {
  appendBench,
  concurrentBench,
  configureChildren,
  median,
  registryInstalled,
  seedAppend,
} from './append-bench.mjs'

const ROOT = path.resolve(import.meta.dirname, '..')
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
// `--dist PATH` measures another build (an older commit's dist/) with the same benchmarks.
const DIST = path.resolve(flag('dist', path.join(ROOT, 'dist/index.js')))
// `--compare PATH`: the seed comparison runs another build too, in the same rounds (order rotated).
const COMPARE = flag('compare', undefined) && path.resolve(flag('compare', undefined))
const PAIRS = Number(flag('pairs', 11))
const ONLY = flag('only', undefined)
const runs = (section) => ONLY === undefined || ONLY === section || (ONLY === 'seed' && section === 'append')
// `--buildx PATH`: a buildx binary (built from source, outside the repository) as docker's
// CLI plugin, through a DOCKER_CONFIG of its own that every child of the benchmark gets.
const BUILDX = flag('buildx', undefined)
const dockerEnv = {}
if (BUILDX) {
  const config = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-docker-'))
  mkdirSync(path.join(config, 'cli-plugins'))
  symlinkSync(path.resolve(BUILDX), path.join(config, 'cli-plugins', 'docker-buildx'))
  dockerEnv.DOCKER_CONFIG = config
}
// `--cpu-prof DIR`: every bake-fanout append of the append benchmarks writes a V8 CPU profile there.
const PROFILES = flag('cpu-prof', undefined)
configureChildren({
  env: dockerEnv,
  flags: PROFILES ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(PROFILES)] : [],
})
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

/** One whole process: wall ms and, where /usr/bin/time exists, peak RSS in MB. */
function runOnce({ command, args, env = {}, expectFailure = false }) {
  const argv = TIME ? ['-f', '%M', command, ...args] : args
  const start = process.hrtime.bigint()
  const result = spawnSync(TIME ?? command, argv, {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if ((result.status !== 0) !== expectFailure) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`)
  const rss = TIME ? Number(result.stderr.trim().split('\n').at(-1)) / 1024 : NaN
  return { ms, rss }
}

/** Alternating pairs after one warm-up of each; medians of time and peak RSS per side. */
function pairs(yardstick, ours) {
  runOnce(yardstick)
  runOnce(ours)
  const y = []
  const o = []
  for (let i = 0; i < PAIRS; i++) {
    y.push(runOnce(yardstick))
    o.push(runOnce(ours))
  }
  const side = (runs) => ({ ms: median(runs.map((r) => r.ms)), rss: median(runs.map((r) => r.rss)) })
  const a = side(y)
  const b = side(o)
  return { yardstick: a, ours: b, ratio: b.ms / a.ms }
}

function report(name, r, yardstickName, target) {
  const rss = Number.isNaN(r.ours.rss) ? '' : `, peak RSS ${r.ours.rss.toFixed(0)} vs ${r.yardstick.rss.toFixed(0)} MB`
  console.log(
    `${name}: ${r.ours.ms.toFixed(1)} ms vs ${yardstickName} ${r.yardstick.ms.toFixed(1)} ms → ${r.ratio.toFixed(2)}×` +
      `${target ? ` (target ≤ ${target}×)` : ''}${rss}`,
  )
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

function buildxAvailable() {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...dockerEnv }
  return spawnSync('docker', ['buildx', 'version'], { encoding: 'utf8', env }).status === 0
}

console.log(`node ${process.version}; ${cpus().length} × ${cpus()[0]?.model}; ${(totalmem() / 2 ** 30).toFixed(0)} GiB`)
console.log(`${PAIRS} alternating pairs per figure (medians)\n`)

const node = { command: process.execPath, args: ['-e', ''] }
const outDir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-out-'))
writeFileSync(path.join(outDir, 'out'), '')
const actionEnv = (inputs) => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_OUTPUT: path.join(outDir, 'out'),
  ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
})
const examples = path.join(ROOT, 'examples')
// An empty ES module: the floor of any ESM bundle on this Node (the ESM loader's own start).
const esmDir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-esm-'))
writeFileSync(path.join(esmDir, 'package.json'), '{"type":"module"}')
writeFileSync(path.join(esmDir, 'index.js'), '')
if (runs('startup')) {
  console.log('start-up, against `node -e ""`:')
  report(
    '  an empty ES module (the floor of an ESM bundle)',
    pairs(node, { command: process.execPath, args: [path.join(esmDir, 'index.js')] }),
    'node',
  )
  report(
    '  CLI matrix on examples/docker-bake.json',
    pairs(node, { command: process.execPath, args: [DIST, 'matrix', '--workdir', examples] }),
    'node',
    1.3,
  )
  report(
    '  Action matrix (INPUT_* env)',
    pairs(node, { command: process.execPath, args: [DIST], env: actionEnv({ mode: 'matrix', workdir: examples }) }),
    'node',
    1.3,
  )
  report(
    '  Action error path (append, bad metadata)',
    pairs(node, {
      command: process.execPath,
      args: [DIST],
      env: actionEnv({ mode: 'append', workdir: examples, metadata: '{oops' }),
      expectFailure: true,
    }),
    'node',
    1.3,
  )
  report(
    '  CLI error path (append, bad metadata)',
    pairs(node, {
      command: process.execPath,
      args: [DIST, 'append', '--workdir', examples, '--metadata', '{oops'],
      expectFailure: true,
    }),
    'node',
    1.3,
  )
}

if (runs('matrix')) {
  const bigDir = bigBakeFile(1000, ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/s390x'])
  // The default max-entries: 4,000 jobs packed into at most 256 entries, as a user gets them.
  const ourMatrix = { command: process.execPath, args: [DIST, 'matrix', '--workdir', bigDir] }
  console.log('\nmatrix, 1,000 targets × 4 platforms (whole process):')
  if (buildxAvailable()) {
    const buildx = {
      command: 'docker',
      args: ['buildx', 'bake', '--print', '--file', path.join(bigDir, 'docker-bake.json')],
    }
    report('  bake-fanout matrix', pairs(buildx, ourMatrix), '`docker buildx bake --print`', 0.3)
  } else {
    report('  bake-fanout matrix (docker buildx is not on PATH: against node)', pairs(node, ourMatrix), 'node')
  }
}

if (!runs('append')) {
  // skipped by --only
} else if (!registryInstalled()) {
  console.log('\nappend: skipped (docker-registry is not installed; run scripts/install-test-deps.sh)')
} else {
  // The slope of wall time over the latency added to every request is how many requests
  // are on the critical path, whatever the machine's fixed cost.
  for (const shape of ONLY === 'seed'
    ? []
    : [
        { registries: 1, tags: 1 },
        { registries: 2, tags: 4 },
      ]) {
    const label = `${shape.registries} registr${shape.registries === 1 ? 'y' : 'ies'} × ${shape.tags} tag${shape.tags === 1 ? '' : 's'}`
    console.log(`\nappend, ${label}, one attested platform, settle 0 (whole process, ${PAIRS} runs each):`)
    const medians = []
    // 200 ms: well above this machine's run-to-run noise, so the slope is the request count.
    for (const latencyMs of [0, 200]) {
      const { first, steady } = await appendBench({ dist: DIST, runs: PAIRS, latencyMs, ...shape })
      medians.push(median(steady.map((r) => r.ms)))
      console.log(`  +${latencyMs} ms per request: median ${medians.at(-1).toFixed(0)} ms`)
      if (latencyMs === 0) {
        console.log(`    first run (copies to the second registry): ${first.requests}`)
        console.log(`    later runs (new tags):                     ${steady[0].requests}`)
      }
    }
    const slope = (medians[1] - medians[0]) / 200
    console.log(`  critical path: ${slope.toFixed(1)} request latencies (target ≤ 3), records and settle excluded`)
  }
  if (buildxAvailable()) {
    const buildxVersion = spawnSync('docker', ['buildx', 'version'], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...dockerEnv },
    }).stdout.trim()
    console.log(
      `\nappend vs the seed (two \`docker buildx imagetools create --append\`, ${buildxVersion}), 2 registries × 4 tags:`,
    )
    for (const latencyMs of [0, 25]) {
      const r = await seedAppend({ dist: DIST, pairs: PAIRS, latencyMs, compare: COMPARE })
      // Three decimals, and the verdict said: 0.503× printed as "0.50×" would read as met.
      const ratio = r.ours / r.seed
      const verdict = latencyMs === 25 ? ` (target ≤ 0.5×: ${ratio <= 0.5 ? 'met' : 'not met'})` : ''
      console.log(
        `  +${latencyMs} ms per request: bake-fanout ${r.ours.toFixed(1)} ms vs seed ${r.seed.toFixed(1)} ms → ` +
          `${ratio.toFixed(3)}×${verdict}`,
      )
      if (r.compared !== undefined) {
        console.log(`    ${COMPARE}: ${r.compared.toFixed(1)} ms → ${(r.compared / r.seed).toFixed(3)}× (same rounds)`)
      }
    }
  }
  const rounds = ONLY === 'seed' ? 0 : 3
  const t = rounds > 0 ? await concurrentBench({ dist: DIST, jobs: 8, rounds }) : undefined
  if (t) {
    const perJob = (n) => (n / t.jobs).toFixed(1)
    console.log(`\nappend, 8 jobs started together on 2 tags, settle 0, ${rounds} rounds:`)
    console.log(`  writes per tag per job: ${(t.writes / t.tags).toFixed(2)}`)
    console.log(
      `  requests per job: ${perJob(t.requests)} (GET ${perJob(t.GET)}, HEAD ${perJob(t.HEAD)}, PUT ${perJob(t.PUT)})`,
    )
  }
}
