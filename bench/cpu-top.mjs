#!/usr/bin/env node
// The top of V8 CPU profiles (`node --cpu-prof`, e.g. `npm run bench -- --cpu-prof DIR`):
// self time per function and per source file, medians over the profiles given, so one
// process's noise does not decide. Usage: node bench/cpu-top.mjs DIR [--top N]
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const dir = process.argv[2]
const top = Number(process.argv[process.argv.indexOf('--top') + 1]) || 25
if (!dir) throw new Error('usage: node bench/cpu-top.mjs DIR [--top N]')
const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))

/** Self ms per key in one profile: each sample's interval is charged to the node it landed in. */
function selfTimes(profile, keyOf) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const times = new Map()
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i])
    const key = keyOf(node.callFrame)
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000)
  }
  return times
}

const shortUrl = (url) =>
  url ? url.replace(/^file:\/\/.*\/dist\//, 'dist/').replace(/^node:/, 'node:') : '(native/V8)'
const byFunction = (f) => `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`
const byFile = (f) => (f.url ? shortUrl(f.url) : f.functionName)

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function table(keyOf, title) {
  const all = files.map((f) => selfTimes(JSON.parse(readFileSync(path.join(dir, f), 'utf8')), keyOf))
  const keys = new Set(all.flatMap((t) => [...t.keys()]))
  const rows = [...keys].map((k) => [k, median(all.map((t) => t.get(k) ?? 0))]).sort((a, b) => b[1] - a[1])
  console.log(`\n${title} (median self ms over ${files.length} profiles):`)
  for (const [key, ms] of rows.slice(0, top)) console.log(`  ${ms.toFixed(1).padStart(7)}  ${key}`)
}

const totals = files.map((f) => {
  const p = JSON.parse(readFileSync(path.join(dir, f), 'utf8'))
  return (p.endTime - p.startTime) / 1000
})
console.log(`${files.length} profiles; profiled time per process: median ${median(totals).toFixed(1)} ms`)
table(byFile, 'by source')
table(byFunction, 'by function')
