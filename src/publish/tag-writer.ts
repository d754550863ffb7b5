/**
 * Race-safe upsert of one tag. Registries have no compare-and-swap on tags, so
 * safety comes from timing (DESIGN §6):
 *
 * 1. A write is never based on a read older than settle/2: older reads are redone,
 *    and the PUT's own retries stop at that deadline.
 * 2. After its last write, a job waits `settle` (plus jitter), reads again, and
 *    repairs if its entries are missing or a stale entry for its platform is back;
 *    it repeats until a read shows its entries.
 *
 * Why this converges: every read-modify-write of every job finishes within settle/2
 * of its read. A write W' that could drop our entry was based on a read R' made
 * before our write W landed, so W' lands before W + settle/2. Our verification read
 * comes at least `settle` after W, so it sees W' (or a later state): a loss cannot
 * hide from it. Each repair is again followed by a wait and a read, and only jobs
 * still in flight can undo it; there are finitely many, so the rounds end.
 */
import { sha256Digest } from '../oci/digest.js'
import { type Descriptor, type ImageIndex, OCI_INDEX } from '../oci/types.js'
import type { RegistryClient } from '../registry/client.js'
import { readTagIndex } from './read.js'
import { DeadlineError, type RetryClock } from '../registry/retry.js'
import { serializeIndex, upsertIndex } from '../index-model/upsert.js'

export interface TagWrite {
  client: RegistryClient
  repository: string
  tag: string
  add: readonly Descriptor[]
  annotations: ReadonlyArray<readonly [string, string]>
  /** Drop every platform `add` does not hold (verify's prune). */
  prune?: boolean
  settleMs: number
  dryRun: boolean
  clock: RetryClock
  maxRounds?: number
}

export interface TagOutcome {
  before?: ImageIndex
  after: ImageIndex
  /** Digest of the index the tag holds at the end (or would hold, in a dry run). */
  digest: string
  changed: boolean
  writes: number
  repairs: number
}

const DEFAULT_MAX_ROUNDS = 10

export async function upsertTag(job: TagWrite): Promise<TagOutcome> {
  const { client, repository, tag, clock } = job
  const maxRounds = job.maxRounds ?? DEFAULT_MAX_ROUNDS
  let readAt = clock.now()
  let state = await readTagIndex(client, repository, tag)
  const before = state.index
  let writes = 0
  let repairs = 0
  for (let round = 0; round < maxRounds; round++) {
    const plan = upsertIndex(state.index, job.add, { annotations: job.annotations, prune: job.prune })
    if (!plan.changed) {
      return { before, after: plan.index, digest: state.digest!, changed: writes > 0, writes, repairs }
    }
    const bytes = serializeIndex(plan.index)
    if (job.dryRun) return { before, after: plan.index, digest: sha256Digest(bytes), changed: true, writes, repairs }
    if (round > 0 && writes > 0) repairs++
    const deadline = job.settleMs > 0 ? readAt + job.settleMs / 2 : Infinity
    if (clock.now() <= deadline && (await putBefore(job, bytes, deadline))) {
      writes++
      await clock.sleep(job.settleMs * (1 + clock.random() / 2))
    }
    readAt = clock.now()
    state = await readTagIndex(client, repository, tag)
  }
  throw new Error(
    `${client.registry}/${repository}:${tag}: our entries were still missing after ${maxRounds} rounds of repair`,
  )
}

/** True when written; false when the freshness deadline passed first (the caller reads again). */
async function putBefore(job: TagWrite, bytes: Buffer, deadline: number): Promise<boolean> {
  try {
    await job.client.putManifest(job.repository, job.tag, { bytes, mediaType: OCI_INDEX }, { deadline })
    return true
  } catch (error) {
    if (error instanceof DeadlineError) return false
    throw error
  }
}
