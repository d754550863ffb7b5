/**
 * argv → what the command line was asked. Anything it cannot take is a UsageError that
 * carries the usage to show with it: the mode's flags once the mode is known, else the
 * commands. A flag's bad value is an InputError naming the flag (exit 2 either way).
 */
import { InputError } from '../common/errors.js'
import { BOOLEAN_FLAGS, type CommandLineFlag, flagsOf } from './flags.js'
import { USAGE, modeHelp, nearestFlag } from './cli-help.js'
import { type InputName, MODES, type Mode } from './inputs.js'

/** Usage errors: said with the usage on stderr, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  constructor(
    message: string,
    /** The usage to print below the message: the mode's flags, or the commands. */
    readonly usage: string = USAGE,
  ) {
    super(message)
  }
}

export const FORMATS = ['json', 'gitlab'] as const
export type Format = (typeof FORMATS)[number]

export interface ModeArgs {
  command: 'mode'
  mode: Mode
  /** Action inputs by name, repeated flags joined by newlines. */
  values: Map<InputName, string>
  runId?: string
  runAttempt?: string
  /** matrix: what stdout holds (json, or a GitLab child pipeline). */
  format: Format
  debug: boolean
  help: boolean
  version: boolean
}

export type ParsedArgs = { command: 'help' } | { command: 'version' } | ModeArgs

const COMMAND_LINE_ONLY: ReadonlySet<string> = new Set<CommandLineFlag>(['run-id', 'run-attempt', 'format', 'debug'])

/** Parses argv; throws UsageError on anything it cannot take. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const [first, ...rest] = argv
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help' }
  if (first === '--version' || first === 'version') return { command: 'version' }
  if (!first) throw new UsageError('no command given')
  if (first.startsWith('-')) throw new UsageError(`'${first}' before the command: the command comes first`)
  if (!(MODES as readonly string[]).includes(first)) throw new UsageError(`unknown command '${first}'`)
  return parseModeArgs(first as Mode, rest)
}

function parseModeArgs(mode: Mode, rest: readonly string[]): ModeArgs {
  const parsed: ModeArgs = {
    command: 'mode',
    mode,
    values: new Map([['mode', mode]]),
    format: 'json',
    debug: false,
    help: false,
    version: false,
  }
  const usage = modeHelp(mode)
  const known = new Set<string>(flagsOf(mode).map((f) => f.name))
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--help' || arg === '-h') parsed.help = true
    else if (arg === '--version') parsed.version = true
    else if (!arg.startsWith('--'))
      throw new UsageError(`unexpected argument '${arg}' (flags take --name value)`, usage)
    else {
      const eq = arg.indexOf('=')
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2)
      if (!known.has(name)) {
        const near = nearestFlag(mode, name)
        throw new UsageError(`unknown flag '--${name}' for ${mode}${near ? ` (did you mean --${near}?)` : ''}`, usage)
      }
      let value: string
      if (eq >= 0) value = arg.slice(eq + 1)
      else if (BOOLEAN_FLAGS.has(name) && (rest[i + 1] === undefined || rest[i + 1].startsWith('--'))) value = 'true'
      else if (rest[i + 1] !== undefined) value = rest[++i]
      else throw new UsageError(`flag '--${name}' needs a value`, usage)
      if (COMMAND_LINE_ONLY.has(name)) setCommandLineFlag(parsed, name as CommandLineFlag, value)
      else {
        const input = name as InputName
        parsed.values.set(input, parsed.values.has(input) ? `${parsed.values.get(input)}\n${value}` : value)
      }
    }
  }
  return parsed
}

function setCommandLineFlag(parsed: ModeArgs, name: CommandLineFlag, value: string): void {
  if (name === 'run-id') parsed.runId = value
  else if (name === 'run-attempt') parsed.runAttempt = value
  else if (name === 'debug') parsed.debug = booleanFlag(name, value)
  else if ((FORMATS as readonly string[]).includes(value)) parsed.format = value as Format
  else throw new InputError(name, `'${value}' is not one of ${FORMATS.join(', ')}`)
}

function booleanFlag(name: string, value: string): boolean {
  if (/^(true|false)$/i.test(value)) return /^true$/i.test(value)
  throw new InputError(name, `'${value}' is not true or false`)
}
