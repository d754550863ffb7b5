/**
 * The convergence loop against an in-memory tag and record store whose interleavings
 * each test scripts: a PUT that lands late, reads served stale, a write the registry
 * loses, a job that crashes after its PUT, two builds of one platform. Each test states
 * its interleaving and asserts the final index.
 */
import {
  type RunBuilds,
  type TagAccess,
  type TagOutcome,
  UnconfirmedWriteError,
  convergeTag,
} from '../../src/convergence/converge.js'
import { CREATED, imagesByPlatform } from '../../src/image-index/entries.js'
import { runStamp } from '../../src/image-index/runs.js'
import { serializeIndex } from '../../src/image-index/canonical.js'
import type { Build } from '../../src/image-index/upsert.js'
import { type Descriptor, type ImageIndex, OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { sha256Digest } from '../../src/oci/digest.js'

const hex = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const T1 = '2026-11-27T01:00:00.000Z'
const T2 = '2026-11-27T02:00:00.000Z'

/** A record, as the loop sees it: one platform's image and its time. */
interface Rec {
  digest: string
  architecture: string
  createdAt: string
}
const rec = (n: number, architecture: string, createdAt = T1): Rec => ({ digest: hex(n), architecture, createdAt })
const entry = (r: Rec): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: r.digest,
  size: 1,
  platform: { os: 'linux', architecture: r.architecture },
})

/** A shared record store, read-after-write consistent like the real ones. */
class Records {
  private readonly saved: Rec[] = []
  save(r: Rec) {
    this.saved.push(r)
  }
  /** The loop's view: every build (the upsert keeps the newest per platform) and the run's digests. */
  listing(): () => Promise<RunBuilds> {
    return async () => ({
      builds: this.saved.map((r): Build => ({ entries: [entry(r)], createdAt: r.createdAt })),
      runDigests: new Set(this.saved.map((r) => r.digest)),
    })
  }
}

/** The whole history of a tag: every landed version, and reads that may be served from the past. */
class MemoryTag {
  readonly versions: Array<ImageIndex | undefined> = [undefined]
  /** How many versions behind the newest a read is served. */
  staleBy = 0
  get current(): ImageIndex | undefined {
    return this.versions[this.versions.length - 1]
  }
  /** One job's access; `land` decides when (and whether) each of its PUTs lands. */
  access(land: (write: number, put: () => void) => Promise<void> = async (_n, put) => put()): TagAccess {
    let writes = 0
    return {
      read: async () => {
        const index = this.versions[Math.max(0, this.versions.length - 1 - this.staleBy)]
        return index ? { index, digest: sha256Digest(serializeIndex(index)) } : {}
      },
      write: async (index, bytes) => {
        await land(writes++, () => this.versions.push(structuredClone(index)))
        return { digest: sha256Digest(bytes) }
      },
    }
  }
}

/** A clock whose sleeps return at once but count: time is what the test says it is. */
function fakeClock(start = Date.parse('2026-11-27T03:00:00Z')) {
  const slept: number[] = []
  let now = start
  return {
    slept,
    random: () => 0.5,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms)
      now += ms
    },
  }
}

const options = {
  annotations: [],
  prune: false,
  dryRun: false,
  alwaysWrite: false,
  settleMs: 0,
  clock: fakeClock(),
}
const digestsByPlatform = (index?: ImageIndex) =>
  Object.fromEntries([...imagesByPlatform(index?.manifests ?? [])].map(([p, e]) => [p, e.map((d) => d.digest)]))

