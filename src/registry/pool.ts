/**
 * One RegistryClient per registry, sharing proxy-aware HTTP dispatchers
 * (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as undici's EnvHttpProxyAgent reads them)
 * and the docker config's credentials.
 */
import { EnvHttpProxyAgent } from 'undici'
import type { Exec } from '../common/exec.js'
import type { Logger } from '../common/log.js'
import { RegistryClient, type RegistryClientOptions, type RequestStats } from './client.js'
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
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/**
 * Loopback and the hosts the user listed (with or without port) may be spoken to
 * without certificate checks, or over plain HTTP: docker's insecure registries.
 */
export function isInsecureRegistry(registry: string, allowed: readonly string[]): boolean {
  const host = registry.startsWith('[') ? registry.slice(0, registry.indexOf(']') + 1) : registry.split(':')[0]
  return LOOPBACK_HOSTS.has(host) || allowed.includes(registry) || allowed.includes(host)
}

export class RegistryPool {
  private readonly clients = new Map<string, Promise<RegistryClient>>()
  private readonly dispatchers: { verified: EnvHttpProxyAgent; unverified: EnvHttpProxyAgent }
  private config?: Promise<DockerConfig>

  constructor(private readonly options: PoolOptions) {
    const { env } = options
    const common = {
      httpProxy: env.http_proxy ?? env.HTTP_PROXY,
      httpsProxy: env.https_proxy ?? env.HTTPS_PROXY,
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
      connectTimeout: 15_000,
      headersTimeout: 60_000,
      bodyTimeout: 120_000,
    }
    // `connect` is the TLS of a direct connection, `requestTls` that of one tunnelled through a proxy.
    const noVerify = { rejectUnauthorized: false }
    this.dispatchers = {
      verified: new EnvHttpProxyAgent(common),
      unverified: new EnvHttpProxyAgent({ ...common, connect: noVerify, requestTls: noVerify }),
    }
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
      dispatchers: this.dispatchers,
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

  /**
   * Called when the mode's work is done: idle keep-alive connections are dropped at once
   * (a graceful close waits on them, ~150 ms of every run); a stream still open (a
   * caller's mistake) fails rather than hold the process.
   */
  async close(): Promise<void> {
    await Promise.all([this.dispatchers.verified.destroy(), this.dispatchers.unverified.destroy()])
  }
}
