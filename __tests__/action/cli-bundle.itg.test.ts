/** The bundled command line, as a CI job runs it: exit codes and where each text goes. */
import { DIST, cleanEnv, spawnNode } from '../helpers/action.js'

test('the bundle: a bad value exits 2 naming the flag, version and help exit 0 on stdout', async () => {
  const bad = await spawnNode([DIST, 'matrix', '--cache', 'foo'], cleanEnv())
  expect(bad).toEqual({
    code: 2,
    stdout: '',
    stderr: "error: --cache: 'foo' is not one of none, gha\nsee: bake-fanout matrix --help\n",
  })
  const unknown = await spawnNode([DIST, 'append', '--cache', 'gha'], cleanEnv())
  expect(unknown.code).toBe(2)
  expect(unknown.stderr).toMatch(/^error: unknown flag '--cache' for append\n\nusage: bake-fanout append /)
  const version = await spawnNode([DIST, 'version'], cleanEnv())
  expect(version).toMatchObject({ code: 0, stderr: '' })
  expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  const help = await spawnNode([DIST, 'help'], cleanEnv())
  expect(help).toMatchObject({ code: 0, stderr: '' })
  expect(help.stdout).toContain('SIGSTORE_ID_TOKEN')
})
