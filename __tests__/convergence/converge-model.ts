/**
 * An explicit-state model of the convergence rules of src/convergence/converge.ts (and of
 * verify, src/verify/mode.ts), for the model checker in converge-model.test.ts. Change
 * one, change the other.
 *
 * Jobs of one or two runs append one build each to one tag; optionally a verify job
 * runs once every append job ended. Every interleaving of their steps is explored, with
 * PUTs landing arbitrarily late, ambiguous attempts (the first PUT answered 504 and
 * retried, the abandoned attempt applied later or never), jobs that crash with a PUT in
 * flight, and tag reads that are fresh, stale but not older than the reader's own last
 * write, or arbitrarily stale. Each rule can be switched off, so the test shows that the
 * model finds the loss each rule prevents.
 */

/** An entry of the tag's index, abstracted to what the rules look at. */
interface Entry {
  platform: string
  digest: number
  run: number
  /** Build time, as an order. */
  created: number
}

/** A tag version: entries by platform (canonical: one content, one value). */
type Index = Readonly<Record<string, Entry>>

export interface JobSpec {
  platform: string
  digest: number
  run: number
  created: number
  /** Its first tag PUT is answered 504 and retried; the abandoned attempt lands later or never. */
  ambiguous?: boolean
  /** May crash at any step, leaving its PUTs in flight. */
  mayCrash?: boolean
}

export interface Rules {
  /** A round after a failed check always writes (false: any round may skip on its read). */
  roundAfterFailedCheckWrites: boolean
  /** An ambiguous write counts as landed only at its horizon (false: at the retry's response). */
  horizon: boolean
  /** verify writes every tag (false: it may skip when its read holds everything). */
  verifyAlwaysWrites: boolean
  /** verify waits one horizon when a job left no completion mark. */
  verifyWaitsForCrashed: boolean
  /** Across runs, the newer run wins (false: the newer build time wins). */
  orderByRun: boolean
  /** The final guard: read once more after the last (or a skipped first) write, list again, repair. */
  guard: boolean
  /**
   * Round 0 skips only on a read holding the records' own entries (their run and time);
   * false: the same image under any stamp, or another run's newer build kept in its
   * place, will do.
   */
  skipOnlyOnOwnEntries: boolean
}

export const RULES_AS_BUILT: Rules = {
  roundAfterFailedCheckWrites: true,
  horizon: true,
  verifyAlwaysWrites: true,
  verifyWaitsForCrashed: true,
  orderByRun: true,
  guard: false,
  skipOnlyOnOwnEntries: true,
}

export type Staleness = 'fresh' | 'own-write-bounded' | 'any'

export interface Scenario {
  jobs: JobSpec[]
  verify: boolean
  staleness: Staleness
  rules: Rules
  /** The tag's versions before the run, oldest first (default: one, empty). */
  before?: Index[]
}

/** `failed`: the step exits non-zero (the guard's rounds ran out): an honest failure, not a silent loss. */
type Pc = 'save' | 'read' | 'list' | 'plan' | 'await' | 'horizon' | 'check' | 'guard' | 'done' | 'failed' | 'crashed'

interface Job {
  pc: Pc
  round: number
  read?: Index
  listing?: number[]
  plan?: Index
  /** The version index of the job's own last write that it saw acknowledged (bounds its stale reads). */
  ownFloor: number
  putsIssued: number
  guardFailures: number
}

interface Put {
  job: number
  content: Index
  /** 'retry': the job waits for it; 'orphan': an abandoned attempt; 'free': of a crashed job. */
  kind: 'retry' | 'orphan' | 'free'
}

interface VerifyState {
  pc: 'waiting' | 'wait-orphans' | 'read' | 'write' | 'await' | 'done'
  read?: Index
}

interface State {
  versions: Index[]
  records: number[]
  inflight: Put[]
  jobs: Job[]
  verify?: VerifyState
}

export interface Finding {
  kind: 'lost' | 'livelock'
  /** The final index, or where the job looped. */
  detail: string
}

export interface CheckResult {
  states: number
  findings: Finding[]
}

const MAX_ROUNDS = 4
const MAX_GUARD_FAILURES = 2