/** A promise and its resolver: the test's way of saying "not yet". */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('convergeTag', () => {
  test('a lone job on a new tag writes once and stamps its build time', async () => {
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const outcome = await convergeTag(tag.access(), records.listing(), options)
    expect(outcome).toMatchObject({ changed: true, writes: 1, repairs: 0 })
    expect(tag.current?.manifests).toEqual([{ ...entry(rec(1, 'amd64')), annotations: { [CREATED]: T1 } }])
  })

  test('a PUT that lands after the other job read and wrote: the late job sees the record and writes the union', async () => {
    // A lists (only its record), reads the empty tag, PUTs {amd64} — held back. B saves, lists both,
    // writes {amd64, arm64}, done. Then A's PUT lands ({amd64} only): A's check lists B's record → round 2.
    const tag = new MemoryTag()
    const records = new Records()
    const held = gate()
    records.save(rec(1, 'amd64'))
    const a = convergeTag(
      tag.access(async (n, put) => {
        if (n === 0) await held.opened
        put()
      }),
      records.listing(),
      options,
    )
    await new Promise((r) => setImmediate(r))
    records.save(rec(2, 'arm64'))
    const b = await convergeTag(tag.access(), records.listing(), options)
    held.open()
    const late = await a
    expect(b.writes).toBe(1)
    expect(late.writes).toBe(2)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
  })

  test('reads served stale (one version behind, always): nothing is lost', async () => {
    const tag = new MemoryTag()
    tag.staleBy = 1
    const records = new Records()
    const outcomes: TagOutcome[] = []
    for (const [n, arch] of [
      [1, 'amd64'],
      [2, 'arm64'],
      [3, 's390x'],
    ] as const) {
      records.save(rec(n, arch))
      outcomes.push(await convergeTag(tag.access(), records.listing(), options))
    }
    expect(Object.keys(digestsByPlatform(tag.current))).toEqual(['linux/amd64', 'linux/arm64', 'linux/s390x'])
    // Each later job wrote the union of the records, whatever its stale read showed.
    expect(outcomes.map((o) => o.writes)).toEqual([1, 1, 1])
  })

  test('the round after a failed check writes even when its (stale) read already holds everything', async () => {
    // B writes {amd64, arm64}, which lands. A's first PUT ({amd64}: A listed before B saved) lands after it,
    // so the tag now lacks arm64. A's check fails; its next read is stale and shows B's version, which holds
    // everything. Skipping the write there would leave arm64 lost.
    const tag = new MemoryTag()
    const records = new Records()
    const held = gate()
    records.save(rec(1, 'amd64'))
    const a = convergeTag(
      tag.access(async (n, put) => {
        if (n === 0) {
          await held.opened
          tag.staleBy = 1 // from now on, A's reads lag one version: it will be shown B's write
        }
        put()
      }),
      records.listing(),
      options,
    )
    await new Promise((r) => setImmediate(r))
    records.save(rec(2, 'arm64'))
    await convergeTag(tag.access(), records.listing(), options)
    held.open()
    const late = await a
    expect(late.writes).toBe(2)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
  })

  test('an acknowledged write the registry loses: the final guard re-reads after settle and writes again', async () => {
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const lose = (tag: MemoryTag) => tag.access(async (n, put) => (n === 0 ? undefined : put()))
    const clock = fakeClock()
    const guarded = new MemoryTag()
    const outcome = await convergeTag(lose(guarded), records.listing(), { ...options, settleMs: 3000, clock })
    expect(clock.slept).toEqual([3000, 3000])
    expect(outcome.writes).toBe(2)
    expect(digestsByPlatform(guarded.current)).toEqual({ 'linux/amd64': [hex(1)] })
    // Without the guard (settle 0) the loss is not seen: that is the guard's whole job.
    const unguarded = new MemoryTag()
    await convergeTag(lose(unguarded), records.listing(), options)
    expect(unguarded.current).toBeUndefined()
  })

  test('a job that crashes after its PUT: the others still write its record', async () => {
    // A saves its record and writes; its PUT never returns (the job died). B lists A's record and includes it.
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    void convergeTag(
      tag.access(() => new Promise(() => {})),
      records.listing(),
      options,
    )
    records.save(rec(2, 'arm64'))
    await convergeTag(tag.access(), records.listing(), options)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
  })

  test("a crashed job's PUT that lands after everyone finished: verify (one more pass over the records) repairs it", async () => {
    const tag = new MemoryTag()
    const records = new Records()
    const held = gate()
    records.save(rec(1, 'amd64'))
    void convergeTag(
      tag.access(async (_n, put) => {
        await held.opened
        put() // lands late with {amd64} only; the job is gone and never checks
        await new Promise(() => {})
      }),
      records.listing(),
      options,
    )
    await new Promise((r) => setImmediate(r))
    records.save(rec(2, 'arm64'))
    await convergeTag(tag.access(), records.listing(), options)
    held.open()
    await new Promise((r) => setImmediate(r))
    expect(Object.keys(digestsByPlatform(tag.current))).toEqual(['linux/amd64'])
    const verify = await convergeTag(tag.access(), records.listing(), options)
    expect(verify.writes).toBe(1)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
  })

  test('two records of one platform (a re-run): the newer digest ends in the tag, whichever job writes last', async () => {
    // The old build's job converges before the re-run's record exists; the re-run's job then replaces it.
    let tag = new MemoryTag()
    let records = new Records()
    records.save(rec(1, 'amd64', T1))
    await convergeTag(tag.access(), records.listing(), options)
    records.save(rec(2, 'amd64', T2))
    await convergeTag(tag.access(), records.listing(), options)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(2)] })
    // The old build's job writes last, after both records are saved: its union takes the newer record.
    tag = new MemoryTag()
    records = new Records()
    records.save(rec(1, 'amd64', T1))
    records.save(rec(2, 'amd64', T2))
    await convergeTag(tag.access(), records.listing(), options)
    const late = await convergeTag(tag.access(), records.listing(), options)
    expect(late.writes).toBe(0)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(2)] })
  })

  test('two runs build one platform at the same moment: the newer build wins and both jobs succeed', async () => {
    for (const newerFirst of [true, false]) {
      const tag = new MemoryTag()
      const run1 = new Records() // each run sees only its own records
      const run2 = new Records()
      run1.save(rec(1, 'amd64', T1))
      run2.save(rec(2, 'amd64', T2))
      const [first, second] = newerFirst ? [run2, run1] : [run1, run2]
      const outcomes = [
        await convergeTag(tag.access(), first.listing(), options),
        await convergeTag(tag.access(), second.listing(), options),
      ]
      expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(2)] })
      const older = newerFirst ? outcomes[1] : outcomes[0]
      if (newerFirst) expect(older.keptNewer.get('linux/amd64')).toBe(`built ${T2}`)
    }
  })

  test('only the first round may skip: a tag that already holds every record is not written', async () => {
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    await convergeTag(tag.access(), records.listing(), options)
    const again = await convergeTag(tag.access(), records.listing(), options)
    expect(again).toMatchObject({ changed: false, writes: 0 })
    expect(tag.versions).toHaveLength(2)
  })

  test("a read holding the same image under an earlier build's stamp proves nothing: round 0 writes it", async () => {
    // Before the run the tag held the amd64 image, stamped by an earlier build of it (a cached rebuild).
    const tag = new MemoryTag()
    const earlier = { ...entry(rec(1, 'amd64')), annotations: { [CREATED]: '2026-11-20T00:00:00.000Z' } }
    tag.versions.push({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [earlier] })
    const records = new Records()
    records.save(rec(1, 'amd64'))
    // A version holding it can predate this job's record, so a job that wrote meanwhile may have
    // missed the record: the job writes (the same content: no change to report), then checks.
    const outcome = await convergeTag(tag.access(), records.listing(), options)
    expect(outcome).toMatchObject({ writes: 1, changed: false })
    expect(tag.versions).toHaveLength(3)
    expect(serializeIndex(tag.versions[2]!).equals(serializeIndex(tag.versions[1]!))).toBe(true)
    // (Held under this record's own stamp, written after the record was saved, the read suffices:
    // "a first read that already holds everything is not written", below.)
  })

  test("a read holding another run's newer build in the job's place proves nothing either: round 0 writes", async () => {
    // Before run 200: run 100's amd64, then run 300's (a newer run, finished first). Run 200: A (amd64), B (arm64).
    const stampedImage = (n: number, architecture: string, runId: string, at: string): Descriptor => ({
      ...entry(rec(n, architecture)),
      annotations: runStamp({ runId, runAttempt: 1 }, at),
    })
    const versions: ImageIndex[] = [
      {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [stampedImage(0, 'amd64', '100', '2026-11-01T00:00:00.000Z')],
      },
      {
        schemaVersion: 2,
        mediaType: OCI_INDEX,
        manifests: [stampedImage(9, 'amd64', '300', '2026-11-30T09:00:00.000Z')],
      },
    ]
    /** Reads served from the versions `reads` names, in turn (the last one repeated): any staleness. */
    const access = (reads: number[]): TagAccess => {
      let i = 0
      return {
        read: async () => {
          const index = versions[reads[Math.min(i++, reads.length - 1)]]
          return { index, digest: sha256Digest(serializeIndex(index)) }
        },
        write: async (index, bytes) => {
          versions.push(structuredClone(index))
          return { digest: sha256Digest(bytes) }
        },
      }
    }
    const saved: Rec[] = []
    const listing = async (): Promise<RunBuilds> => ({
      builds: saved.map((r) => ({ entries: [entry(r)], createdAt: r.createdAt, run: { runId: '200', runAttempt: 1 } })),
      runDigests: new Set(saved.map((r) => r.digest)),
    })
    const guarded = { ...options, settleMs: 1000, clock: fakeClock() }
    // B reads v1 and writes v2; its guard reads v0 (stale) and repairs from it: v3 lacks run 300's amd64.
    saved.push(rec(2, 'arm64', '2026-11-30T10:00:01.000Z'))
    await convergeTag(access([1, 0, 3]), listing, guarded)
    // A, saved after B ended, reads v2 (older than B's last write): run 300's amd64 kept in A's place.
    saved.push(rec(1, 'amd64', '2026-11-30T10:00:00.000Z'))
    const a = await convergeTag(access([2, 2]), listing, guarded)
    expect(a.writes).toBe(1)
    expect(digestsByPlatform(versions[versions.length - 1])).toEqual({
      'linux/amd64': [hex(9)],
      'linux/arm64': [hex(2)],
    })
  })

  test('a dry run plans and writes nothing', async () => {
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const outcome = await convergeTag(tag.access(), records.listing(), { ...options, dryRun: true })
    expect(outcome).toMatchObject({ changed: true, writes: 0 })
    expect(tag.versions).toEqual([undefined])
  })
})

