import { type PoolOptions, RegistryPool } from '../registry/pool.js'

/** What opening registries needs of a mode's dependencies. */
export type RegistryDeps = Pick<PoolOptions, 'env' | 'exec' | 'log' | 'retry' | 'clock'>

/** The registry clients a mode talks through. */
export function openRegistries(insecureRegistries: readonly string[], deps: RegistryDeps): RegistryPool {
  return new RegistryPool({
    insecureRegistries,
    env: deps.env,
    exec: deps.exec,
    log: deps.log,
    retry: deps.retry,
    clock: deps.clock,
  })
}
