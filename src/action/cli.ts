/**
 * `bake-fanout matrix|append|verify --files … --targets …`: the same code outside
 * Actions (GitLab, Buildkite, Jenkins, CircleCI, Azure Pipelines, a laptop). Flags are
 * named like the inputs; a repeated flag adds a line. stdout is one JSON object whose
 * values are JSON values (the matrix an array); logs go to stderr. Exit codes: 0 done,
 * 1 failed, 2 a usage error or a bad value (the flag named as typed, nothing written).
 */
import { githubIdToken } from './github-oidc.js'
import { commandLineFlag, errorMessage, isInputError } from '../common/errors.js'
import { execProgram } from '../common/actions-exec.js'
import { inert, inertJson } from '../common/inert.js'
import type { Logger } from '../common/log.js'
import { writeStepSummary } from '../common/markdown.js'
import { writeStderr, writeStdout } from '../common/stdio.js'
import { InputError } from '../common/errors.js'
import { isRunId } from '../image-index/runs.js'
import { type RunIdentity, currentRun } from '../records/record.js'
import { VERSION } from '../version.js'
import { type ModeArgs, UsageError, parseArgs } from './cli-args.js'
import { modeHelp, topLevelHelp } from './cli-help.js'
import { MODES, type Mode, readInputs } from './inputs.js'
import { run } from './run.js'

export { UsageError, parseArgs } from './cli-args.js'
export { modeHelp, topLevelHelp } from './cli-help.js'

/** Output values that hold JSON: printed as JSON values, not strings of JSON. */
const JSON_OUTPUTS = new Set(['matrix', 'targets', 'tags', 'result', 'signed'])

/** Where the command line reads and writes: the process's, or a test's. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>
  out: (text: string) => void
  err: (text: string) => void
}

const processIo: CliIo = { env: process.env, out: writeStdout, err: writeStderr }

export const EXIT = { done: 0, failed: 1, usage: 2 } as const

/** Logs on stderr, made inert: inside a CI runner that reads commands from a step's output, none starts there. */
export function stderrLogger(err: (text: string) => void, debug: boolean): Logger {
  return {
    info: (m) => err(inert(m) + '\n'),
    warning: (m) => err(inert(`warning: ${m}`) + '\n'),
    notice: (m) => err(inert(`notice: ${m}`) + '\n'),
    debug: (m) => {
      if (debug) err(inert(`debug: ${m}`) + '\n')
    },
    setSecret: () => {},
  }
}

/** Debug lines: --debug, BAKE_FANOUT_DEBUG, or a GitHub re-run with debug logging (RUNNER_DEBUG=1), as the Action. */
export function debugEnabled(flag: boolean, env: CliIo['env']): boolean {
  const set = (value: string | undefined) => value !== undefined && !/^(|0|false)$/i.test(value)
  return flag || set(env.BAKE_FANOUT_DEBUG) || env.RUNNER_DEBUG === '1'
}

/** The outputs as one JSON object of JSON values. */
export function cliOutputs(outputs: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(outputs).map(([name, value]) => [name, JSON_OUTPUTS.has(name) && value ? JSON.parse(value) : value]),
  )
}

/** Runs one command line; returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let debug = debugEnabled(false, io.env)
  const mode = (MODES as readonly string[]).includes(argv[0]) ? (argv[0] as Mode) : undefined
  try {
    const args = parseArgs(argv)
    if (args.command === 'help') return said(io.out, topLevelHelp())
    if (args.command === 'version' || args.version) return said(io.out, `${VERSION}\n`)
    debug = debugEnabled(args.debug, io.env)
    if (args.help) return said(io.out, modeHelp(args.mode))
    return await runMode(args, io, stderrLogger(io.err, debug))
  } catch (error) {
    return failed(error, io, debug, mode)
  }
}

async function runMode(args: ModeArgs, io: CliIo, log: Logger): Promise<number> {
  const read = readInputs((name) => args.values.get(name) ?? '', io.env.GITHUB_ACTIONS === 'true')
  // Only --format gitlab loads the pipeline renderer (a chunk of its own).
  const gitlab = args.format === 'gitlab' ? await import('./gitlab-format.js') : undefined
  const inputs = gitlab ? gitlab.forGitlab(read) : read
  const runIdentity = runOf(args, io.env)
  log.debug(
    `run ${runIdentity.runId}, attempt ${runIdentity.runAttempt} (${args.runId ? '--run-id' : "the CI system's"})`,
  )
  const deps = { exec: execProgram, env: io.env, log, idToken: githubIdToken, run: runIdentity }
  const result = await run(inputs, deps)
  io.out(gitlab ? gitlab.gitlabOutput(result.outputs, inputs) : inertJson(cliOutputs(result.outputs)) + '\n')
  await writeStepSummary(result.summary, io.env.GITHUB_STEP_SUMMARY, log.warning)
  if (!result.failure) return EXIT.done
  io.err(inert(`error: ${result.failure}`) + '\n')
  return EXIT.failed
}

/** --run-id and --run-attempt, else the CI system's. */
function runOf(args: ModeArgs, env: CliIo['env']): RunIdentity {
  const ci = currentRun(env)
  const runAttempt = args.runAttempt === undefined ? ci.runAttempt : Number(args.runAttempt)
  if (!/^\d+$/.test(args.runAttempt ?? '1') || !Number.isInteger(runAttempt) || runAttempt < 1)
    throw new InputError('run-attempt', `'${args.runAttempt}' is not a whole number from 1`)
  const runId = args.runId ?? ci.runId
  if (!isRunId(runId)) throw new InputError('run-id', `'${runId}' is not a run id (letters, digits, . _ -)`)
  return { runId, runAttempt }
}

/**
 * The one catch: a usage error with its usage, a bad value naming the flag with where
 * to read about it (both exit 2), anything else exit 1 (with its stack under --debug).
 */
function failed(error: unknown, io: CliIo, debug: boolean, mode: Mode | undefined): number {
  io.err(inert(`error: ${errorMessage(error, commandLineFlag)}`) + '\n')
  if (error instanceof UsageError) {
    io.err(`\n${error.usage}${error.usage.endsWith('\n') ? '' : '\n'}`)
    return EXIT.usage
  }
  if (isInputError(error)) {
    io.err(`see: bake-fanout ${mode ? `${mode} ` : ''}--help\n`)
    return EXIT.usage
  }
  if (debug && error instanceof Error && error.stack) io.err(inert(`debug: ${error.stack}`) + '\n')
  return EXIT.failed
}

function said(out: (text: string) => void, text: string): number {
  out(text)
  return EXIT.done
}

export async function cli(argv: readonly string[]): Promise<void> {
  process.exitCode = await runCli(argv, processIo)
}
