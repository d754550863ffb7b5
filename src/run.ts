/**
 * Wires validated inputs to a mode. Modes that talk to registries are imported
 * lazily, so `matrix` does not load the registry client or the artifact client.
 */
import { InputError } from './errors.js'
import type { Exec } from './exec.js'
import type { Inputs } from './inputs.js'
import type { Logger } from './log.js'
import { runMatrix } from './modes/matrix.js'
import type { ModeResult } from './modes/result.js'

export interface Deps {
  exec: Exec
  env: Readonly<Record<string, string | undefined>>
  log: Logger
}

export async function run(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  switch (inputs.mode) {
    case 'matrix':
      return runMatrix(inputs, deps)
    default:
      throw new InputError('mode', `'${inputs.mode}' is not available in this build yet`)
  }
}
