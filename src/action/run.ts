/**
 * Wires validated inputs to a mode. The modes that talk to registries are imported
 * lazily, after their input is validated: `matrix` and every bad input load neither
 * the registry client nor the artifact client. The validation phases stay in the entry
 * chunk: the modules they share with the registry modes (records, index model) are
 * then bundled once, not copied into every lazy chunk.
 */
import type { Inputs } from './inputs.js'
import type { Deps, ModeResult } from '../mode/deps.js'
import { validateAppend } from '../append/validate.js'
import { runMatrix } from '../matrix/mode.js'
import { validateVerify } from '../verify/validate.js'

export async function run(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  switch (inputs.mode) {
    case 'matrix':
      return runMatrix(inputs, deps)
    case 'append': {
      // Everything that can refuse the input runs before the registry code is loaded.
      const validated = await validateAppend(inputs, deps)
      return (await import('./lazy-modes.js')).runAppend(validated, deps)
    }
    case 'verify': {
      const validated = await validateVerify(inputs, deps)
      return (await import('./lazy-modes.js')).runVerify(validated, deps)
    }
  }
}
