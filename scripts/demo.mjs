#!/usr/bin/env node
// The main job, for real, on this machine: Debian's docker-registry on loopback, the
// example bake file, and dist/index.js exactly as the workflow runs it:
//   matrix → one "build" per entry (a tiny image pushed by digest, as bake would with
//   the entry's set lines) → all appends started at once → verify.
// docker buildx cannot run here, so the build step pushes over the registry API.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pushAttestedImage, registryInstalled, startRegistry } from './registry-kit.mjs'

const ROOT = path.resolve(import.meta.dirname, '..')
const DIST = path.join(ROOT, 'dist/index.js')

if (!registryInstalled()) {
  console.log('installing docker-registry (Debian package) for the demo…')
  const install = spawnSync('bash', [path.join(ROOT, 'scripts/install-test-deps.sh')], { stdio: 'inherit' })
  if (install.status !== 0) process.exit(1)
}

function action(inputs, env = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bake-fanout-demo-'))
  const output = path.join(dir, 'output')
  writeFileSync(output, '')
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIST], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: output,
        ...env,
        ...inputEnv,
      },
    })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.pipe(process.stderr)
    child.on('close', async (code) => {
      if (code !== 0) return reject(new Error(`${inputs.mode} failed:\n${stdout}`))
      const text = (await import('node:fs')).readFileSync(output, 'utf8')
      resolve({ stdout, outputs: readOutputs(text) })
    })
  })
}

const registry = await startRegistry()
const host = `127.0.0.1:${registry.port}`
try {
  const env = { REGISTRY: `${host}/demo`, MIRROR: `${host}/mirror`, VERSION: '1.2.3' }
  console.log(`registry: docker-registry on ${host}\n`)

  console.log('== prepare job: mode matrix on examples/docker-bake.json, target app')
  const matrix = await action({ mode: 'matrix', workdir: path.join(ROOT, 'examples'), targets: 'app' }, env)
  const entries = JSON.parse(matrix.outputs.matrix)
  for (const e of entries)
    console.log(`  ${e.slug.padEnd(18)} runs-on ${JSON.stringify(e.runner).padEnd(20)} qemu=${e.qemu}`)

  console.log("\n== build jobs: each pushes its platform by digest (what bake does with the entry's set lines)")
  const builds = await Promise.all(
    entries.map(async (e) => {
      const names = /"name=([^"]+)"/.exec(e.set)[1].split(',')
      const repositories = names.map((name) => name.slice(host.length + 1))
      const descriptor = await pushAttestedImage(`http://${host}`, repositories, e.platform)
      console.log(`  ${e.slug.padEnd(18)} pushed ${descriptor.digest} to ${names.join(', ')}`)
      const metadata = {
        [e.target]: {
          'containerimage.digest': descriptor.digest,
          'containerimage.descriptor': descriptor,
          'image.name': names.join(','),
        },
      }
      return { entry: e, metadata: JSON.stringify(metadata) }
    }),
  )

  console.log("\n== build jobs: mode append with the entry's tags, all started at the same instant")
  const records = mkdtempSync(path.join(tmpdir(), 'bake-fanout-demo-records-'))
  const runId = String(Date.now()) // what GITHUB_RUN_ID is on a runner: the records of this run
  const appends = await Promise.all(
    builds.map(({ entry, metadata }) =>
      action(
        {
          mode: 'append',
          workdir: path.join(ROOT, 'examples'),
          targets: entry.target,
          tags: entry.tags,
          metadata,
          settle: '1',
          records,
        },
        { ...env, GITHUB_RUN_ID: runId },
      ),
    ),
  )
  for (const [i, a] of appends.entries()) {
    for (const line of a.stdout.split('\n').filter((l) => l.startsWith(host)))
      console.log(`  ${builds[i].entry.slug.padEnd(18)} ${line}`)
  }

  console.log('\n== verify job: mode verify')
  const verify = await action({ mode: 'verify', records }, { ...env, GITHUB_RUN_ID: runId })
  const result = JSON.parse(verify.outputs.result)
  for (const [tag, r] of Object.entries(result)) {
    console.log(`  ${tag}\n    ${r.digest}  ${r.platforms.join(', ')}  ${r.changed ? 'REPAIRED' : 'already complete'}`)
  }
  const complete = Object.values(result).every((r) => r.platforms.length === entries.length)
  console.log(`\n${complete ? 'every tag holds every platform' : 'SOME TAG IS INCOMPLETE'}`)
  if (!complete) process.exitCode = 1
} finally {
  registry.stop()
}

/** GITHUB_OUTPUT as the runner reads it: `name=value` lines and `name<<delimiter` blocks. */
function readOutputs(text) {
  const outputs = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const [equals, heredoc] = [lines[i].indexOf('='), lines[i].indexOf('<<')]
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      outputs[lines[i].slice(0, equals)] = lines[i].slice(equals + 1)
    } else if (heredoc >= 0) {
      const [name, delimiter] = [lines[i].slice(0, heredoc), lines[i].slice(heredoc + 2)]
      const body = []
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i])
      outputs[name] = body.join('\n')
    }
  }
  return outputs
}
