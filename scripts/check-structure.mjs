#!/usr/bin/env node
/**
 * House rules any engineer can run (`npm run lint` runs this): no import circle in
 * src/ (type imports count: they are how a circle starts), no import up the floors
 * below and no circle between folders, no src/ file over 300 lines, and no branching on
 * error message text (errors are checked by kind).
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const src = path.join(root, 'src')
const MAX_LINES = 300

/**
 * The floors of src/, lowest first: a folder imports only from its own floor's folders
 * below it in this list, or from lower floors. Shared types live in the lowest floor
 * that uses them.
 */
const FLOORS = [
  ['common', 'version.ts'],
  ['oci'],
  ['image-index'],
  ['bake', 'registry', 'records'],
  ['convergence', 'signing', 'cleanup'],
  ['mode'],
  ['matrix', 'append', 'verify'],
  ['action'],
  ['index.ts'],
]
const floorOf = (file) => {
  const top = path.relative(src, file).split(path.sep)[0]
  const floor = FLOORS.findIndex((names) => names.includes(top))
  if (floor < 0) throw new Error(`${path.relative(root, file)}: its folder has no floor in check-structure.mjs`)
  return floor
}
const folderOf = (file) => path.relative(src, file).split(path.sep)[0]
const files = readdirSync(src, { recursive: true })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => path.join(src, f))
const problems = []

const imports = new Map()
for (const file of files) {
  const text = readFileSync(file, 'utf8')
  const lines = text.split('\n').length
  if (lines > MAX_LINES) problems.push(`${path.relative(root, file)}: ${lines} lines (at most ${MAX_LINES})`)
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1])
  imports.set(
    file,
    specs.map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts'))),
  )
  text.split('\n').forEach((line, i) => {
    if (
      /\.message\b/.test(line) &&
      /\/[^/]+\/[a-z]*\.test\(|\.(includes|startsWith|match)\(/.test(line) &&
      /\bif\b|\?|&&|\|\|/.test(line)
    )
      problems.push(`${path.relative(root, file)}:${i + 1}: branches on an error message: ${line.trim()}`)
  })
}

// Floors: no import up; folders: no circle between them.
const folderEdges = new Map()
for (const [file, targets] of imports) {
  for (const target of targets) {
    if (!imports.has(target) || folderOf(target) === folderOf(file)) continue
    if (floorOf(target) > floorOf(file))
      problems.push(`${path.relative(root, file)} imports up the floors: ${path.relative(root, target)}`)
    folderEdges.set(folderOf(file), new Set([...(folderEdges.get(folderOf(file)) ?? []), folderOf(target)]))
  }
}
const reaches = (from, to, seen = new Set()) =>
  [...(folderEdges.get(from) ?? [])].some(
    (next) => next === to || (!seen.has(next) && seen.add(next) && reaches(next, to, seen)),
  )
for (const folder of folderEdges.keys()) if (reaches(folder, folder)) problems.push(`folder circle through ${folder}/`)

// Depth-first search for a back edge: each circle is reported once, as its path.
const state = new Map()
const stack = []
function visit(file) {
  state.set(file, 'open')
  stack.push(file)
  for (const next of imports.get(file) ?? []) {
    if (state.get(next) === 'open') {
      const circle = stack.slice(stack.indexOf(next)).concat(next)
      problems.push(`import circle: ${circle.map((f) => path.relative(src, f)).join(' → ')}`)
    } else if (!state.has(next) && imports.has(next)) visit(next)
  }
  stack.pop()
  state.set(file, 'done')
}
for (const file of files) if (!state.has(file)) visit(file)

if (problems.length > 0) {
  for (const p of problems) console.error(p)
  process.exit(1)
}
console.log(
  `structure: ${files.length} files in src/, ${FLOORS.length} floors, 0 imports up them, no folder or file circle, ` +
    `largest file ${Math.max(...[...imports.keys()].map((f) => readFileSync(f, 'utf8').split('\n').length))} lines ` +
    `(at most ${MAX_LINES}), no branching on error text`,
)
