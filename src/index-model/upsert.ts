/**
 * The upsert at the heart of append and verify. Pure: an index in, an index out.
 *
 * For every platform we add, the entries the index holds for that platform go, with
 * the attestation manifests that reference them; our entries (image + attestation)
 * take the place of the first entry removed, or go to the end. Other entries keep
 * their order, index annotations are kept. Applying the same upsert twice changes
 * nothing, so a re-run writes nothing and leaves the tag byte-identical.
 */
import { type Descriptor, type ImageIndex, OCI_INDEX } from '../oci/types.js'
import {
  attestedDigest,
  imageEntries,
  imagesByPlatform,
  isAttestation,
  platformOf,
  platformsOf,
  withAttestations,
} from './entries.js'

export interface UpsertResult {
  index: ImageIndex
  /** False when the current index already is the result: nothing to write. */
  changed: boolean
}

export const EMPTY_INDEX: ImageIndex = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }

export interface UpsertOptions {
  annotations?: ReadonlyArray<readonly [string, string]>
  /** Also drop every platform `add` does not hold, with its attestations (verify's prune). */
  prune?: boolean
}

/**
 * `add` holds builds' entries: image manifests with platforms, and their attestation
 * manifests. A platform whose image (and attestations) the index already holds, with
 * no other entry for that platform, is left where it is: only changed platforms move.
 */
export function upsertIndex(
  current: ImageIndex | undefined,
  add: readonly Descriptor[],
  options: UpsertOptions = {},
): UpsertResult {
  const base = current ?? EMPTY_INDEX
  const present = new Set(base.manifests.map((e) => e.digest))
  const pending = imageEntries(add).filter((e) => !alreadyHeld(base.manifests, add, e, present))
  const moving = withAttestations(add, pending)
  const ours = new Set(platformsOf(add))
  const changing = new Set(platformsOf(pending))
  const replaced = new Set(
    imageEntries(base.manifests)
      .filter((e) => changing.has(platformOf(e)) || (options.prune && !ours.has(platformOf(e))))
      .map((e) => e.digest),
  )
  const movingDigests = new Set(moving.map((e) => e.digest))
  const goes = (e: Descriptor): boolean =>
    replaced.has(e.digest) ||
    movingDigests.has(e.digest) ||
    (isAttestation(e) && (replaced.has(attestedDigest(e)) || movingDigests.has(attestedDigest(e))))

  const firstGone = base.manifests.findIndex(goes)
  const kept = base.manifests.filter((e) => !goes(e))
  const position = firstGone < 0 ? kept.length : base.manifests.slice(0, firstGone).filter((e) => !goes(e)).length
  const manifests = [...kept.slice(0, position), ...moving, ...kept.slice(position)]

  const mergedAnnotations = { ...base.annotations, ...Object.fromEntries(options.annotations ?? []) }
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests,
    ...(Object.keys(mergedAnnotations).length > 0 && { annotations: mergedAnnotations }),
  }
  return { index, changed: !sameIndex(current, index) }
}

/** The image is in the index with all its attestations, and no other image holds its platform. */
function alreadyHeld(
  manifests: readonly Descriptor[],
  add: readonly Descriptor[],
  image: Descriptor,
  present: Set<string>,
): boolean {
  const rivals = imagesByPlatform(manifests).get(platformOf(image)) ?? []
  return (
    rivals.length === 1 &&
    rivals[0].digest === image.digest &&
    withAttestations(add, [image]).every((e) => present.has(e.digest))
  )
}

/** Semantic equality: same type, same entries in the same order, same annotations. */
function sameIndex(current: ImageIndex | undefined, next: ImageIndex): boolean {
  if (!current) return false
  if ((current.mediaType ?? OCI_INDEX) !== OCI_INDEX) return false
  return (
    canonical(current.manifests) === canonical(next.manifests) &&
    canonical(current.annotations ?? {}) === canonical(next.annotations ?? {})
  )
}

/** JSON with sorted keys, so key order written by other tools does not count as a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )
}

export function serializeIndex(index: ImageIndex): Buffer {
  return Buffer.from(JSON.stringify(index))
}