describe('convergeTag at the edges', () => {
  test('an ambiguous write (retried, its first attempt applied later) counts as landed only at its horizon', async () => {
    // A's PUT was answered 504 and retried; the retry landed. The abandoned attempt (A's union: {amd64})
    // lands later, within the horizon, after B wrote {amd64, arm64} and exited green. A must not
    // conclude before the horizon: there it lists B's record, finds it missing from what it wrote, and
    // writes the union again (later than the orphan).
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const atHorizon = gate()
    const horizonPassed = gate()
    const clock = {
      ...fakeClock(),
      sleep: async () => {
        atHorizon.open()
        await horizonPassed.opened
      },
    }
    let orphan: ImageIndex | undefined
    const plain = tag.access()
    const ambiguous: TagAccess = {
      read: () => plain.read(),
      write: async (index, bytes) => {
        if (orphan) return plain.write(index, bytes)
        orphan = structuredClone(index)
        tag.versions.push(structuredClone(index)) // the retry landed
        return { digest: sha256Digest(bytes), inFlightUntil: clock.now() + 30_000 }
      },
    }
    const a = convergeTag(ambiguous, records.listing(), { ...options, clock })
    await Promise.race([atHorizon.opened, a]) // A waits at its horizon (or, without the rule, has finished)
    records.save(rec(2, 'arm64'))
    const b = await convergeTag(tag.access(), records.listing(), options)
    expect(b.writes).toBe(1)
    tag.versions.push(orphan) // the abandoned attempt is applied, within the horizon
    horizonPassed.open()
    const late = await a
    expect(late.writes).toBe(2)
    expect(late.horizonWaitMs).toBe(30_000)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
  })

  test("verify always writes: a killed job's late PUT, then a stale read that shows every platform", async () => {
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    records.save(rec(2, 'arm64'))
    await convergeTag(tag.access(), records.listing(), options) // {amd64, arm64}
    tag.versions.push({ ...tag.current!, manifests: tag.current!.manifests.slice(0, 1) }) // the killed job's orphan: {amd64}
    tag.staleBy = 1 // verify's read is served the version before: it holds everything
    const verify = await convergeTag(tag.access(), records.listing(), { ...options, alwaysWrite: true })
    expect(verify).toMatchObject({ writes: 1, changed: false })
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
    // A repair pass that may skip on its read leaves the platform lost.
    tag.versions.push({ ...tag.current!, manifests: tag.current!.manifests.slice(0, 1) })
    await convergeTag(tag.access(), records.listing(), options)
    expect(Object.keys(digestsByPlatform(tag.current))).toEqual(['linux/amd64'])
  })

  test('the final guard also follows a skipped first write: the read after settle decides', async () => {
    // The job's first read (stale) already holds its build, so it skips its write; meanwhile the tag
    // lost the platform (another writer's version built on an older read). The guard's read sees it.
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    await convergeTag(tag.access(), records.listing(), options)
    tag.versions.push({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }) // a write that dropped amd64
    tag.staleBy = 1
    const access = tag.access()
    const clock = { ...fakeClock(), sleep: async () => void (tag.staleBy = 0) } // after settle, reads are current
    const outcome = await convergeTag(access, records.listing(), { ...options, settleMs: 3000, clock })
    expect(outcome).toMatchObject({ writes: 1, changed: true, repairs: 1 })
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)] })
  })

  test('the final guard lists the records again after settle: a record saved during the wait counts', async () => {
    // A writes {amd64} and checks (only its record). During A's settle, B saves its record and dies
    // before writing. A's guard must compare its read with the records as they are after the wait.
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const clock = { ...fakeClock(), sleep: async () => records.save(rec(2, 'arm64')) }
    const outcome = await convergeTag(tag.access(), records.listing(), { ...options, settleMs: 3000, clock })
    expect(outcome.writes).toBe(2)
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)], 'linux/arm64': [hex(2)] })
  })

  test('the round after a failed check starts from a new read, not from the read before its own write', async () => {
    // Scripted: the first read shows an empty tag; A writes {amd64}; its check lists B's record (arm64),
    // so another round. Meanwhile another tool added its own entry to the tag: the next read shows it.
    // The round's write is that read upserted with the records: the other tool's entry stays.
    const foreign: Descriptor = { mediaType: OCI_MANIFEST, digest: hex(9), size: 1, annotations: { 'x.y': 'sbom' } }
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const written: ImageIndex[] = []
    const reads: Array<() => ImageIndex | undefined> = [
      () => undefined,
      () => ({ ...written[0], manifests: [...written[0].manifests, foreign] }),
    ]
    const scripted: TagAccess = {
      read: async () => {
        const index = reads.shift()!()
        return index ? { index, digest: sha256Digest(serializeIndex(index)) } : {}
      },
      write: async (index, bytes) => {
        written.push(structuredClone(index))
        if (written.length === 1) records.save(rec(2, 'arm64'))
        return { digest: sha256Digest(bytes) }
      },
    }
    const outcome = await convergeTag(scripted, records.listing(), options)
    expect(outcome.writes).toBe(2)
    expect(reads).toEqual([])
    expect(written[1].manifests.map((m) => m.digest)).toEqual([hex(1), hex(2), hex(9)])
    // What the run put in the tag, as last listed (signing vouches for these only): not the other tool's entry.
    expect([...outcome.runEntries]).toEqual([hex(1), hex(2)])
  })

  test('records that keep appearing: the tag fails after 20 rounds, never loops forever', async () => {
    const tag = new MemoryTag()
    let n = 0
    const endless = async (): Promise<RunBuilds> => {
      n++
      const recs = Array.from({ length: n }, (_, i) => rec(i + 1, `arch${i + 1}`))
      return {
        builds: recs.map((r): Build => ({ entries: [entry(r)], createdAt: r.createdAt })),
        runDigests: new Set(recs.map((r) => r.digest)),
      }
    }
    await expect(convergeTag(tag.access(), endless, options)).rejects.toThrow(
      "the run's builds were still missing after 20 rounds",
    )
    expect(tag.versions).toHaveLength(21)
  })

  test("a first read that already holds everything is not written, and the digest is the registry's own", async () => {
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const held: ImageIndex = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ ...entry(rec(1, 'amd64')), annotations: { [CREATED]: T1 } }],
    }
    // The registry's digest of its own bytes (another key order): what the tag holds, named as it is.
    const registryDigest = hex(77)
    const reading: TagAccess = {
      read: async () => ({ index: held, digest: registryDigest }),
      write: async () => {
        throw new Error('no write expected')
      },
    }
    const outcome = await convergeTag(reading, records.listing(), options)
    expect(outcome).toMatchObject({ writes: 0, changed: false, digest: registryDigest })
    expect((await convergeTag(reading, records.listing(), { ...options, dryRun: true })).digest).toBe(registryDigest)
  })

  test("another tool's index holding the image, unstamped: round 0 writes it canonical, and says it changed", async () => {
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const theirs: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [entry(rec(1, 'amd64'))] }
    const writes: Buffer[] = []
    const reading: TagAccess = {
      read: async () => ({ index: theirs, digest: hex(77) }),
      write: async (_index, bytes) => {
        writes.push(bytes)
        return { digest: sha256Digest(bytes) }
      },
    }
    const outcome = await convergeTag(reading, records.listing(), options)
    expect(writes).toHaveLength(1)
    expect(outcome).toMatchObject({ writes: 1, changed: true, digest: sha256Digest(writes[0]) })
  })

  test("the upsert's options reach it: annotations are set, prune drops what no record names", async () => {
    const tag = new MemoryTag()
    tag.versions.push({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [entry(rec(5, 's390x'))] })
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const annotations = [['org.opencontainers.image.source', 'https://example.com/x']] as const
    await convergeTag(tag.access(), records.listing(), { ...options, annotations, prune: true })
    expect(tag.current?.annotations).toEqual({ 'org.opencontainers.image.source': 'https://example.com/x' })
    expect(digestsByPlatform(tag.current)).toEqual({ 'linux/amd64': [hex(1)] })
  })

  test('a registry that acknowledges every write and stores none: the step fails, naming how many', async () => {
    const tag = new MemoryTag()
    const records = new Records()
    records.save(rec(1, 'amd64'))
    const dropAll = tag.access(async () => undefined)
    const failure = convergeTag(dropAll, records.listing(), { ...options, settleMs: 3000, clock: fakeClock() })
    await expect(failure).rejects.toThrow(UnconfirmedWriteError)
    await expect(failure).rejects.toThrow(
      "the registry acknowledged 4 writes and serves none of them (still missing after the final guard's reads: linux/amd64)",
    )
    expect(tag.current).toBeUndefined()
  })
})
