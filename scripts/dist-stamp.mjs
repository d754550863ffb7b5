#!/usr/bin/env node
/**
 * The fingerprint of what dist/ is bundled from (src/, package.json, the lock file),
 * written into dist/source-hash by `npm run bundle`. `--check` exits 1 when dist/ was
 * bundled from other sources: the end-to-end tests use it to rebuild a stale dist/.
 */
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const stampFile = path.join(root, 'dist', 'source-hash')

export function sourceHash() {
  const files = readdirSync(path.join(root, 'src'), { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('src', f).split(path.sep).join('/'))
    .sort()
  const hash = createHash('sha256')
  for (const file of [...files, 'package.json', 'package-lock.json', 'tsconfig.json']) {
    // Line endings do not count: .gitattributes keeps LF, an editor may not.
    hash.update(file + '\0' + readFileSync(path.join(root, file), 'utf8').replace(/\r\n/g, '\n') + '\0')
  }
  return hash.digest('hex')
}

export function distIsFresh() {
  try {
    return readFileSync(stampFile, 'utf8').trim() === sourceHash()
  } catch {
    return false
  }
}

if (process.argv[1] === import.meta.filename) {
  if (process.argv.includes('--check')) {
    if (!distIsFresh()) {
      console.error("dist/ was not bundled from these sources: run 'npm run bundle'")
      process.exit(1)
    }
  } else writeFileSync(stampFile, sourceHash() + '\n')
}
