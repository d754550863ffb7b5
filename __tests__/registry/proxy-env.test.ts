import { proxyFor } from '../../src/registry/proxy-env.js'

const PROXY = 'http://proxy.corp:3128'

describe('proxyFor: which proxy carries a request', () => {
  test.each([
    ['https://ghcr.io/v2/', { HTTPS_PROXY: PROXY }, PROXY],
    ['https://ghcr.io/v2/', { https_proxy: PROXY, HTTPS_PROXY: 'http://other:1' }, PROXY],
    ['https://ghcr.io/v2/', { HTTP_PROXY: PROXY }, PROXY], // https falls back to HTTP_PROXY
    ['http://10.0.0.5:5000/v2/', { HTTPS_PROXY: PROXY }, undefined], // http never uses HTTPS_PROXY
    ['http://10.0.0.5:5000/v2/', { http_proxy: 'proxy.corp:3128' }, PROXY], // scheme-less: http://
    ['https://ghcr.io/v2/', { HTTPS_PROXY: '' }, undefined],
    ['https://ghcr.io/v2/', {}, undefined],
  ])('%s with %j → %s', (url, env, expected) => {
    expect(proxyFor(new URL(url), env)).toBe(expected)
  })

  test.each([
    ['*', 'https://ghcr.io/', true],
    ['ghcr.io', 'https://ghcr.io/', true],
    ['GHCR.io', 'https://ghcr.io/', true],
    ['example.com', 'https://registry.example.com/', true], // a domain covers its subdomains
    ['.example.com', 'https://registry.example.com/', true],
    ['*.example.com', 'https://registry.example.com/', true],
    ['example.com', 'https://notexample.com/', false],
    ['ghcr.io:443', 'https://ghcr.io/', true], // the scheme's default port
    ['ghcr.io:5000', 'https://ghcr.io/', false],
    ['10.0.0.5:5000', 'http://10.0.0.5:5000/', true],
    ['[::1]:5000', 'http://[::1]:5000/', true],
    ['::1', 'http://[::1]:5000/', true], // a bare IPv6 address: its colons are no port
    ['docker.io, ghcr.io', 'https://ghcr.io/', true],
    ['docker.io ghcr.io', 'https://ghcr.io/', true],
    ['docker.io,,', 'https://ghcr.io/', false],
  ])('NO_PROXY=%s for %s bypasses the proxy: %s', (noProxy, url, bypassed) => {
    expect(proxyFor(new URL(url), { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY, NO_PROXY: noProxy })).toBe(
      bypassed ? undefined : PROXY,
    )
  })
})
