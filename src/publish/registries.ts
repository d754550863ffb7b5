import type { Inputs } from '../action/inputs.js'
import { RegistryPool } from '../registry/pool.js'
import type { Deps } from '../action/deps.js'

/** The registry clients a mode talks through, configured from its inputs and deps. */
export function openRegistries(inputs: Inputs, deps: Deps): RegistryPool {
  return new RegistryPool({
    insecureRegistries: inputs.insecureRegistries,
    env: deps.env,
    exec: deps.exec,
    log: deps.log,
    retry: deps.retry,
    clock: deps.clock,
  })
}
