import { readFileSync } from 'node:fs'
import path from 'node:path'
import { cliOutputs, modeHelp, parseArgs } from '../../src/action/cli.js'
import type { ModeArgs } from '../../src/action/cli-args.js'
import { FLAGS } from '../../src/action/flags.js'
import { INPUT_NAMES } from '../../src/action/inputs.js'
import { currentRun } from '../../src/records/record.js'
import { VERSION } from '../../src/version.js'

const root = path.resolve(import.meta.dirname, '../..')

describe('CLI arguments', () => {
  test('flags named like the inputs; repeated flags add lines; booleans need no value; the run by flag', () => {
    const parsed = parseArgs([
      'verify',
      '--records',
      'dir',
      '--prune',
      '--annotations',
      'a=1',
      '--annotations=b=2',
      '--dry-run',
      '--run-id',
      '4711',
      '--run-attempt=2',
    ]) as ModeArgs
    expect(Object.fromEntries(parsed.values)).toEqual({
      mode: 'verify',
      records: 'dir',
      prune: 'true',
      annotations: 'a=1\nb=2',
      'dry-run': 'true',
    })
    expect(parsed).toMatchObject({ mode: 'verify', runId: '4711', runAttempt: '2', help: false })
    expect(parseArgs(['append', '--help'])).toMatchObject({ help: true })
  })

  test.each([
    [[], /^no command given$/],
    [['--files', 'x'], /^'--files' before the command/],
    [['build'], /unknown command 'build'/],
    [['matrix', 'extra'], /unexpected argument 'extra'/],
    [['matrix', '--mode', 'x'], /unknown flag '--mode' for matrix/],
    [['matrix', '--metadata', 'x'], /unknown flag '--metadata' for matrix/],
    [['matrix', '--files'], /flag '--files' needs a value/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message)
  })

  test("each mode's help names every flag of the mode with its meaning and default", () => {
    const help = modeHelp('append')
    expect(help).toMatch(/^usage: bake-fanout append \[--flag value\]\.\.\./)
    expect(help).toMatch(/--settle +seconds the final guard waits .* \(default: 3\)/)
    expect(help).toMatch(/--run-id +the run the jobs share; default: the CI system's/)
    expect(help).not.toContain('--runners')
    expect(modeHelp('matrix')).toContain('--runners')
  })

  test('every input but mode is a flag, with the default action.yml gives it', () => {
    const names = FLAGS.map((f) => f.name)
    expect(INPUT_NAMES.filter((n) => n !== 'mode' && !names.includes(n))).toEqual([])
    const actionYml = readFileSync(path.join(root, 'action.yml'), 'utf8')
    for (const flag of FLAGS) {
      const block = new RegExp(`^  ${flag.name}:\\n((?:    .*\\n)+)`, 'm').exec(actionYml)?.[1]
      if (!block) continue // CLI only: max-entries, run-id, run-attempt
      // An empty default in action.yml is "none": the code's own (the `default` group, buildx's lookup …).
      const yamlDefault = /^ {4}default: '?([^'\n]*)'?$/m.exec(block)?.[1] || undefined
      expect({ flag: flag.name, default: flag.default }).toEqual({ flag: flag.name, default: yamlDefault })
    }
  })

  test('--version is the package version', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version)
  })

  test('stdout holds JSON values: the matrix an array, the digest a string', () => {
    expect(cliOutputs({ matrix: '[{"target":"a"}]', targets: '["a"]', digest: 'sha256:x', result: '{}' })).toEqual({
      matrix: [{ target: 'a' }],
      targets: ['a'],
      digest: 'sha256:x',
      result: {},
    })
  })

  test.each([
    [
      { GITHUB_RUN_ID: '100', GITHUB_RUN_ATTEMPT: '3' },
      { runId: '100', runAttempt: 3 },
    ],
    [{ CI_PIPELINE_ID: '2001' }, { runId: '2001', runAttempt: 1 }],
    [
      { BUILDKITE_BUILD_NUMBER: '77', BUILDKITE_RETRY_COUNT: '1' },
      { runId: '77', runAttempt: 2 },
    ],
    [
      { JENKINS_URL: 'https://ci.example', BUILD_NUMBER: '12' },
      { runId: '12', runAttempt: 1 },
    ],
    [{ BUILD_NUMBER: '12' }, { runId: 'local', runAttempt: 1 }],
    [{ CIRCLE_WORKFLOW_ID: 'a1b2-c3' }, { runId: 'a1b2-c3', runAttempt: 1 }],
    [
      { BUILD_BUILDID: '345', SYSTEM_JOBATTEMPT: '2' },
      { runId: '345', runAttempt: 2 },
    ],
    [{}, { runId: 'local', runAttempt: 1 }],
  ])('the run from the CI system: %j', (env, expected) => {
    expect(currentRun(env)).toEqual(expected)
  })
})
