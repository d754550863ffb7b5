/**
 * A small token server for distribution's token auth: RS256 JWTs whose header carries
 * `x5c` = [the self-signed certificate the registry has as its rootcertbundle].
 */
import { createSign, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { type IncomingMessage, type Server, createServer } from 'node:http'
import { selfSignedCertificate } from './certificates.js'

export interface TokenRequest {
  method: string
  scopes: string[]
  user?: string
  grantType?: string
}

export interface TokenServer {
  realm: string
  service: string
  issuer: string
  certFile: string
  requests: TokenRequest[]
  /** Tokens issued so far (to check none of them is ever printed). */
  issued: string[]
  stop(): Promise<void>
}

export interface TokenServerOptions {
  users: Record<string, string>
  /** Refresh tokens accepted on the OAuth2 POST flow, mapped to their user. */
  refreshTokens?: Record<string, string>
  expiresIn?: number
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url')

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const { certFile, keyFile } = await selfSignedCertificate('bake-fanout-test-token')
  const key = await readFile(keyFile, 'utf8')
  const der = (await readFile(certFile, 'utf8')).replace(/-----[^-]+-----|\s/g, '')
  const service = 'bake-fanout-test-registry'
  const issuer = 'bake-fanout-test-issuer'
  const requests: TokenRequest[] = []
  const issued: string[] = []

  const sign = (user: string | undefined, scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000)
    const access = user
      ? scopes.map((scope) => {
          const [type, name, actions] = scope.split(':')
          return { type, name, actions: actions.split(',') }
        })
      : []
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5c: [der] }))
    const claims = {
      iss: issuer,
      sub: user ?? '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    }
    const body = `${header}.${base64url(JSON.stringify(claims))}`
    const signature = createSign('RSA-SHA256').update(body).sign(key)
    const token = `${body}.${base64url(signature)}`
    issued.push(token)
    return token
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    let user: string | undefined
    let scopes = url.searchParams.getAll('scope')
    let grantType: string | undefined
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req))
      grantType = form.get('grant_type') ?? undefined
      scopes = (form.get('scope') ?? '').split(' ').filter(Boolean)
      user = options.refreshTokens?.[form.get('refresh_token') ?? '']
      if (!user) return deny(res)
    } else {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1]
      if (basic) {
        const [name, ...rest] = Buffer.from(basic, 'base64').toString().split(':')
        if (options.users[name] !== rest.join(':')) return deny(res)
        user = name
      }
    }
    requests.push({ method: req.method ?? '', scopes, user, grantType })
    const token = sign(user, scopes)
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify(
        grantType
          ? { access_token: token, expires_in: options.expiresIn ?? 300 }
          : { token, expires_in: options.expiresIn ?? 300 },
      ),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certFile,
    requests,
    issued,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

function deny(res: import('node:http').ServerResponse) {
  res.writeHead(401, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ details: 'incorrect username or password' }))
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = ''
    req.on('data', (d: Buffer) => (body += d.toString()))
    req.on('end', () => resolve(body))
  })
}
