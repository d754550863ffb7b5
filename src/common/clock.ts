/**
 * The one clock. Every sleep, timeout, horizon and time stamp the action uses (a
 * record's `createdAt`, which decides which record wins; a completion mark; the
 * signing time) is read from the clock its entry injects, so a test drives time
 * without waiting for it.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  sleep(ms: number): Promise<void>
  /** A number in [0, 1): the jitter of retry backoff. */
  random(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
}

/**
 * Monotonic milliseconds, for ordering moments within the process (a listing begun after
 * a tag's answer). Not `performance.now()`: its first call loads nine of Node's modules
 * (perf_hooks and its timing internals: ~1 ms, ~5 ms on a busy runner), and append's first
 * call came just as the first registry answers arrived, on the critical path.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}
