/**
 * The kept-alive connections of a run, shared by every registry: one agent per scheme,
 * certificate policy and proxy, and one TLS context per policy. A proxy's tunnel code
 * loads only when a proxy applies, and Node's TLS modules only when TLS is spoken.
 */
import { Agent as HttpAgent } from 'node:http'
import type { SecureContext } from 'node:tls'
import { type Env, proxyFor } from './proxy-env.js'

/** How long a connection may stall before the exchange fails (retryably). */
export interface StallBounds {
  connectMs: number
  /** No data either way for this long, at any point (a hung blob transfer). */
  idleMs: number
}

export const DEFAULT_STALL_BOUNDS: StallBounds = { connectMs: 15_000, idleMs: 120_000 }

/** How to reach a URL: the agent, its stall bounds, and for HTTPS the endpoint's TLS options. */
export interface Route {
  agent: HttpAgent
  bounds: StallBounds
  tls?: { secureContext: SecureContext; rejectUnauthorized: boolean }
}

export class Connections {
  private readonly agents = new Map<string, Promise<HttpAgent>>()
  private readonly contexts = new Map<boolean, SecureContext>()

  constructor(
    private readonly env: Env,
    readonly bounds: StallBounds = DEFAULT_STALL_BOUNDS,
  ) {}

  /** The route to `url`; `verify: false` skips certificate checks (an insecure registry's own host). */
  async route(url: URL, verify: boolean): Promise<Route> {
    const agent = await this.agentFor(url, verify)
    const { bounds } = this
    if (url.protocol !== 'https:') return { agent, bounds }
    return { agent, bounds, tls: { secureContext: this.contextFor(verify), rejectUnauthorized: verify } }
  }

  /**
   * Called when the work is done: idle kept-alive connections are dropped at once (the
   * process would otherwise wait on them); a stream still open fails rather than hold it.
   */
  async destroy(): Promise<void> {
    for (const agent of await Promise.all(this.agents.values())) agent.destroy()
  }

  private agentFor(url: URL, verify: boolean): Promise<HttpAgent> {
    const proxy = proxyFor(url, this.env)
    const key = `${url.protocol} ${verify ? 'verified' : 'unverified'} ${proxy ?? 'direct'}`
    let agent = this.agents.get(key)
    if (!agent) {
      agent = createAgent(url.protocol, proxy)
      this.agents.set(key, agent)
    }
    return agent
  }

  /**
   * Node builds a TLS context per connection unless given one, and each loads the CA
   * store (~9 ms here): one per policy serves them all. An unchecked one loads no CAs.
   * NODE_EXTRA_CA_CERTS is part of the default store.
   */
  private contextFor(verify: boolean): SecureContext {
    let context = this.contexts.get(verify)
    if (!context) {
      context = process.getBuiltinModule('node:tls').createSecureContext(verify ? {} : { ca: [] })
      this.contexts.set(verify, context)
    }
    return context
  }
}

async function createAgent(protocol: string, proxy: string | undefined): Promise<HttpAgent> {
  if (proxy) {
    // A CONNECT tunnel for both schemes (as undici did here before); the endpoint's TLS
    // options go through the request's.
    const { HttpsProxyAgent } = await import('https-proxy-agent')
    return new HttpsProxyAgent(proxy, { keepAlive: true })
  }
  // node:https loads with the first TLS route: a plain-HTTP (loopback) registry never needs it.
  if (protocol !== 'https:') return new HttpAgent({ keepAlive: true })
  return new (process.getBuiltinModule('node:https').Agent)({ keepAlive: true })
}
