#!/usr/bin/env node
/**
 * For every fixture of a bake corpus (see __tests__/helpers/bake-corpus.ts and
 * scripts/bake-corpus-assemble.mjs): prints the selection its workflow makes with a real
 * buildx (print.json, or print-error.txt when buildx cannot read the file); then runs
 * `bake-fanout matrix` (the bundled dist/, as the runner runs it) on the fixture's
 * printed definition with its workflow's selection, then asks a real buildx what each
 * entry's set lines build — `buildx bake --print` over the author's own files, with the
 * workflow's environment and exactly the entry's set lines, as docker/bake-action passes
 * them — and writes the answers to the fixture's entries-print.json, which the corpus
 * test checks. buildx is not a dependency of the project or of CI: give its path.
 *
 *   node scripts/bake-corpus-print.mjs --buildx PATH [--corpus DIR]
 *
 * No shell: every command is an argument array.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const { values } = await import('node:util').then(({ parseArgs }) =>
  parseArgs({ options: { buildx: { type: 'string' }, corpus: { type: 'string' } } }),
)
const corpus = values.corpus ?? process.env.BAKE_CORPUS ?? path.resolve(root, '../shared/bake-corpus')
if (!values.buildx || !existsSync(corpus)) {
  process.stderr.write('usage: node scripts/bake-corpus-print.mjs --buildx PATH [--corpus DIR]\n')
  process.exit(2)
}
const buildx = path.resolve(values.buildx)
const isolated = {
  BUILDX_CONFIG: mkdtempSync(path.join(tmpdir(), 'buildx-config-')),
  DOCKER_CONFIG: mkdtempSync(path.join(tmpdir(), 'docker-config-')),
  DOCKER_HOST: 'unix:///nonexistent/docker.sock',
}

let printed = 0
let refused = 0
for (const name of readdirSync(corpus).sort()) {
  const dir = path.join(corpus, name)
  if (!existsSync(path.join(dir, 'source.json'))) continue
  const source = JSON.parse(readFileSync(path.join(dir, 'source.json'), 'utf8'))
  for (const prepared of source.prepareDirs ?? []) mkdirSync(path.join(dir, prepared), { recursive: true })
  const env = { ...process.env, ...source.selection.env, ...isolated }
  if (!printSelection(dir, source, env)) continue
  const result = {}
  for (const selected of source.selection.targets) {
    const entries = matrixEntries(dir, source.selection, selected)
    if (!entries) {
      refused++
      continue
    }
    result[selected] = entries.map((entry) => ({
      target: entry.target,
      set: entry.set,
      print: bakePrint(dir, source.files, entry, env),
    }))
    printed += entries.length
  }
  writeFileSync(path.join(dir, 'entries-print.json'), JSON.stringify(result, null, 2) + '\n')
  process.stdout.write(`${name}: ${Object.values(result).flat().length} entries printed\n`)
}
process.stdout.write(`${printed} entries printed by buildx; ${refused} selections refused by matrix\n`)

/** The selection as buildx prints it, into print.json; false (and print-error.txt) when buildx cannot. */
function printSelection(dir, source, env) {
  const args = ['bake', '--print', ...source.files.flatMap((f) => ['-f', f])]
  for (const line of source.selection.set) args.push('--set', line)
  args.push(...source.selection.targets)
  const run = spawnSync(buildx, args, { cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 26 })
  if (run.status === 0) writeFileSync(path.join(dir, 'print.json'), run.stdout)
  else writeFileSync(path.join(dir, 'print-error.txt'), `exit ${run.status}\n${run.stderr}`)
  return run.status === 0
}

/** The matrix the bundled action makes of one selected name; undefined when it refuses it. */
function matrixEntries(dir, selection, selected) {
  const args = ['dist/index.js', 'matrix', '--workdir', dir, '--files', 'print.json', '--targets', selected]
  for (const line of selection.set) args.push('--set', line)
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH } })
  if (run.status !== 0) return undefined
  return JSON.parse(run.stdout).matrix
}

function bakePrint(dir, files, entry, env) {
  const args = ['bake', '--print', ...files.flatMap((f) => ['-f', f])]
  for (const line of entry.set.split('\n')) args.push('--set', line)
  args.push(...entry.target.split('\n'))
  return JSON.parse(
    execFileSync(buildx, args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  )
}
