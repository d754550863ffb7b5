/** A real registry, a pool and its client for one describe block: started before, stopped after. */
import type { RegistryClient } from '../../src/registry/client.js'
import type { RegistryPool } from '../../src/registry/pool.js'
import { testPool } from './pool.js'
import { type RegistryServer, startRegistry } from './registry.js'

export interface RegistryFixture {
  registry: RegistryServer
  pool: RegistryPool
  client: RegistryClient
}

/** Its fields are set in `beforeAll`: read them inside tests and hooks only. */
export function useRegistry(): RegistryFixture {
  const fixture = {} as RegistryFixture
  beforeAll(async () => {
    fixture.registry = await startRegistry()
    fixture.pool = testPool()
    fixture.client = await fixture.pool.client(fixture.registry.host)
  })
  afterAll(async () => {
    await fixture.pool?.close()
    await fixture.registry?.stop()
  })
  return fixture
}
