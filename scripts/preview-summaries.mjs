#!/usr/bin/env node
// The job summaries of __tests__/convergence/summary-fixtures.ts (an early append, a
// defer failure, a signed verify) rendered as GitHub renders markdown (GFM, via marked)
// into HTML pages, and, when Chromium is installed, screenshots at GitHub's 1,000 px:
//   npm run preview:summaries [-- <out-dir>]
// For reading a summary change with one's own eyes; nothing here is bundled.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { marked } from 'marked'

const ROOT = path.resolve(import.meta.dirname, '..')
const out = path.resolve(process.argv[2] ?? mkdtempSync(path.join(tmpdir(), 'bake-fanout-summaries-')))
mkdirSync(out, { recursive: true })

// The fixtures are TypeScript: ncc compiles them (and what they import) to one ES module.
const built = path.join(out, 'fixtures')
execFileSync(
  path.join(ROOT, 'node_modules/.bin/ncc'),
  ['build', path.join(ROOT, '__tests__/convergence/summary-fixtures.ts'), '-o', built, '--quiet'],
  { stdio: 'inherit' },
)
const fixtures = await import(pathToFileURL(path.join(built, 'index.js')).href)

// Close to github.com's markdown body: system font, 16 px, bordered tables, code on grey.
const STYLE = `body{font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;
color:#1f2328;margin:0;padding:24px 32px;max-width:936px}table{border-collapse:collapse;display:block;overflow:auto;margin:16px 0}
th,td{border:1px solid #d1d9e0;padding:6px 13px}th{font-weight:600}tr:nth-child(2n){background:#f6f8fa}
code{font:85% ui-monospace,SFMono-Regular,Menlo,monospace;background:#818b981f;padding:.2em .4em;border-radius:6px}
pre{background:#f6f8fa;padding:16px;border-radius:6px;overflow:auto;white-space:pre}pre code{background:none;padding:0}
h3{font-size:1.25em;margin:24px 0 16px}`

const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (name) => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0,
)
for (const name of ['earlyAppend', 'deferFailure', 'signedVerify']) {
  const { summary } = fixtures[name]()
  const html = path.join(out, `${name}.html`)
  writeFileSync(
    html,
    `<!doctype html><meta charset="utf-8"><style>${STYLE}</style>\n${marked.parse(summary, { gfm: true })}`,
  )
  writeFileSync(path.join(out, `${name}.md`), summary)
  if (chromium) {
    const profile = mkdtempSync(path.join(tmpdir(), 'bake-fanout-chromium-'))
    const png = path.join(out, `${name}.png`)
    spawnSync(chromium, [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
      '--window-size=1000,1400',
      `--screenshot=${png}`,
      pathToFileURL(html).href,
    ])
    console.log(png)
  } else console.log(html)
}
