/**
 * FreshListing, scripted: the convergence check after a PUT needs a listing that
 * started after the PUT returned. Each listing here is held until the test releases it.
 */
import { FreshListing } from '../../src/records/fresh-listing.js'

/** A store whose listings the test starts and finishes by hand; each answers the state when it started. */
function scriptedStore() {
  let state = 0
  const started: Array<{ saw: number; finish: () => void }> = []
  const list = () =>
    new Promise<number>((resolve) => {
      const saw = state
      started.push({ saw, finish: () => resolve(saw) })
    })
  return { list, started, save: () => state++ }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('FreshListing', () => {
  test('a question asked while a listing is in flight gets a listing that starts after it', async () => {
    const store = scriptedStore()
    const listing = new FreshListing(store.list)
    const first = listing.get()
    await tick()
    expect(store.started).toHaveLength(1)
    store.save() // a record saved after the first listing started
    const second = listing.get()
    const third = listing.get() // asked before the second listing started: shares it
    store.started[0].finish()
    expect(await first).toBe(0)
    await tick()
    expect(store.started).toHaveLength(2)
    store.started[1].finish()
    expect(await second).toBe(1)
    expect(await third).toBe(1)
  })

  test('a failed listing fails its askers only; the next question lists afresh', async () => {
    let calls = 0
    const listing = new FreshListing(async () => {
      if (++calls === 1) throw new Error('artifact service down')
      return calls
    })
    await expect(listing.get()).rejects.toThrow('artifact service down')
    expect(await listing.get()).toBe(2)
  })
})
