/**
 * The package as another CI system installs it: `npm pack` gives a tarball that `npx
 * ./bake-fanout-<version>.tgz` runs (the bundle needs no dependency installed), and the
 * CLI it runs says how to use itself.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { tempDir } from '../helpers/fixtures.js'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

test('npm pack, then npx ./bake-fanout-<version>.tgz: help, version, usage with exit 2', async () => {
  const dir = await tempDir('bake-fanout-pack-')
  const { stdout: packed } = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: root })
  const tarball = `./${packed.trim().split('\n').pop()}`
  expect(tarball).toMatch(/^\.\/bake-fanout-\d+\.\d+\.\d+\.tgz$/)
  const npx = (...args: string[]) =>
    run('npx', ['--yes', tarball, ...args], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir } })
  const help = await npx('matrix', '--help')
  expect(help.stdout).toMatch(/^usage: bake-fanout matrix/)
  expect(help.stdout).toContain('--runners')
  expect((await npx('--version')).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  const usage = await npx().catch((error: { code: number; stderr: string }) => error)
  expect(usage).toMatchObject({ code: 2 })
  expect((usage as { stderr: string }).stderr).toContain('usage: bake-fanout <matrix|append|verify>')
}, 60_000)
