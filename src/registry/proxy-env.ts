/**
 * Which proxy, if any, carries a request: HTTPS_PROXY for https (HTTP_PROXY when it is
 * unset), HTTP_PROXY for http, lower-case names first, and NO_PROXY's exceptions, as
 * undici (the client before this one) read them: `*`, or hosts and domains
 * (`example.com` and `.example.com` both cover the subdomains), each with an optional port.
 * Read from the injected environment, which proxy-from-env (process.env only) cannot do.
 */
export type Env = Readonly<Record<string, string | undefined>>

export function proxyFor(url: URL, env: Env): string | undefined {
  const httpProxy = env.http_proxy || env.HTTP_PROXY
  const proxy = url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY || httpProxy : httpProxy
  if (!proxy || bypassesProxy(url, env.no_proxy || env.NO_PROXY || '')) return undefined
  return proxy.includes('://') ? proxy : `http://${proxy}`
}

function bypassesProxy(url: URL, noProxy: string): boolean {
  const host = unbracket(url.hostname).toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true
      const [name, entryPort] = hostAndPort(entry)
      if (entryPort && entryPort !== port) return false
      const domain = unbracket(name)
        .replace(/^\*?\./, '')
        .toLowerCase()
      return domain !== '' && (host === domain || host.endsWith(`.${domain}`))
    })
}

/** `host`, `host:port`, `[v6]:port`, or a bare IPv6 address (whose colons are not a port). */
function hostAndPort(entry: string): [string, string | undefined] {
  if (!entry.startsWith('[') && entry.split(':').length > 2) return [entry, undefined]
  const match = /^(.*?)(?::(\d+))?$/.exec(entry)
  return [match?.[1] ?? entry, match?.[2]]
}

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1')
}