/** Explores every interleaving of the scenario; returns the states seen and what went wrong. */
export function check(scenario: Scenario, maxStates = 2_000_000): CheckResult {
  const start: State = {
    versions: scenario.before ?? [{}],
    records: [],
    inflight: [],
    jobs: scenario.jobs.map(() => ({ pc: 'save', round: 0, ownFloor: 0, putsIssued: 0, guardFailures: 0 })),
    ...(scenario.verify && { verify: { pc: 'waiting' } }),
  }
  const seen = new Set<string>()
  const findings = new Map<string, Finding>()
  const stack: State[] = [start]
  while (stack.length > 0) {
    const state = canonical(stack.pop()!, scenario)
    const key = keyOf(state)
    if (seen.has(key)) continue
    seen.add(key)
    if (seen.size > maxStates) throw new Error(`more than ${maxStates} states`)
    const next = successors(state, scenario)
    if (next === 'livelock') findings.set('livelock', { kind: 'livelock', detail: 'a job ran out of rounds' })
    else if (next.length === 0) {
      const lost = finalCheck(state, scenario)
      if (lost) findings.set(lost, { kind: 'lost', detail: lost })
    } else stack.push(...next)
  }
  return { states: seen.size, findings: [...findings.values()] }
}

/**
 * The state with what cannot matter any more left out, so equivalent states meet: with
 * fresh reads only the latest version can be read; with own-write-bounded reads nothing
 * below every reader's floor; with arbitrary reads the history is a set. Ended jobs
 * forget their working values; records are a set.
 */
function canonical(s: State, sc: Scenario): State {
  const jobs = s.jobs.map((job) =>
    ended(job) ? { pc: job.pc, round: 0, ownFloor: 0, putsIssued: 0, guardFailures: 0 } : job,
  )
  const records = [...s.records].sort((a, b) => a - b)
  const latest = s.versions[s.versions.length - 1]
  if (sc.staleness === 'fresh')
    return { ...s, jobs: jobs.map((j) => ({ ...j, ownFloor: 0 })), records, versions: [latest] }
  if (sc.staleness === 'own-write-bounded' && !(s.verify && s.verify.pc !== 'done')) {
    const floor = Math.min(s.versions.length - 1, ...jobs.filter((j) => !ended(j)).map((j) => j.ownFloor))
    const shifted = jobs.map((j) => (ended(j) ? j : { ...j, ownFloor: j.ownFloor - floor }))
    return { ...s, jobs: shifted, records, versions: s.versions.slice(floor) }
  }
  if (sc.staleness === 'any') {
    const history = [...new Set(s.versions.slice(0, -1).map(indexKey))].sort()
    const versions = [...history.filter((k) => k !== indexKey(latest)).map(parseIndexKey), latest]
    return { ...s, jobs, records, versions }
  }
  return { ...s, jobs, records }
}

function indexKey(index: Index): string {
  return Object.values(index)
    .map((e) => `${e.platform}:${e.digest}:${e.run}:${e.created}`)
    .sort()
    .join(',')
}

function parseIndexKey(key: string): Index {
  const index: Record<string, Entry> = {}
  for (const part of key === '' ? [] : key.split(',')) {
    const [platform, digest, run, created] = part.split(':')
    index[platform] = { platform, digest: Number(digest), run: Number(run), created: Number(created) }
  }
  return index
}

function keyOf(s: State): string {
  const job = (j: Job) =>
    [
      j.pc,
      j.round,
      j.read && indexKey(j.read),
      j.listing?.join('.'),
      j.plan && indexKey(j.plan),
      j.ownFloor,
      j.putsIssued,
      j.guardFailures,
    ].join('/')
  const put = (p: Put) => `${p.job}:${p.kind}:${indexKey(p.content)}`
  return [
    s.versions.map(indexKey).join(';'),
    s.records.join('.'),
    s.inflight.map(put).sort().join(';'),
    s.jobs.map(job).join(';'),
    s.verify ? `${s.verify.pc}/${s.verify.read ? indexKey(s.verify.read) : ''}` : '',
  ].join('|')
}

function successors(s: State, sc: Scenario): State[] | 'livelock' {
  const out: State[] = []
  // A PUT in flight lands; an abandoned attempt may also never land.
  s.inflight.forEach((put, i) => {
    out.push(land(s, i))
    if (put.kind !== 'retry') out.push({ ...s, inflight: without(s.inflight, i) })
  })
  for (let j = 0; j < s.jobs.length; j++) {
    const job = s.jobs[j]
    if (ended(job)) continue
    if (job.round >= MAX_ROUNDS) return 'livelock'
    out.push(...step(s, sc, j))
    if (sc.jobs[j].mayCrash) out.push(crash(s, j))
  }
  if (s.verify) out.push(...verifyStep(s, sc))
  return out
}

