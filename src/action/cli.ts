/**
 * `bake-fanout matrix|append|verify --files … --targets …`: the same code outside
 * Actions (GitLab, Buildkite, Jenkins, CircleCI, Azure Pipelines, a laptop). Flags are
 * named like the inputs; a repeated flag adds a line. stdout is one JSON object whose
 * values are JSON values (the matrix an array); logs go to stderr. Exit codes: 0 done,
 * 1 failed, 2 usage (nothing to do, an unknown flag).
 */
import { githubIdToken } from './github-oidc.js'
import { errorMessage } from '../common/errors.js'
import { execProgram } from '../common/actions-exec.js'
import { inert, inertJson } from '../common/inert.js'
import type { Logger } from '../common/log.js'
import { writeStepSummary } from '../common/markdown.js'
import { writeStderr, writeStdout } from '../common/stdio.js'
import { isRunId } from '../image-index/runs.js'
import { currentRun } from '../records/record.js'
import { VERSION } from '../version.js'
import { BOOLEAN_FLAGS, flagsOf } from './flags.js'
import { type InputName, MODES, type Mode, readInputs } from './inputs.js'
import { run } from './run.js'

/** Usage errors: said with the usage on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

const USAGE = `usage: bake-fanout <matrix|append|verify> [--flag value]...
       bake-fanout <mode> --help      every flag of the mode, with its meaning and default
       bake-fanout --version`

/** Output values that hold JSON: printed as JSON values, not strings of JSON. */
const JSON_OUTPUTS = new Set(['matrix', 'targets', 'tags', 'result', 'signed'])

/** Logs on stderr, made inert: inside a CI runner that reads commands from a step's output, none starts there. */
const stderrLogger: Logger = {
  info: (m) => writeStderr(inert(m) + '\n'),
  warning: (m) => writeStderr(inert(`warning: ${m}`) + '\n'),
  notice: (m) => writeStderr(inert(`notice: ${m}`) + '\n'),
  debug: (m) => {
    if (process.env.BAKE_FANOUT_DEBUG) writeStderr(inert(`debug: ${m}`) + '\n')
  },
  setSecret: () => {},
}

export interface ParsedArgs {
  mode: Mode
  values: Map<InputName, string>
  runId?: string
  runAttempt?: string
  help: boolean
}

/** Parses argv; throws UsageError on anything it cannot take. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [mode, ...rest] = argv
  if (!mode || mode.startsWith('-')) throw new UsageError(USAGE)
  if (!(MODES as readonly string[]).includes(mode)) throw new UsageError(`unknown mode '${mode}'\n${USAGE}`)
  const parsed: ParsedArgs = { mode: mode as Mode, values: new Map([['mode', mode]]), help: false }
  const known = new Set(flagsOf(mode as Mode).map((f) => f.name))
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--help' || arg === '-h') {
      parsed.help = true
      continue
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'\n${USAGE}`)
    const eq = arg.indexOf('=')
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2)
    if (!known.has(name as InputName)) throw new UsageError(`unknown flag '--${name}' for ${mode}\n${USAGE}`)
    let value: string
    if (eq >= 0) value = arg.slice(eq + 1)
    else if (BOOLEAN_FLAGS.has(name) && (rest[i + 1] === undefined || rest[i + 1].startsWith('--'))) value = 'true'
    else if (rest[i + 1] !== undefined) value = rest[++i]
    else throw new UsageError(`flag '--${name}' needs a value\n${USAGE}`)
    if (name === 'run-id') parsed.runId = value
    else if (name === 'run-attempt') parsed.runAttempt = value
    else {
      const input = name as InputName
      parsed.values.set(input, parsed.values.has(input) ? `${parsed.values.get(input)}\n${value}` : value)
    }
  }
  return parsed
}

/** `bake-fanout <mode> --help`: every flag of the mode, its meaning and default. */
export function modeHelp(mode: Mode): string {
  const flags = flagsOf(mode)
  const width = Math.max(...flags.map((f) => f.name.length)) + 4
  const lines = flags.map((f) => {
    const name = `--${f.name}`.padEnd(width)
    return `  ${name}${f.meaning}${f.default !== undefined ? ` (default: ${f.default})` : ''}`
  })
  return `usage: bake-fanout ${mode} [--flag value]...\n\nflags:\n${lines.join('\n')}\n`
}

/** The outputs as one JSON object of JSON values. */
export function cliOutputs(outputs: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [name, JSON_OUTPUTS.has(name) && value ? JSON.parse(value) : value]),
  )
}

export async function cli(argv: readonly string[]): Promise<void> {
  try {
    if (argv[0] === '--version') return void writeStdout(`${VERSION}\n`)
    if (argv[0] === '--help' || argv[0] === '-h') return void writeStdout(USAGE + '\n')
    const args = parseArgs(argv)
    if (args.help) return void writeStdout(modeHelp(args.mode))
    const insideActions = process.env.GITHUB_ACTIONS === 'true'
    const inputs = readInputs((name) => args.values.get(name) ?? '', insideActions)
    const ci = currentRun(process.env)
    const runAttempt = args.runAttempt === undefined ? ci.runAttempt : Number(args.runAttempt)
    if (!Number.isInteger(runAttempt) || runAttempt < 1)
      throw new UsageError(`--run-attempt '${args.runAttempt}' is not a whole number from 1`)
    const runId = args.runId ?? ci.runId
    if (!isRunId(runId)) throw new UsageError(`--run-id '${runId}' is not a run id (letters, digits, . _ -)`)
    const deps = {
      exec: execProgram,
      env: process.env,
      log: stderrLogger,
      idToken: githubIdToken,
      run: { runId, runAttempt },
    }
    const result = await run(inputs, deps)
    writeStdout(inertJson(cliOutputs(result.outputs)) + '\n')
    await writeStepSummary(result.summary, process.env.GITHUB_STEP_SUMMARY, stderrLogger.warning)
    if (result.failure) {
      writeStderr(inert(`error: ${result.failure}`) + '\n')
      process.exitCode = 1
    }
  } catch (error) {
    writeStderr(inert(`error: ${errorMessage(error)}`) + '\n')
    process.exitCode = error instanceof UsageError ? 2 : 1
  }
}
