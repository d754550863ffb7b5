/**
 * The auth layer: which `Authorization` a request carries. The registry's challenge is
 * learned from the first 401, then Basic credentials are sent as they are, or Bearer
 * tokens are fetched per scope set and cached until near expiry.
 */
import type { Logger } from '../common/log.js'
import { type Challenge, parseChallenge } from './challenge.js'
import { type Credentials, encodeBasic } from './credentials.js'
import type { Secrets } from './secrets.js'
import { errorMessage } from '../common/errors.js'
import { AttemptTimeoutError, AuthError, RegistryError, isTemporaryStatus } from './errors.js'
import { type RetryClock, type RetryPolicy, RetriesSpentError, RetryableError, withRetry } from './retry.js'
import { type Response, type Transport, discard, header, readLimited } from './transport.js'

export interface AuthOptions {
  registry: string
  /** The host serving the registry's API (`registry-1.docker.io` for Docker Hub). */
  host: string
  /** The registry is an allowed insecure host (loopback or listed): plain HTTP is its own channel. */
  insecure: boolean
  /** The bound on one token request, answer included. */
  requestTimeoutMs: number
  credentials?: Credentials
  retry: RetryPolicy
  clock: RetryClock
  log: Logger
  /** What is blanked from the messages built from answers: each token fetched joins it. */
  secrets: Secrets
}

interface Token {
  token: string
  expiresAt: number
}

const TOKEN_LIFETIME_FALLBACK_S = 60
const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024

function basicAuthorization(username: string, password: string): string {
  return `Basic ${encodeBasic(username, password)}`
}

export class Authenticator {
  private challenge?: Challenge
  private readonly tokens = new Map<string, Promise<Token>>()

  constructor(
    private readonly transport: Transport,
    private readonly options: AuthOptions,
  ) {}

  /**
   * The `Authorization` header for a request needing `scopes`; `renew` skips cached
   * tokens. Every failure is an AuthError: the request was not sent.
   */
  async authorization(scopes: readonly string[], renew = false): Promise<string | undefined> {
    try {
      return await this.authorize(scopes, renew)
    } catch (error) {
      if (error instanceof AuthError) throw error
      // Retries spent: the last attempt's failure is the cause (its kind: a timeout, a refusal).
      throw new AuthError(errorMessage(error), { cause: error instanceof RetriesSpentError ? error.cause : error })
    }
  }

  private async authorize(scopes: readonly string[], renew: boolean): Promise<string | undefined> {
    const challenge = this.challenge
    if (!challenge) return undefined
    const credentials = this.options.credentials
    if (challenge.scheme === 'basic') {
      if (!credentials?.username || credentials.password === undefined) return undefined
      return basicAuthorization(credentials.username, credentials.password)
    }
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`
    return `Bearer ${await this.token(challenge, scopes, renew)}`
  }

  /**
   * A 401's challenge becomes the one known: there is no separate `GET /v2/` ping, the
   * first request learns it (a registry that needs no auth never asks). True when usable.
   */
  learnFrom(res: Response): boolean {
    const challenge = parseChallenge(header(res, 'www-authenticate'))
    if (challenge) this.challenge = challenge
    return challenge !== undefined
  }

  private async token(challenge: Challenge, scopes: readonly string[], renew: boolean): Promise<string> {
    const key = [...scopes].sort().join(' ')
    const cached = this.tokens.get(key)
    if (cached && !renew) {
      const { token, expiresAt } = await cached
      if (expiresAt > this.options.clock.now()) return token
    }
    const fetching = this.fetchToken(challenge, scopes)
    this.tokens.set(key, fetching)
    fetching.catch(() => this.tokens.delete(key))
    return (await fetching).token
  }

  private async fetchToken(challenge: Challenge, scopes: readonly string[]): Promise<Token> {
    const { registry, clock } = this.options
    if (!challenge.realm) {
      throw new RegistryError(`GET ${registry}/v2/`, 401, [], undefined, 'bearer challenge without a realm')
    }
    // A realm may be relative to the registry (some self-hosted registries send `/token`).
    const realm = this.transport.url(challenge.realm)
    const server = tokenServer(realm)
    this.refuseClearTextRealm(realm)
    const { res, text } = await withRetry(
      () => this.boundedTokenRequest(realm, challenge, scopes, server),
      this.options.retry,
      clock,
    )
    const request = `${server} (for ${registry})`
    if (res.statusCode !== 200) {
      const said = this.options.secrets.redact(text)
      throw RegistryError.fromBody(`${request} refused the token (HTTP ${res.statusCode})`, res.statusCode, said)
    }
    let parsed: { token?: string; access_token?: string; expires_in?: number }
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new RegistryError(request, res.statusCode, [], undefined, 'answered no JSON')
    }
    const token = parsed.token || parsed.access_token
    if (!token) throw new RegistryError(request, res.statusCode, [], undefined, 'answered no token')
    this.options.log.setSecret(token)
    this.options.secrets.add(token)
    const lifetime = (parsed.expires_in || TOKEN_LIFETIME_FALLBACK_S) * 1000
    // Renew a little early, so a token does not expire between our check and the registry's.
    return { token, expiresAt: clock.now() + lifetime * 0.9 }
  }

  /**
   * Credentials travel no less safely than to the registry itself: a realm on plain HTTP
   * gets them only when the registry is an allowed insecure host and the realm is on
   * that same host (any port). A challenge is the registry's (or a man in the middle's)
   * to set.
   */
  private refuseClearTextRealm(realm: URL): void {
    const { credentials, insecure, host, registry } = this.options
    const hasCredentials = credentials && Object.values(credentials).some((v) => v !== undefined && v !== '')
    if (!hasCredentials || realm.protocol === 'https:') return
    // The same host, any port: a self-hosted token service beside its registry (docker_auth on :5001).
    if (insecure && realm.hostname === new URL(`http://${host}`).hostname) return
    throw new InsecureRealmError(registry, `${realm.origin}${realm.pathname}`)
  }

