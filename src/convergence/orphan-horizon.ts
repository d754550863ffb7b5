/**
 * The orphan horizon of one job (docs/design.md, "Ambiguous writes"): a tag PUT attempt
 * whose outcome is unknown may still be applied by the registry after we retried, until
 * `horizonMs` after it was abandoned. Each such write counts as landed only then, and
 * the job does not exit before its last horizon has passed, failed or not: its orphan
 * could otherwise drop another job's platform after that job finished green.
 */
import type { Clock } from '../common/clock.js'

export class OrphanHorizon {
  private latest?: number

  constructor(
    readonly horizonMs: number,
    private readonly clock: Clock,
  ) {}

  /** An ambiguous attempt was abandoned at `abandonedAt`: returns when it counts as landed. */
  note(abandonedAt: number): number {
    const until = abandonedAt + this.horizonMs
    this.latest = Math.max(this.latest ?? until, until)
    return until
  }

  /** The last horizon noted (epoch ms), if any attempt was ambiguous. */
  get until(): number | undefined {
    return this.latest
  }

  /** Waits until the last horizon has passed; returns the time waited, in ms. */
  async waitOut(): Promise<number> {
    const wait = this.latest === undefined ? 0 : this.latest - this.clock.now()
    if (wait <= 0) return 0
    await this.clock.sleep(wait)
    return wait
  }
}
