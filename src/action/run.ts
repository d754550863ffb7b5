/**
 * Wires validated inputs to a mode. The modes that talk to registries are imported
 * lazily, after their input is validated: `matrix` and every bad input load neither
 * the registry client nor the artifact client.
 */
import type { Inputs } from './inputs.js'
import type { Deps, ModeResult } from './deps.js'
import { runMatrix } from '../matrix/mode.js'

export async function run(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  switch (inputs.mode) {
    case 'matrix':
      return runMatrix(inputs, deps)
    case 'append': {
      // Everything that can refuse the input runs before the registry code is loaded.
      const validated = await (await import('../append/validate.js')).validateAppend(inputs, deps)
      return (await import('./registry-modes.js')).runAppend(validated, deps)
    }
    case 'verify': {
      const validated = await (await import('../verify/validate.js')).validateVerify(inputs, deps)
      return (await import('./registry-modes.js')).runVerify(validated, deps)
    }
  }
}
