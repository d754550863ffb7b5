// Append benchmark: 2 registries × 4 tags, a fixed latency added to every request by a
// loopback proxy in front of each registry. Prints request counts and median wall time.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pushAttestedImage, startLatencyProxy, startRegistry } from '../scripts/registry-kit.mjs'

export { registryInstalled } from '../scripts/registry-kit.mjs'

/** Environment every child gets besides PATH and HOME (DOCKER_CONFIG naming a buildx plugin, for instance). */
const childEnv = {}
/** Node flags for bake-fanout's own processes (`--cpu-prof …`). */
const nodeFlags = []

export function configureChildren({ env = {}, flags = [] }) {
  Object.assign(childEnv, env)
  nodeFlags.push(...flags)
}

/** Runs so far: each single append is a run's job of its own, as in CI; the records directory is shared. */
let runs = 0
const newRun = () => `bench-${process.pid}-${++runs}`

/** One bake-fanout append (CLI) of `target`, a job of `run`: wall ms, and the request summary it logs. */
async function runAppend(dist, workdir, metadata, records, target = 'bench', run = newRun()) {
  const start = process.hrtime.bigint()
  const stderr = await runJob(dist, [
    'append',
    '--run-id',
    run,
    '--workdir',
    workdir,
    '--targets',
    target,
    '--metadata',
    metadata,
    '--settle',
    '0',
    '--records',
    records,
  ])
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return { ms, stderr, requests: /registry requests: .*/.exec(stderr)?.[0] ?? '?' }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

/**
 * One job's append of an attested platform to `registries` × `tags` through latency
 * proxies, `runs` + 1 times on new tags (the first run also copies the build into the
 * other registries). Returns request counts and wall times.
 */
export async function appendBench({ dist, runs, latencyMs, registries = 2, tags = 4 }) {
  const servers = await Promise.all(Array.from({ length: registries }, () => startRegistry()))
  const proxies = await Promise.all(servers.map((s) => startLatencyProxy(s.port, latencyMs)))
  try {
    const descriptor = await pushAttestedImage(`http://127.0.0.1:${servers[0].port}`, 'bench', 'linux/amd64')
    const records = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-records-'))
    const metadata = JSON.stringify({
      bench: {
        'containerimage.digest': descriptor.digest,
        'containerimage.descriptor': descriptor,
        'image.name': `${proxies[0].host}/bench`,
      },
    })
    const results = []
    for (let i = 0; i <= runs; i++) {
      const refs = proxies.flatMap((p) => Array.from({ length: tags }, (_, t) => `${p.host}/bench:run${i}-t${t}`))
      const workdir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-work-'))
      writeFileSync(
        path.join(workdir, 'docker-bake.json'),
        JSON.stringify({ target: { bench: { tags: refs, platforms: ['linux/amd64'] } } }),
      )
      results.push(await runAppend(dist, workdir, metadata, records))
    }
    return { first: results[0], steady: results.slice(1) }
  } finally {
    for (const p of proxies) p.stop()
    for (const s of servers) s.stop()
  }
}

/**
 * The seed's way against bake-fanout's, on the same registries and added latency: each
 * pair starts from 2 registries × 4 tags that hold another platform; the seed then runs
 * one `docker buildx imagetools create --append` per registry, bake-fanout one append
 * whose metadata names both registries (the same build pushed to each, as the matrix's
 * set lines push it; the first-run copy into a registry not pushed to is `appendBench`'s).
 * Alternating pairs; medians in ms. (Unlike bake-fanout, `--append` with several `-t`
 * bases every tag on the first one's content.) Every child runs asynchronously: the
 * latency proxies live in this process and must keep serving while it waits. With
 * `compare` (another build's dist/index.js), it runs in each round too, and the order
 * within a round rotates, so the two builds meet the same machine.
 */
export async function seedAppend({ dist, pairs, latencyMs, compare }) {
  const servers = await Promise.all([startRegistry(), startRegistry()])
  const proxies = await Promise.all(servers.map((s) => startLatencyProxy(s.port, latencyMs)))
  try {
    const hosts = proxies.map((p) => p.host)
    const bases = servers.map((s) => `http://127.0.0.1:${s.port}`)
    const arm = await Promise.all(bases.map((b) => pushAttestedImage(b, 'bench', 'linux/arm64')))
    // The build in both registries, as the matrix's set lines push it (one name per repository).
    const amd = await pushAttestedImage(bases, 'bench', 'linux/amd64')
    // Each registry's arm64 index, read once (distribution answers 500 to GETs racing a PUT).
    const armIndexes = []
    for (const [r, base] of bases.entries()) armIndexes.push(await readIndex(base, arm[r].digest))
    const records = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-records-'))
    const times = { seed: [], ours: [], compared: [] }
    const contenders = compare ? ['seed', 'ours', 'compared'] : ['seed', 'ours']
    for (let i = 0; i <= pairs; i++) {
      const order = compare ? contenders.map((_, k) => contenders[(k + i) % contenders.length]) : contenders
      for (const who of order) {
        const tags = hosts.map((h) => [1, 2, 3, 4].map((t) => `${h}/bench:${who}${i}-t${t}`))
        // The starting point: every tag holds the arm64 build (written directly, no latency).
        await Promise.all(
          tags
            .flat()
            .map((ref, n) => putTag(bases[Math.floor(n / 4)], ref.split(':').at(-1), armIndexes[Math.floor(n / 4)])),
        )
        const start = process.hrtime.bigint()
        if (who === 'seed') {
          for (const [r, list] of tags.entries()) {
            const refs = list.flatMap((t) => ['-t', t])
            await runChild('docker', [
              'buildx',
              'imagetools',
              'create',
              '--append',
              ...refs,
              `${hosts[r]}/bench@${amd.digest}`,
            ])
          }
        } else {
          const workdir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-work-'))
          writeFileSync(
            path.join(workdir, 'docker-bake.json'),
            JSON.stringify({ target: { bench: { tags: tags.flat(), platforms: ['linux/amd64', 'linux/arm64'] } } }),
          )
          const metadata = JSON.stringify({
            bench: {
              'containerimage.digest': amd.digest,
              'containerimage.descriptor': amd,
              'image.name': hosts.map((h) => `${h}/bench`).join(','),
            },
          })
          await runAppend(who === 'compared' ? compare : dist, workdir, metadata, records)
        }
        if (i > 0) times[who].push(Number(process.hrtime.bigint() - start) / 1e6)
      }
    }
    return { seed: median(times.seed), ours: median(times.ours), ...(compare && { compared: median(times.compared) }) }
  } finally {
    for (const p of proxies) p.stop()
    for (const s of servers) s.stop()
  }
}

async function readIndex(base, digest) {
  const res = await fetch(`${base}/v2/bench/manifests/${digest}`, {
    headers: { accept: 'application/vnd.oci.image.index.v1+json' },
  })
  if (!res.ok) throw new Error(`GET bench@${digest}: HTTP ${res.status}`)
  return res.text()
}

async function putTag(base, tag, index) {
  const res = await fetch(`${base}/v2/bench/manifests/${tag}`, {
    method: 'PUT',
    body: index,
    headers: { 'content-type': 'application/vnd.oci.image.index.v1+json' },
  })
  if (!res.ok) throw new Error(`PUT ${tag}: HTTP ${res.status}`)
}

/**
 * `jobs` appends started at the same instant, each adding its own platform to the same
 * 2 tags (records in a shared directory, settle 0): writes per tag per job, and the
 * requests each job made, summed over `rounds` rounds.
 */
export async function concurrentBench({ dist, jobs, rounds }) {
  const registry = await startRegistry()
  const host = `127.0.0.1:${registry.port}`
  const platforms = [
    'linux/amd64',
    'linux/arm64',
    'linux/arm/v7',
    'linux/arm/v6',
    'linux/s390x',
    'linux/ppc64le',
    'linux/riscv64',
    'linux/386',
  ].slice(0, jobs)
  try {
    const images = await Promise.all(platforms.map((p) => pushAttestedImage(`http://${host}`, 'race', p)))
    const totals = { writes: 0, requests: 0, GET: 0, HEAD: 0, PUT: 0, jobs: 0, tags: 0 }
    for (let r = 0; r < rounds; r++) {
      const run = newRun()
      const records = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-records-'))
      const workdir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-work-'))
      const tags = [`${host}/race:r${r}`, `${host}/race:r${r}-latest`]
      writeFileSync(path.join(workdir, 'docker-bake.json'), JSON.stringify({ target: { race: { tags, platforms } } }))
      const outputs = await Promise.all(
        images.map((descriptor) => {
          const metadata = JSON.stringify({
            race: {
              'containerimage.digest': descriptor.digest,
              'containerimage.descriptor': descriptor,
              'image.name': `${host}/race`,
            },
          })
          return runAppend(dist, workdir, metadata, records, 'race', run).then((r) => r.stderr)
        }),
      )
      for (const stderr of outputs) {
        totals.jobs++
        totals.tags += tags.length
        for (const m of stderr.matchAll(/\((\d+) writes?, \d+ repairs?\)/g)) totals.writes += Number(m[1])
        const line = /registry requests: (\d+) \(([^)]*)\)/.exec(stderr)
        totals.requests += Number(line?.[1] ?? 0)
        for (const [, method, n] of (line?.[2] ?? '').matchAll(/(\w+) (\d+)/g))
          totals[method] = (totals[method] ?? 0) + Number(n)
      }
    }
    return totals
  } finally {
    registry.stop()
  }
}

function runJob(dist, args) {
  return runChild(process.execPath, [...nodeFlags, dist, ...args])
}

/** A child process, asynchronously; its stderr, or a failure carrying it. */
function runChild(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...childEnv } })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.resume()
    child.on('close', (code) =>
      code === 0 ? resolve(stderr) : reject(new Error(`${command} ${args.join(' ')}: ${stderr}`)),
    )
  })
}
