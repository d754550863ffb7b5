/** A registry pool as the tests' own client: no insecure list, no proxy, a recording logger. */
import { execProgram } from '../../src/common/actions-exec.js'
import { type PoolOptions, RegistryPool } from '../../src/registry/pool.js'
import { recordingLogger } from './logger.js'

export function testPool(options: Partial<PoolOptions> = {}): RegistryPool {
  return new RegistryPool({ insecureRegistries: [], env: {}, exec: execProgram, log: recordingLogger(), ...options })
}