function land(s: State, i: number): State {
  const put = s.inflight[i]
  const versions = [...s.versions, put.content]
  const jobs =
    put.kind === 'retry'
      ? s.jobs.map((job, j) => (j === put.job ? { ...job, ownFloor: versions.length - 1 } : job))
      : s.jobs
  return { ...s, versions, jobs, inflight: without(s.inflight, i) }
}

function crash(s: State, j: number): State {
  const inflight = s.inflight.map((p) => (p.job === j ? { ...p, kind: 'free' as const } : p))
  return { ...s, inflight, jobs: withJob(s.jobs, j, { pc: 'crashed' }) }
}

function step(s: State, sc: Scenario, j: number): State[] {
  const job = s.jobs[j]
  const spec = sc.jobs[j]
  const set = (patch: Partial<Job>, extra: Partial<State> = {}): State => ({
    ...s,
    ...extra,
    jobs: withJob(s.jobs, j, patch),
  })
  switch (job.pc) {
    case 'save':
      return [set({ pc: 'read' }, { records: [...s.records, j] })]
    case 'read':
      return readable(s, sc, job).map((v) => set({ pc: 'list', read: s.versions[v] }))
    case 'list':
      return [set({ pc: 'plan', listing: runRecords(s, sc, spec.run) })]
    case 'plan': {
      const { index, missing, heldElsewhere } = upsert(job.read!, job.listing!, sc)
      const ownEntries = heldElsewhere.length === 0 || !sc.rules.skipOnlyOnOwnEntries
      const mayskip = (job.round === 0 || !sc.rules.roundAfterFailedCheckWrites) && ownEntries
      if (mayskip && missing.length === 0) return [set(sc.rules.guard ? { pc: 'guard' } : { pc: 'done' })]
      const puts: Put[] = [{ job: j, content: index, kind: 'retry' }]
      if (spec.ambiguous && job.putsIssued === 0) puts.push({ job: j, content: index, kind: 'orphan' })
      return [set({ pc: 'await', plan: index, putsIssued: job.putsIssued + 1 }, { inflight: [...s.inflight, ...puts] })]
    }
    case 'await': {
      if (s.inflight.some((p) => p.job === j && p.kind === 'retry')) return []
      const orphan = s.inflight.some((p) => p.job === j && p.kind === 'orphan')
      if (orphan && sc.rules.horizon) return [set({ pc: 'horizon' })]
      // Without the horizon rule the abandoned attempt is on its own: it may land any time.
      const inflight = s.inflight.map((p) => (p.job === j && p.kind === 'orphan' ? { ...p, kind: 'free' as const } : p))
      return [set({ pc: 'check' }, { inflight })]
    }
    case 'horizon':
      // The registry applies an abandoned attempt within the horizon or never.
      return s.inflight.some((p) => p.job === j && p.kind === 'orphan') ? [] : [set({ pc: 'check' })]
    case 'check': {
      const listing = runRecords(s, sc, spec.run)
      if (upsert(job.plan!, listing, sc).missing.length > 0) return [set({ pc: 'read', round: job.round + 1 })]
      return [set({ pc: sc.rules.guard ? 'guard' : 'done' })]
    }
    case 'guard': {
      // The design's condition across runs: every write of an older run has landed before this read.
      const olderRunning = s.jobs.some((other, o) => sc.jobs[o].run < spec.run && !ended(other))
      if (olderRunning || s.inflight.some((p) => p.job >= 0 && sc.jobs[p.job].run < spec.run)) return []
      const listing = runRecords(s, sc, spec.run)
      return readable(s, sc, job).map((v) => {
        const read = s.versions[v]
        if (upsert(read, listing, sc).missing.length === 0) return set({ pc: 'done' })
        if (job.guardFailures >= MAX_GUARD_FAILURES) return set({ pc: 'failed' })
        return set({ pc: 'plan', read, listing, round: job.round + 1, guardFailures: job.guardFailures + 1 })
      })
    }
    default:
      return []
  }
}

