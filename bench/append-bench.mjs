// Append benchmark: 2 registries × 4 tags, a fixed latency added to every request by a
// loopback proxy in front of each registry. Prints request counts and median wall time.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pushAttestedImage, startLatencyProxy, startRegistry } from '../scripts/registry-kit.mjs'

export { registryInstalled } from '../scripts/registry-kit.mjs'

function runAppend(dist, workdir, metadata, records) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const args = [
      dist,
      'append',
      '--workdir',
      workdir,
      '--targets',
      'bench',
      '--metadata',
      metadata,
      '--settle',
      '0',
      '--records',
      records,
    ]
    const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME } })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.resume()
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      if (code !== 0) return reject(new Error(stderr))
      resolve({ ms, requests: /registry requests: .*/.exec(stderr)?.[0] ?? '?' })
    })
  })
}

export async function appendBench({ dist, runs, latencyMs }) {
  const [a, b] = await Promise.all([startRegistry(), startRegistry()])
  const [pa, pb] = await Promise.all([startLatencyProxy(a.port, latencyMs), startLatencyProxy(b.port, latencyMs)])
  try {
    const descriptor = await pushAttestedImage(`http://127.0.0.1:${a.port}`, 'bench', 'linux/amd64')
    const records = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-records-'))
    const metadata = JSON.stringify({
      bench: {
        'containerimage.digest': descriptor.digest,
        'containerimage.descriptor': descriptor,
        'image.name': `${pa.host}/bench`,
      },
    })
    const results = []
    for (let i = 0; i <= runs; i++) {
      const tags = [pa.host, pb.host].flatMap((h) => [1, 2, 3, 4].map((t) => `${h}/bench:run${i}-t${t}`))
      const workdir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-work-'))
      writeFileSync(
        path.join(workdir, 'docker-bake.json'),
        JSON.stringify({ target: { bench: { tags, platforms: ['linux/amd64'] } } }),
      )
      results.push(await runAppend(dist, workdir, metadata, records))
    }
    return { first: results[0], steady: results.slice(1) }
  } finally {
    pa.stop()
    pb.stop()
    a.stop()
    b.stop()
  }
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
          return runJob(dist, [
            'append',
            '--workdir',
            workdir,
            '--targets',
            'race',
            '--metadata',
            metadata,
            '--settle',
            '0',
            '--records',
            records,
          ])
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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [dist, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME } })
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.resume()
    child.on('close', (code) => (code === 0 ? resolve(stderr) : reject(new Error(stderr))))
  })
}
