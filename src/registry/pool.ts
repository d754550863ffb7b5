/**
 * One RegistryClient per registry, sharing kept-alive, proxy-aware connections
 * (HTTPS_PROXY / HTTP_PROXY / NO_PROXY) and the docker config's credentials.
 */
import type { Exec } from '../common/exec.js'
import type { Logger } from '../common/log.js'
import { isLoopbackHost } from '../oci/reference.js'
import { RegistryClient, type RegistryClientOptions, type RequestStats } from './client.js'
import { Connections, type StallBounds } from './connections.js'
import { type Env, proxyFor } from './proxy-env.js'
import { type DockerConfig, credentialsFor, loadDockerConfig, secretsOf } from './credentials.js'
import { DEFAULT_RETRY, type RetryClock, type RetryPolicy } from './retry.js'

export interface PoolOptions {
  insecureRegistries: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  exec: Exec
  log: Logger
  retry?: RetryPolicy
  clock?: RetryClock
  /** Test seams: per-attempt bounds and the upload chunk size (the defaults are the client's). */
  limits?: Pick<RegistryClientOptions, 'requestTimeoutMs' | 'transferTimeoutMs' | 'chunkSize'>
  /** Test seam: how long a connection may stall (DEFAULT_STALL_BOUNDS otherwise). */
  stalls?: StallBounds
}

/**
 * Loopback and the hosts the user listed (with or without port) may be spoken to
 * without certificate checks, or over plain HTTP: docker's insecure registries.
 */
export function isInsecureRegistry(registry: string, allowed: readonly string[]): boolean {
  const host = hostOf(registry)
  return isLoopbackHost(host) || allowed.includes(registry) || allowed.includes(host)
}

/**
 * Loopback on a port of its own (not 443), reached without a proxy, is asked in plain HTTP
 * first, as buildx asks it: nothing leaves the machine. A loopback name without a port means
 * 443, TLS first (containerd's rule too); a listed insecure host keeps docker's TLS first.
 */
export function asksPlainFirst(registry: string, env: Env): boolean {
  const host = hostOf(registry)
  const port = registry.slice(host.length + 1)
  if (!isLoopbackHost(host) || port === '' || port === '443') return false
  return proxyFor(new URL(`http://${registry}`), env) === undefined
}

function hostOf(registry: string): string {
  return registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0]
}

export class RegistryPool {
  private readonly clients = new Map<string, Promise<RegistryClient>>()
  private readonly connections: Connections
  private config?: Promise<DockerConfig>

  constructor(private readonly options: PoolOptions) {
    this.connections = new Connections(options.env, options.stalls)
  }

  client(registry: string): Promise<RegistryClient> {
    let client = this.clients.get(registry)
    if (!client) {
      client = this.createClient(registry)
      this.clients.set(registry, client)
    }
    return client
  }

  private async createClient(registry: string): Promise<RegistryClient> {
    this.config ??= loadDockerConfig(this.options.env)
    const credentials = await credentialsFor(registry, await this.config, this.options.exec)
    for (const secret of secretsOf(credentials)) this.options.log.setSecret(secret)
    return new RegistryClient({
      registry,
      credentials,
      insecure: isInsecureRegistry(registry, this.options.insecureRegistries),
      plainFirst: asksPlainFirst(registry, this.options.env),
      connections: this.connections,
      retry: this.options.retry ?? DEFAULT_RETRY,
      log: this.options.log,
      clock: this.options.clock,
      ...this.options.limits,
    })
  }

  /** Requests made so far, over all registries. */
  async stats(): Promise<RequestStats> {
    const total: RequestStats = { byMethod: {}, tokens: 0 }
    for (const client of await Promise.allSettled(this.clients.values())) {
      if (client.status !== 'fulfilled') continue
      total.tokens += client.value.stats.tokens
      for (const [method, n] of Object.entries(client.value.stats.byMethod)) {
        total.byMethod[method] = (total.byMethod[method] ?? 0) + n
      }
    }
    return total
  }

  /** Called when the mode's work is done: see Connections.destroy. */
  async close(): Promise<void> {
    await this.connections.destroy()
  }
}
