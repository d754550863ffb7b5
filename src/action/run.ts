/**
 * Wires validated inputs to a mode. The modes that talk to registries are imported
 * lazily, so `matrix` loads neither the registry client nor the artifact client.
 */
import type { Inputs } from './inputs.js'
import type { Deps, ModeResult } from './deps.js'
import { runMatrix } from '../matrix/mode.js'

export async function run(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  switch (inputs.mode) {
    case 'matrix':
      return runMatrix(inputs, deps)
    case 'append':
      return (await import('./registry-modes.js')).runAppend(inputs, deps)
    case 'verify':
      return (await import('./registry-modes.js')).runVerify(inputs, deps)
  }
}