  /** One try, answer included, bounded as a whole like every registry request. */
  private async boundedTokenRequest(realm: URL, challenge: Challenge, scopes: readonly string[], server: string) {
    const signal = AbortSignal.timeout(this.options.requestTimeoutMs)
    try {
      const res = await this.requestToken(realm, challenge, scopes, server, signal)
      const text = (await readLimited(res, MAX_TOKEN_ANSWER_BYTES, `${server}'s answer`)).toString('utf8')
      return { res, text }
    } catch (error) {
      if (!signal.aborted) throw error
      const seconds = this.options.requestTimeoutMs / 1000
      throw new AttemptTimeoutError(`${server}: no complete answer within ${seconds} s (the bound on one attempt)`)
    }
  }

  /**
   * One try: the OAuth2 refresh-token POST for an identity token (falling back to GET
   * when the server answers 404, as the token spec allows), else GET with Basic.
   */
  private async requestToken(
    realm: URL,
    challenge: Challenge,
    scopes: readonly string[],
    server: string,
    signal: AbortSignal,
  ) {
    this.transport.stats.tokens++
    const { credentials } = this.options
    let res = credentials?.identityToken
      ? await this.postTokenRequest(realm, challenge, scopes, credentials.identityToken, signal)
      : await this.getTokenRequest(realm, challenge, scopes, signal)
    if (res.statusCode === 404 && credentials?.identityToken) {
      await discard(res)
      this.options.log.debug(`${server} has no OAuth2 POST endpoint (404): asking with GET`)
      res = await this.getTokenRequest(realm, challenge, scopes, signal)
    }
    if (isTemporaryStatus(res.statusCode)) {
      await discard(res)
      throw new RetryableError(`${server}: HTTP ${res.statusCode}`)
    }
    return res
  }

  private getTokenRequest(
    realm: URL,
    challenge: Challenge,
    scopes: readonly string[],
    signal: AbortSignal,
  ): Promise<Response> {
    const url = new URL(realm)
    if (challenge.service) url.searchParams.set('service', challenge.service)
    for (const scope of scopes) url.searchParams.append('scope', scope)
    const { username, password, identityToken } = this.options.credentials ?? {}
    const secret = password ?? identityToken
    const headers: Record<string, string> =
      username !== undefined && secret !== undefined ? { authorization: basicAuthorization(username, secret) } : {}
    return this.transport.direct(url, { method: 'GET', headers, signal, name: tokenServer(realm) })
  }

  /** OAuth2 refresh-token grant, as docker does with an identity token. */
  private postTokenRequest(
    realm: URL,
    challenge: Challenge,
    scopes: readonly string[],
    refreshToken: string,
    signal: AbortSignal,
  ) {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: 'bake-fanout',
      service: challenge.service ?? '',
      scope: scopes.join(' '),
    })
    return this.transport.direct(realm, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      signal,
      name: tokenServer(realm),
    })
  }
}

/** How a token service is named in errors: a down one reads as its own failure, not the registry's. */
function tokenServer(realm: URL): string {
  return `the token server ${realm.origin}${realm.pathname}`
}

/** A token realm on plain HTTP elsewhere than an allowed insecure registry's own host: no credentials go there. */
export class InsecureRealmError extends AuthError {
  override readonly name = 'InsecureRealmError'

  constructor(
    readonly registry: string,
    readonly realm: string,
  ) {
    super(
      `${registry} sends its token requests to ${realm}, over plain HTTP: credentials are not sent in clear text ` +
        "(only an allowed insecure registry's own host may take them over HTTP; see 'insecure-registries')",
    )
  }
}
