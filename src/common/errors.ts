/**
 * Bad input. Names the input (or CLI flag) it came from, so the user can fix the
 * workflow. Always raised before any registry write.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(`input '${input}': ${message}`)
    this.name = 'InputError'
  }
}

/** Text of any thrown value, without a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(errorMessage).join('\n')
  }
  return error instanceof Error ? error.message : String(error)
}
