/**
 * The action runs on Node 24 (action.yml `runs.using: node24`; GitHub's runners run
 * nothing older), so the tests do too: the `node` devDependency puts Node 24 first on
 * every npm script's PATH. Should a later npm skip its install script (unapproved
 * scripts are blocked), the suite would silently run on the machine's older Node: this
 * fails it instead.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')

test('the suite runs on the Node version action.yml runs the action on', () => {
  const using = /^\s+using:\s*'?node(\d+)'?\s*$/m.exec(readFileSync(path.join(root, 'action.yml'), 'utf8'))?.[1]
  expect(using).toBe('24')
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(Number(using))
})
