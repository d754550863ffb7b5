/**
 * Wires validated inputs to a mode. The modes that talk to registries are imported
 * lazily, after their input is validated: `matrix` and every bad input load neither
 * the registry client nor the artifact client. The validation phases stay in the entry
 * chunk: the modules they share with the registry modes (records, index model) are
 * then bundled once, not copied into every lazy chunk.
 */
import { setFlagsFromString } from 'node:v8'
import type { Inputs } from './inputs.js'
import type { Deps, ModeResult } from './deps.js'
import { validateAppend } from '../append/validate.js'
import { runMatrix } from '../matrix/mode.js'
import { validateVerify } from '../verify/validate.js'

/**
 * undici parses HTTP with WebAssembly (llhttp). V8 compiles it with Liftoff, then
 * re-optimises it with TurboFan in the background, and a process cannot exit before
 * that background work is drained: ~150-200 ms at the end of every append or verify,
 * measured here (a short-lived process never profits from the optimised code). Liftoff
 * only; set before the registry chunk (and with it undici) loads.
 */
function preferBaselineWasm(): void {
  setFlagsFromString('--liftoff-only')
}

export async function run(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  switch (inputs.mode) {
    case 'matrix':
      return runMatrix(inputs, deps)
    case 'append': {
      // Everything that can refuse the input runs before the registry code is loaded.
      const validated = await validateAppend(inputs, deps)
      preferBaselineWasm()
      return (await import('./registry-modes.js')).runAppend(validated, deps)
    }
    case 'verify': {
      const validated = await validateVerify(inputs, deps)
      preferBaselineWasm()
      return (await import('./registry-modes.js')).runVerify(validated, deps)
    }
  }
}
