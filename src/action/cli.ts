/**
 * `bake-fanout matrix|append|verify --files … --targets …`: the same code outside
 * Actions. Flags are named like the inputs; a repeated flag adds a line. Outputs are
 * printed as one JSON object on stdout, logs go to stderr.
 */
import { errorMessage } from '../common/errors.js'
import { inert, inertJson } from '../common/inert.js'
import { execProgram } from '../common/exec-program.js'
import { INPUT_NAMES, type InputName, readInputs } from './inputs.js'
import type { Logger } from '../common/log.js'
import { run } from './run.js'
import { writeStepSummary } from '../common/markdown.js'
import { writeStderr, writeStdout } from '../common/stdio.js'

const BOOLEAN_FLAGS = new Set<string>(['dry-run', 'prune', 'defer'])

const USAGE = `usage: bake-fanout <matrix|append|verify> [--flag value]...
flags: ${INPUT_NAMES.filter((n) => n !== 'mode')
  .map((n) => `--${n}`)
  .join(' ')}`

/** Logs on stderr, made inert: inside a CI runner that reads commands from a step's output, none starts there. */
const stderrLogger: Logger = {
  info: (m) => writeStderr(inert(m) + '\n'),
  warning: (m) => writeStderr(inert(`warning: ${m}`) + '\n'),
  debug: (m) => {
    if (process.env.BAKE_FANOUT_DEBUG) writeStderr(inert(`debug: ${m}`) + '\n')
  },
  setSecret: () => {},
}

/** Parses argv into input values; throws with usage on anything unknown. */
export function parseArgs(argv: readonly string[]): Map<InputName, string> {
  const values = new Map<InputName, string>()
  const [mode, ...rest] = argv
  if (!mode || mode.startsWith('-')) throw new Error(USAGE)
  values.set('mode', mode)
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (!arg.startsWith('--')) throw new Error(`unexpected argument '${arg}'\n${USAGE}`)
    const eq = arg.indexOf('=')
    const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)) as InputName
    if (!(INPUT_NAMES as readonly string[]).includes(name) || name === 'mode') {
      throw new Error(`unknown flag '--${name}'\n${USAGE}`)
    }
    let value: string
    if (eq >= 0) value = arg.slice(eq + 1)
    else if (BOOLEAN_FLAGS.has(name) && (rest[i + 1] === undefined || rest[i + 1].startsWith('--'))) value = 'true'
    else if (rest[i + 1] !== undefined) value = rest[++i]
    else throw new Error(`flag '--${name}' needs a value`)
    values.set(name, values.has(name) ? `${values.get(name)}\n${value}` : value)
  }
  return values
}

export async function cli(argv: readonly string[]): Promise<void> {
  try {
    if (argv[0] === '--help' || argv[0] === '-h') {
      writeStdout(USAGE + '\n')
      return
    }
    const values = parseArgs(argv)
    const insideActions = process.env.GITHUB_ACTIONS === 'true'
    const inputs = readInputs((name) => values.get(name) ?? '', insideActions)
    const result = await run(inputs, { exec: execProgram, env: process.env, log: stderrLogger })
    writeStdout(inertJson(result.outputs) + '\n')
    await writeStepSummary(result.summary, process.env.GITHUB_STEP_SUMMARY, stderrLogger.warning)
    if (result.failure) {
      writeStderr(inert(`error: ${result.failure}`) + '\n')
      process.exitCode = 1
    }
  } catch (error) {
    writeStderr(inert(`error: ${errorMessage(error)}`) + '\n')
    process.exitCode = 1
  }
}
