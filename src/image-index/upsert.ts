/**
 * The upsert at the heart of append and verify. Pure: an index and builds in, an index out.
 *
 * For every platform a build brings, the entries the index holds for that platform go,
 * with the attestation manifests that attest them, and the build's entries (image +
 * attestations) take the place of the first entry removed, or go to the end. Two rules
 * keep a platform from going backwards:
 * - a platform already held as exactly this build is left where it is;
 * - newest run wins across runs (runs.ts): an entry of a newer run, or of another tool
 *   with a later (believable) `org.opencontainers.image.created`, that is not a build
 *   of this run, is kept (reported as kept newer), never replaced by an older run's build.
 * The result is in canonical order (canonical.ts): one content, one digest. Index
 * annotations and unknown top-level fields are kept, and so is a Docker manifest list
 * while its children allow. The same upsert applied twice changes nothing (a re-run's
 * convergence may still write the same content once: see `heldElsewhere`); an existing
 * tag in another order is brought to canonical order.
 */
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, type Descriptor, type ImageIndex, OCI_INDEX } from '../oci/types.js'
import {
  CREATED,
  attestedDigest,
  imageEntries,
  imagesByPlatform,
  isAttestation,
  platformOf,
  withAttestations,
} from './entries.js'
import { canonicalJson, canonicalOrder } from './canonical.js'
import { basePlatform } from './platform.js'
import { type EntryAge, RUN_ATTEMPT, RUN_ID, type RunIdentity, ageOf, runStamp } from './runs.js'

/** One build's entries for the platforms it brings, and the time of its record. */
export interface Build {
  /** Image entries (with platforms) and the attestations that attest them. */
  entries: readonly Descriptor[]
  /** ISO time of the build's record: stamped on each image entry as `org.opencontainers.image.created`. */
  createdAt: string
  /** The run that built it: stamped on each image entry, and what orders builds across runs. */
  run?: RunIdentity
}

export interface UpsertOptions {
  annotations?: ReadonlyArray<readonly [string, string]>
  /** Also drop every platform no build brings, with its attestations (verify's prune). */
  prune?: boolean
  /** Digests of this run's builds: never "a newer build of another run", whatever their time. */
  runDigests?: ReadonlySet<string>
  /** This runner's clock (epoch ms): a `created` time far ahead of it is not believed. Unset: every time is. */
  now?: number
}

/** What becomes of one platform a build brings. */
export type Decision = 'held' | 'kept-newer' | 'written'

export interface UpsertResult {
  index: ImageIndex
  /** False when the current index already is the result: nothing to write. */
  changed: boolean
  /** Per platform brought: held as it is, kept as a newer build of another run, or written. */
  decisions: Map<string, Decision>
  /** For platforms kept newer: why the entry kept is the newer build (its run, or its time). */
  keptNewer: Map<string, string>
  /** Platforms whose entry was replaced although its `created` was later: a time too far ahead to believe. */
  untrusted: Map<string, string>
  /**
   * Platforms held by the same image under another stamp than this build's (an earlier
   * run's or attempt's identical build, another tool's entry): a read showing it can
   * predate this build's record, so it proves nothing about this run's writes.
   */
  heldElsewhere: string[]
}

export const EMPTY_INDEX: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }

interface Wanted {
  image: Descriptor
  entries: Descriptor[]
  createdAt: string
  run?: RunIdentity
}

export function upsertIndex(
  current: ImageIndex | undefined,
  builds: readonly Build[],
  options: UpsertOptions = {},
): UpsertResult {
  const base = current ?? EMPTY_INDEX
  const wanted = wantedByPlatform(builds)
  const held = imagesByPlatform(base.manifests)
  const present = new Set(base.manifests.map((e) => e.digest))
  const decisions = new Map<string, Decision>()
  const keptNewer = new Map<string, string>()
  const untrusted = new Map<string, string>()
  const moving: Descriptor[] = []
  const replaced = new Set<string>()
  const heldElsewhere: string[] = []
  for (const [platform, want] of wanted) {
    const existing = heldFor(held, platform)
    const ages = existing.map((e) => ({ entry: e, age: ageAgainst(e, want, options) }))
    const newer = ages.find((a) => a.age.kind === 'newer')
    if (isHeld(existing, want, present)) {
      decisions.set(platform, 'held')
      if (!STAMP.every((key) => existing[0].annotations?.[key] === want.image.annotations?.[key]))
        heldElsewhere.push(platform)
    } else if (newer?.age.kind === 'newer') {
      decisions.set(platform, 'kept-newer')
      keptNewer.set(platform, newer.age.why)
    } else {
      decisions.set(platform, 'written')
      for (const { entry, age } of ages) {
        replaced.add(entry.digest)
        if (age.kind === 'untrusted') untrusted.set(platform, age.created)
      }
      moving.push(...want.entries)
    }
  }
  if (options.prune) {
    for (const image of imageEntries(base.manifests)) if (!wanted.has(platformOf(image))) replaced.add(image.digest)
  }
  const index = assemble(base, moving, replaced, options.annotations ?? [])
  return { index, changed: !sameIndex(current, index), decisions, keptNewer, untrusted, heldElsewhere }
}

