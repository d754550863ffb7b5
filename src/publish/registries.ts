import type { Deps } from '../action/deps.js'
import { RegistryPool } from '../registry/pool.js'

/** The registry clients a mode talks through. */
export function openRegistries(insecureRegistries: readonly string[], deps: Deps): RegistryPool {
  return new RegistryPool({
    insecureRegistries,
    env: deps.env,
    exec: deps.exec,
    log: deps.log,
    retry: deps.retry,
    clock: deps.clock,
  })
}
