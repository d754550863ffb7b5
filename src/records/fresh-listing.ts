/**
 * Listing the records often, without listing more than needed. Convergence asks, after
 * each PUT, for a listing that *started after* that PUT returned; many tags asking at
 * once can share one listing, as long as it starts after all of them asked. A request
 * joins the listing queued next (not yet started), or queues one behind the listing in
 * flight: never an answer that started before the question.
 */
export class FreshListing<T> {
  private inFlight: Promise<unknown> = Promise.resolve()
  private queued?: Promise<T>

  constructor(private readonly list: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.queued) {
      const next = this.inFlight
        .catch(() => undefined)
        .then(() => {
          this.queued = undefined
          return this.list()
        })
      this.queued = next
      this.inFlight = next
    }
    return this.queued
  }
}
