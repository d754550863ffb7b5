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
