// Small, dependency-free helpers shared by the benchmark and the demo: Debian's
// docker-registry on a free loopback port, a latency-adding proxy, and pushing a tiny
// attested single-platform image by digest over the plain HTTP API (what buildx does).
import { spawn, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'

const REGISTRY = '/usr/bin/docker-registry'

export function registryInstalled() {
  return spawnSync(REGISTRY, ['--version']).status === 0
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

export async function startRegistry() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-bench-registry-'))
  const probe = createServer()
  const port = await listen(probe)
  await new Promise((resolve) => probe.close(resolve))
  const config = `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/storage\nhttp:\n  addr: 127.0.0.1:${port}\n`
  writeFileSync(path.join(dir, 'config.yml'), config)
  const child = spawn(REGISTRY, ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' })
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/v2/`, { signal: AbortSignal.timeout(1000) })
      return { port, stop: () => child.kill() }
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error('docker-registry did not start')
}

/** A reverse proxy that delays every request by `latencyMs` before forwarding it. */
export async function startLatencyProxy(upstreamPort, latencyMs) {
  const server = createServer((req, res) => {
    setTimeout(() => {
      const up = request(
        { host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode, r.headers)
          r.pipe(res)
        },
      )
      req.pipe(up)
    }, latencyMs)
  })
  const port = await listen(server)
  return { host: `127.0.0.1:${port}`, stop: () => server.close() }
}

const sha = (b) => `sha256:${createHash('sha256').update(b).digest('hex')}`

async function ok(res, what) {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`)
  return res
}

async function pushBlob(base, repo, bytes) {
  const start = await ok(
    await fetch(`${base}/v2/${repo}/blobs/uploads/`, { method: 'POST' }),
    `POST ${repo} blob upload`,
  )
  const url = new URL(start.headers.get('location'), base)
  url.searchParams.set('digest', sha(bytes))
  const headers = { 'content-type': 'application/octet-stream' }
  await ok(await fetch(url, { method: 'PUT', body: bytes, headers }), `PUT ${repo} blob ${sha(bytes)}`)
  return { digest: sha(bytes), size: bytes.length }
}

async function pushManifest(base, repo, json, mediaType) {
  const bytes = Buffer.from(JSON.stringify(json))
  const url = `${base}/v2/${repo}/manifests/${sha(bytes)}`
  await ok(
    await fetch(url, { method: 'PUT', body: bytes, headers: { 'content-type': mediaType } }),
    `PUT ${repo} manifest`,
  )
  return { mediaType, digest: sha(bytes), size: bytes.length }
}

/**
 * One image with a provenance attestation, pushed by digest to every repository (as buildx
 * does for each name); `bases` may list several registries: each gets the same bytes.
 */
export async function pushAttestedImage(bases, repositories, platform) {
  const [os, architecture, variant] = platform.split('/')
  const imagePlatform = { architecture, os, ...(variant && { variant }) }
  const M = 'application/vnd.oci.image.manifest.v1+json'
  const layer = randomBytes(1024)
  let index
  for (const [base, repo] of [bases].flat().flatMap((b) => [repositories].flat().map((r) => [b, r]))) {
    const manifest = async (config, bytes, layerType) => {
      const c = await pushBlob(base, repo, Buffer.from(JSON.stringify(config)))
      const l = await pushBlob(base, repo, bytes)
      const json = {
        schemaVersion: 2,
        mediaType: M,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...c },
        layers: [{ mediaType: layerType, ...l }],
      }
      return pushManifest(base, repo, json, M)
    }
    // Like buildx: configs name their layers' diff_ids, and each build's provenance differs,
    // so no two builds upload an identical blob (distribution 2.8 can lose a blob two
    // uploads of the same content race on).
    const imageConfig = { ...imagePlatform, rootfs: { type: 'layers', diff_ids: [sha(layer)] } }
    const image = await manifest(imageConfig, layer, 'application/vnd.oci.image.layer.v1.tar')
    const statement = Buffer.from(
      JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject: [{ digest: image.digest }] }),
    )
    const attestationConfig = {
      architecture: 'unknown',
      os: 'unknown',
      rootfs: { type: 'layers', diff_ids: [sha(statement)] },
    }
    const att = await manifest(attestationConfig, statement, 'application/vnd.in-toto+json')
    const annotations = {
      'vnd.docker.reference.digest': image.digest,
      'vnd.docker.reference.type': 'attestation-manifest',
    }
    const json = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { ...image, platform: imagePlatform },
        { ...att, platform: { architecture: 'unknown', os: 'unknown' }, annotations },
      ],
    }
    index = await pushManifest(base, repo, json, json.mediaType)
  }
  return index
}
