#!/usr/bin/env node
/**
 * Lays out the bake corpus the matrix corpus test reads (__tests__/helpers/bake-corpus.ts)
 * from __tests__/fixtures/bake-corpus/manifest.json: each real bake file taken from a
 * snapshot of its public repository at the commit the manifest names (a bare git directory
 * per repository, `<mirror>/<owner>+<name>/repo`, as the workplace's fetch lays them out),
 * beside the metadata-action files we wrote for it, and its source.json. The files are
 * public repositories' content, so they live outside this repository (e.g. shared/).
 * Then `node scripts/bake-corpus-print.mjs --buildx PATH --corpus OUT` adds buildx's prints.
 *
 *   node scripts/bake-corpus-assemble.mjs --mirror DIR --out DIR
 */
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

const root = path.resolve(import.meta.dirname, '..')
const fixtures = path.join(root, '__tests__/fixtures/bake-corpus')
const { values } = parseArgs({ options: { mirror: { type: 'string' }, out: { type: 'string' } } })
if (!values.mirror || !values.out) {
  process.stderr.write('usage: node scripts/bake-corpus-assemble.mjs --mirror DIR --out DIR\n')
  process.exit(2)
}
const manifest = JSON.parse(readFileSync(path.join(fixtures, 'manifest.json'), 'utf8'))
let written = 0
for (const entry of manifest) {
  const gitDir = path.join(values.mirror, entry.repository.replace('/', '+'), 'repo')
  if (!existsSync(gitDir)) {
    process.stderr.write(`${entry.folder}: no snapshot of ${entry.repository} at ${gitDir}\n`)
    continue
  }
  const dir = path.join(values.out, entry.folder)
  mkdirSync(dir, { recursive: true })
  for (const file of entry.paths) {
    const text = execFileSync('git', ['--git-dir', gitDir, 'show', `${entry.commit}:${file}`], { encoding: 'utf8' })
    writeFileSync(path.join(dir, path.basename(file)), text)
  }
  const ours = path.join(fixtures, 'metadata', entry.folder)
  if (existsSync(ours)) for (const file of readdirSync(ours)) copyFileSync(path.join(ours, file), path.join(dir, file))
  const { folder: _, paths, ...source } = entry
  writeFileSync(path.join(dir, 'source.json'), JSON.stringify({ ...source, path: paths }, null, 2) + '\n')
  written++
}
process.stdout.write(`${written} of ${manifest.length} corpus files laid out in ${values.out}\n`)