/** The newest build per platform (by record time), its image stamped with its run and time, in platform order. */
function wantedByPlatform(builds: readonly Build[]): Map<string, Wanted> {
  const wanted = new Map<string, Wanted>()
  for (const build of builds) {
    for (const image of imageEntries(build.entries)) {
      const platform = platformOf(image)
      const other = wanted.get(platform)
      if (other && Date.parse(other.createdAt) >= Date.parse(build.createdAt)) continue
      const stamp = build.run ? runStamp(build.run, build.createdAt) : { [CREATED]: build.createdAt }
      const stamped = { ...image, annotations: { ...image.annotations, ...stamp } }
      const attestations = withAttestations(build.entries, [image]).filter((e) => e !== image)
      const entries = [stamped, ...attestations]
      wanted.set(platform, { image: stamped, entries, createdAt: build.createdAt, run: build.run })
    }
  }
  return new Map([...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** The index holds exactly this image for the platform, with all its attestations. */
function isHeld(existing: readonly Descriptor[], want: Wanted, present: ReadonlySet<string>): boolean {
  return (
    existing.length === 1 &&
    existing[0].digest === want.image.digest &&
    want.entries.every((e) => present.has(e.digest))
  )
}

/** What stamps an entry as one record's build: its time and its run (runs.ts runStamp). */
const STAMP = [CREATED, RUN_ID, RUN_ATTEMPT]

/**
 * The entries a build of `platform` replaces: those of the same platform and, for a
 * build with an os.version, those of the same platform without one (a versioned build
 * is the better answer for every client that asked for it).
 */
function heldFor(held: ReadonlyMap<string, Descriptor[]>, platform: string): Descriptor[] {
  const unversioned = basePlatform(platform)
  return [...(held.get(platform) ?? []), ...(unversioned !== platform ? (held.get(unversioned) ?? []) : [])]
}

/** How an entry the build would replace compares with it: a build of this run is never newer. */
function ageAgainst(entry: Descriptor, want: Wanted, options: UpsertOptions): EntryAge {
  if (entry.digest === want.image.digest || options.runDigests?.has(entry.digest)) return { kind: 'older' }
  return ageOf(entry, want.run, want.createdAt, options.now ?? Infinity)
}

/** The base's entries less the replaced ones (and their attestations), with the moving ones, in canonical order. */
function assemble(
  base: ImageIndex,
  moving: readonly Descriptor[],
  replaced: ReadonlySet<string>,
  annotations: ReadonlyArray<readonly [string, string]>,
): ImageIndex {
  const movingDigests = new Set(moving.map((e) => e.digest))
  const gone = (digest: string) => replaced.has(digest) || movingDigests.has(digest)
  const goes = (e: Descriptor): boolean => gone(e.digest) || (isAttestation(e) && gone(attestedDigest(e)))
  const manifests = canonicalOrder([...base.manifests.filter((e) => !goes(e)), ...moving])
  const mergedAnnotations = { ...base.annotations, ...Object.fromEntries(annotations) }
  // Fields this tool does not know (subject, artifactType, vendor fields) are kept as they are.
  const { schemaVersion: _v, mediaType: _m, manifests: _e, annotations: _a, ...unknown } = base
  const ociOnly = Object.keys(mergedAnnotations).length > 0 || Object.keys(unknown).length > 0
  const dockerList = base.mediaType === DOCKER_MANIFEST_LIST || base === EMPTY_INDEX
  return {
    schemaVersion: 2,
    mediaType:
      dockerList && !ociOnly && manifests.length > 0 && manifests.every(isDockerType)
        ? DOCKER_MANIFEST_LIST
        : OCI_INDEX,
    ...unknown,
    manifests,
    ...(Object.keys(mergedAnnotations).length > 0 && { annotations: mergedAnnotations }),
  }
}

/**
 * A Docker manifest list stays one (and a new tag becomes one) while every child is a
 * Docker type, as buildx does: some registries and clients refuse OCI indexes. Index
 * annotations, or OCI-only fields, need an OCI index.
 */
function isDockerType(entry: Descriptor): boolean {
  return entry.mediaType === DOCKER_MANIFEST || entry.mediaType === DOCKER_MANIFEST_LIST
}

/** Semantic equality: same type, same entries in the same order, same annotations and other fields. */
function sameIndex(current: ImageIndex | undefined, next: ImageIndex): boolean {
  if (!current) return false
  return canonicalJson({ ...current, mediaType: current.mediaType ?? OCI_INDEX }) === canonicalJson(next)
}

/** Platforms the index does not satisfy: neither held as the build, nor kept as a newer build of another run. */
export function unsatisfied(
  index: ImageIndex | undefined,
  builds: readonly Build[],
  options: Pick<UpsertOptions, 'runDigests' | 'now'> = {},
): string[] {
  const { decisions } = upsertIndex(index, builds, options)
  return [...decisions].filter(([, d]) => d === 'written').map(([platform]) => platform)
}
