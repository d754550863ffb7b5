/**
 * Errors of the registry layer, checked by kind (status, codes, flags), never by text:
 * callers ask `status`, `isTemporary` or `hasCode(...)`, or `isAmbiguousFailure(error)`.
 */

/** One entry of a distribution error body: `{"errors":[{"code","message","detail"}]}`. */
export interface RegistryErrorDetail {
  code: string
  message: string
  detail?: unknown
}

/** A registry answer that is not a success, with the registry's own codes and messages. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError'

  constructor(
    /** The request, `METHOD registry/path` (no query string: upload URLs carry session state). */
    readonly request: string,
    readonly status: number,
    readonly errors: readonly RegistryErrorDetail[] = [],
    /** The server's Retry-After, in ms. */
    readonly retryAfterMs?: number,
    text?: string,
  ) {
    super(`${request}: ${describe(errors) || text || `HTTP ${status}`}`)
  }

  hasCode(code: string): boolean {
    return this.errors.some((e) => e.code === code)
  }

  /** Worth trying again: 429 and 5xx but 501/505 (distribution answers 500 to a GET racing a PUT). */
  get isTemporary(): boolean {
    return isTemporaryStatus(this.status)
  }

  /** From a response body; `text` is the body as read (empty for HEAD). */
  static fromBody(request: string, status: number, text: string, retryAfterMs?: number): RegistryError {
    const errors = parseErrorBody(text)
    return new RegistryError(
      request,
      status,
      errors,
      retryAfterMs,
      errors.length ? undefined : text.trim().slice(0, 200),
    )
  }
}

export function isTemporaryStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505)
}

function parseErrorBody(text: string): RegistryErrorDetail[] {
  try {
    const errors = (JSON.parse(text) as { errors?: Array<Partial<RegistryErrorDetail>> }).errors ?? []
    return errors.map((e) => ({
      code: e.code ?? 'ERROR',
      message: e.message ?? '',
      ...(e.detail !== undefined && { detail: e.detail }),
    }))
  } catch {
    return []
  }
}

function describe(errors: readonly RegistryErrorDetail[]): string {
  return errors.map((e) => `${e.code}: ${e.message}`).join('; ')
}

/**
 * The auth layer could not authorize a request (a token refused, a token server down or
 * out of its bound, a realm refused): the request itself was never sent. Its own
 * retries are spent (not temporary: never retried again); `cause` is the last failure.
 */
export class AuthError extends Error {
  override readonly name: string = 'AuthError'
  readonly isTemporary = false
}

/** A registry served content that does not match the digest it was asked for. */
export class ContentDigestError extends Error {
  override readonly name = 'ContentDigestError'
}

/**
 * A manifest PUT answered with a Docker-Content-Digest other than that of the bytes
 * written: the registry (or a proxy) did not store what we sent, so the write failed.
 */
export class WrittenDigestError extends Error {
  override readonly name = 'WrittenDigestError'

  constructor(
    /** `PUT registry/repository:tag`. */
    readonly request: string,
    readonly written: string,
    readonly answered: string,
  ) {
    super(
      `${request}: the registry answered that it stored ${answered}, but the manifest written is ${written}: ` +
        'the write is not taken as done (a registry or proxy that stores other content than it is sent)',
    )
  }
}

/** One attempt of a request got no complete answer within its bound: it was abandoned, maybe after it was applied. */
export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError'
  readonly isTemporary = true
}

/** Connection failures that happen before a request is sent: nothing can have been applied. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])

/**
 * A failed write attempt whose outcome is unknown: the registry may still apply it
 * after we retried (docs/design.md, "Ambiguous writes"). A timeout, a connection lost
 * once it was open, and a 5xx but 501/505 (a gateway's 502/503/504 in front of a
 * registry that goes on; and a registry's own 500, since distribution can fail after
 * storing the tag: a wait costs only time, a wrong "not applied" costs a platform).
 * Refusals (4xx, 429, 501, 505), failures to connect and auth failures (the request
 * was never sent) are not.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  if (error instanceof AuthError) return false
  if (error instanceof AttemptTimeoutError) return true
  if (error instanceof RegistryError) return error.status >= 500 && error.status !== 501 && error.status !== 505
  const code = (error as { code?: unknown })?.code
  return typeof code === 'string' && code !== '' && !NEVER_SENT.has(code)
}
