/**
 * Wires validated inputs to a mode. The modes that talk to registries are imported
 * lazily, so `matrix` loads neither the registry client nor the artifact client.
 */
import type { Exec } from './exec.js'
import type { ArtifactService } from './records.js'
import type { RetryClock, RetryPolicy } from './registry/retry.js'
import type { Inputs } from './inputs.js'
import type { Logger } from './log.js'
import { runMatrix } from './modes/matrix.js'
import type { ModeResult } from './modes/result.js'

export interface Deps {
  exec: Exec
  env: Readonly<Record<string, string | undefined>>
  log: Logger
  /** Test seams; the defaults are the real ones. */
  clock?: RetryClock
  retry?: RetryPolicy
  artifacts?: () => Promise<ArtifactService>
}

export async function run(inputs: Inputs, deps: Deps): Promise<ModeResult> {
  switch (inputs.mode) {
    case 'matrix':
      return runMatrix(inputs, deps)
    case 'append':
      return (await import('./modes/registry-modes.js')).runAppend(inputs, deps)
    case 'verify':
      return (await import('./modes/registry-modes.js')).runVerify(inputs, deps)
  }
}
