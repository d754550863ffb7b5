/**
 * Retries with exponential backoff and full jitter on 429, 5xx and connection
 * failures, honouring Retry-After, bounded in attempts and in total time. Distribution
 * answers 500 to a manifest GET racing a PUT of the same tag, so this is needed for
 * correctness, not only for flaky networks.
 */
import { type Clock, systemClock } from '../common/clock.js'
import { errorMessage } from '../common/errors.js'

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** No retry is started once this much time has passed since the first try. */
  budgetMs: number
}

/**
 * Ten tries: with independent faults at rate p a request is lost with probability
 * p^10 (1e-7 at a hostile 20%; six tries gave 6e-5, which an append of ~50 requests
 * times many jobs does meet). A registry that is really down is still given up on
 * within the budget: the sleeps add up to ~20 s on average, 40 s at most.
 */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 10, baseDelayMs: 250, maxDelayMs: 8000, budgetMs: 60000 }

/** Retrying ran out; `cause` is the last attempt's error, with its kind (status, codes) intact. */
export class RetriesSpentError extends Error {
  override readonly name = 'RetriesSpentError'
}

/** A failure worth trying again; `retryAfterMs` is the server's own wish. */
export class RetryableError extends Error {
  readonly isTemporary = true

  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message)
    this.name = 'RetryableError'
  }
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
])

/** What a retryable failure says of itself: RetryableError, and RegistryError for 429/5xx. */
interface Temporary {
  isTemporary?: boolean
  retryAfterMs?: number
}

/** What says it is not temporary (an AuthError, its retries spent) is not, whatever its cause. */
export function isTemporary(error: unknown): boolean {
  const flag = (error as Temporary)?.isTemporary
  return flag ?? isRetryableNetworkError(error)
}

/** Connection-level failures (resets, timeouts, a stall), by node's error codes. */
export function isRetryableNetworkError(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } }
  return RETRYABLE_CODES.has(e?.code ?? '') || RETRYABLE_CODES.has(e?.cause?.code ?? '')
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The clock retries sleep on: common/clock.ts's, under the name the registry modules import. */
export type RetryClock = Clock
export const realClock = systemClock

/** Runs `attempt` until it succeeds, throws a non-retryable error, or the policy is spent. */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  clock: Clock = systemClock,
): Promise<T> {
  const start = clock.now()
  for (let tried = 1; ; tried++) {
    try {
      return await attempt()
    } catch (error) {
      if (!isTemporary(error)) throw error
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tried - 1)) * clock.random()
      const delay = Math.max(backoff, (error as Temporary).retryAfterMs ?? 0)
      const spent = `${errorMessage(error)} (gave up after ${tried} tries in ${clock.now() - start} ms)`
      if (tried >= policy.attempts || clock.now() + delay > start + policy.budgetMs)
        throw new RetriesSpentError(spent, { cause: error })
      await clock.sleep(delay)
    }
  }
}
