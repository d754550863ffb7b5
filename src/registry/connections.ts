/**
 * The kept-alive connections of a run, shared by every registry: one agent per scheme,
 * certificate policy and proxy. A proxy's tunnel code loads only when a proxy applies.
 */
import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import { type Env, proxyFor } from './proxy-env.js'

export class Connections {
  private readonly agents = new Map<string, Promise<HttpAgent>>()

  constructor(private readonly env: Env) {}

  /** The agent for `url`; `verify: false` skips certificate checks (an insecure registry's own host). */
  agentFor(url: URL, verify: boolean): Promise<HttpAgent> {
    const proxy = proxyFor(url, this.env)
    const key = `${url.protocol} ${verify ? 'verified' : 'unverified'} ${proxy ?? 'direct'}`
    let agent = this.agents.get(key)
    if (!agent) {
      agent = createAgent(url.protocol, verify, proxy)
      this.agents.set(key, agent)
    }
    return agent
  }

  /**
   * Called when the work is done: idle kept-alive connections are dropped at once (the
   * process would otherwise wait on them); a stream still open fails rather than hold it.
   */
  async destroy(): Promise<void> {
    for (const agent of await Promise.all(this.agents.values())) agent.destroy()
  }
}

async function createAgent(protocol: string, verify: boolean, proxy: string | undefined): Promise<HttpAgent> {
  if (proxy) {
    // A CONNECT tunnel for both schemes (as undici did here before); the endpoint's TLS
    // (and whether its certificate is checked) goes through the request's options.
    const { HttpsProxyAgent } = await import('https-proxy-agent')
    return new HttpsProxyAgent(proxy, { keepAlive: true })
  }
  return protocol === 'https:'
    ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: verify })
    : new HttpAgent({ keepAlive: true })
}
