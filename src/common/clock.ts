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
