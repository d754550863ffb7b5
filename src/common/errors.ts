/**
 * Bad input. Names the input it came from, so the user can fix the workflow or the
 * command line; each entry names it as its user typed it (`errorMessage`). Always raised
 * before any registry write.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    /** What was wrong with it, without the input's name. */
    readonly problem: string,
  ) {
    super(`${actionInput(input)}: ${problem}`)
    this.name = 'InputError'
  }
}

/** How an entry names an input: the Action `input 'cache'`, the command line `--cache`. */
export type InputNaming = (input: string) => string

export const actionInput: InputNaming = (input) => `input '${input}'`
export const commandLineFlag: InputNaming = (input) => `--${input}`

/** Text of any thrown value, without a stack trace; an input named as the entry's user typed it. */
export function errorMessage(error: unknown, naming: InputNaming = actionInput): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((e) => errorMessage(e, naming)).join('\n')
  }
  if (error instanceof InputError) return `${naming(error.input)}: ${error.problem}`
  return error instanceof Error ? error.message : String(error)
}

/** True when the thrown value is bad input, or an aggregate of nothing else. */
export function isInputError(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors.every(isInputError)
  return error instanceof InputError
}