function verifyStep(s: State, sc: Scenario): State[] {
  const v = s.verify!
  const set = (patch: Partial<VerifyState>, extra: Partial<State> = {}): State => ({
    ...s,
    ...extra,
    verify: { ...v, ...patch },
  })
  const run = Math.max(...sc.jobs.map((j) => j.run))
  switch (v.pc) {
    case 'waiting':
      return s.jobs.every(ended) ? [set({ pc: 'wait-orphans' })] : []
    case 'wait-orphans': {
      const crashed = s.jobs.some((j) => j.pc === 'crashed')
      // One horizon: a crashed job's abandoned PUTs land within it or never.
      if (crashed && sc.rules.verifyWaitsForCrashed && s.inflight.length > 0) return []
      return [set({ pc: 'read' })]
    }
    case 'read':
      return readable(s, sc, { ownFloor: 0 }).map((i) => set({ pc: 'write', read: s.versions[i] }))
    case 'write': {
      const { index, missing } = upsert(v.read!, runRecords(s, sc, run), sc)
      if (!sc.rules.verifyAlwaysWrites && missing.length === 0) return [set({ pc: 'done' })]
      return [set({ pc: 'await' }, { inflight: [...s.inflight, { job: -1, content: index, kind: 'retry' }] })]
    }
    case 'await':
      return s.inflight.some((p) => p.job === -1) ? [] : [set({ pc: 'done' })]
    default:
      return []
  }
}

/** The versions a read may be served. */
function readable(s: State, sc: Scenario, job: Pick<Job, 'ownFloor'>): number[] {
  const latest = s.versions.length - 1
  const from = sc.staleness === 'fresh' ? latest : sc.staleness === 'own-write-bounded' ? job.ownFloor : 0
  return Array.from({ length: latest - from + 1 }, (_, i) => from + i)
}

function runRecords(s: State, sc: Scenario, run: number): number[] {
  return s.records.filter((j) => sc.jobs[j].run === run)
}

/** The model's upsert: the newest record per platform, unless the tag holds a newer build of another run. */
/** What a job writes on `read`, the platforms it adds or replaces, and those held under another stamp. */
function upsert(
  read: Index,
  listing: readonly number[],
  sc: Scenario,
): { index: Index; missing: string[]; heldElsewhere: string[] } {
  const wanted = new Map<string, JobSpec>()
  for (const j of listing) {
    const spec = sc.jobs[j]
    const other = wanted.get(spec.platform)
    if (!other || spec.created > other.created) wanted.set(spec.platform, spec)
  }
  const runDigests = new Set(listing.map((j) => sc.jobs[j].digest))
  const index: Record<string, Entry> = { ...read }
  const missing: string[] = []
  const heldElsewhere: string[] = []
  for (const [platform, want] of wanted) {
    const held = read[platform]
    if (held?.digest === want.digest) {
      if (held.run !== want.run || held.created !== want.created) heldElsewhere.push(platform)
      continue
    }
    if (held && !runDigests.has(held.digest) && isNewer(held, want, sc.rules)) {
      heldElsewhere.push(platform) // another run's newer build kept in its place: not this record's entry either
      continue
    }
    index[platform] = { platform, digest: want.digest, run: want.run, created: want.created }
    missing.push(platform)
  }
  return { index, missing, heldElsewhere }
}

function isNewer(held: Entry, want: JobSpec, rules: Rules): boolean {
  if (rules.orderByRun && held.run !== want.run) return held.run > want.run
  return held.created > want.created
}

/**
 * Lost: at the end, a platform of the newest run that recorded it does not hold that
 * run's newest record. Platforms only an older run built are not protected (DESIGN §6).
 */
function finalCheck(s: State, sc: Scenario): string | undefined {
  const final = s.versions[s.versions.length - 1]
  const newestRun = Math.max(...sc.jobs.map((j) => j.run))
  const crashed = s.jobs.some((j) => j.pc === 'crashed')
  // Without verify, a crashed job's late PUT is a loss no rule can exclude (DESIGN §6); a failed step is
  // an honest failure. Neither is a silent loss.
  if ((crashed && !sc.verify) || s.jobs.some((j) => j.pc === 'failed')) return undefined
  const expected = new Map<string, JobSpec>()
  for (const j of s.records) {
    const spec = sc.jobs[j]
    if (spec.run !== newestRun) continue
    const other = expected.get(spec.platform)
    if (!other || spec.created > other.created) expected.set(spec.platform, spec)
  }
  for (const [platform, want] of expected) {
    if (final[platform]?.digest !== want.digest) {
      return `${platform}: tag holds ${final[platform]?.digest ?? 'nothing'}, run ${want.run}'s newest is ${want.digest}`
    }
  }
  return undefined
}

function ended(job: Job): boolean {
  return job.pc === 'done' || job.pc === 'failed' || job.pc === 'crashed'
}

function without<T>(list: readonly T[], i: number): T[] {
  return [...list.slice(0, i), ...list.slice(i + 1)]
}

function withJob(jobs: readonly Job[], j: number, patch: Partial<Job>): Job[] {
  return jobs.map((job, i) => (i === j ? { ...job, ...patch } : job))
}
