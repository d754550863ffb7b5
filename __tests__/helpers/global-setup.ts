/**
 * The end-to-end tests run dist/ as the runner does, so a forgotten `npm run bundle`
 * would test stale code: rebuild dist/ first when it was bundled from other sources
 * (BAKE_FANOUT_NO_REBUILD=1 skips this, for a quick run of unit tests while editing).
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

export default async function globalSetup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '../..')
  const { distIsFresh } = (await import(path.join(root, 'scripts/dist-stamp.mjs'))) as { distIsFresh(): boolean }
  if (process.env.BAKE_FANOUT_NO_REBUILD === '1' || distIsFresh()) return
  process.stderr.write('\ndist/ is stale: bundling before the tests run\n')
  execFileSync('npm', ['run', 'bundle', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (!distIsFresh()) throw new Error('dist/ is still stale after npm run bundle')
}
