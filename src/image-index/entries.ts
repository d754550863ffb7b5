/**
 * The entries of an image index, as buildx writes them: image manifests with a
 * platform, and attestation manifests (platform `unknown/unknown`) that name the image
 * they attest in `vnd.docker.reference.digest`. Everything that asks "which image is
 * for which platform" or "which attestations go with this image" asks here.
 */
import { ATTESTATION_MANIFEST, type Descriptor, REFERENCE_DIGEST, REFERENCE_TYPE } from '../oci/types.js'
import { isUnknownPlatform, isWellFormedPlatform, platformKey } from './platform.js'

export function isAttestation(entry: Descriptor): boolean {
  return entry.annotations?.[REFERENCE_TYPE] === ATTESTATION_MANIFEST || isUnknownPlatform(entry.platform)
}

/** The image an attestation manifest attests ('' when it names none). */
export function attestedDigest(entry: Descriptor): string {
  return entry.annotations?.[REFERENCE_DIGEST] ?? ''
}

/** The image entries (attestations and malformed entries excluded), in index order. */
export function imageEntries(entries: readonly Descriptor[]): Descriptor[] {
  return entries.filter((e) => !isAttestation(e) && isWellFormedPlatform(e.platform))
}

/** Entries that name a platform this tool cannot read (no `os`, odd characters): kept as they are, reported. */
export function malformedEntries(entries: readonly Descriptor[]): Descriptor[] {
  return entries.filter((e) => e.platform !== undefined && !isAttestation(e) && !isWellFormedPlatform(e.platform))
}

/** The identity of an image entry's platform. */
export function platformOf(image: Descriptor): string {
  return platformKey(image.platform!)
}

/** Platform keys of the image entries, in index order. */
export function platformsOf(entries: readonly Descriptor[]): string[] {
  return imageEntries(entries).map(platformOf)
}

/** Image entries by platform (a platform held twice keeps every entry, in order). */
export function imagesByPlatform(entries: readonly Descriptor[]): Map<string, Descriptor[]> {
  const byPlatform = new Map<string, Descriptor[]>()
  for (const image of imageEntries(entries)) {
    const key = platformOf(image)
    byPlatform.set(key, [...(byPlatform.get(key) ?? []), image])
  }
  return byPlatform
}

/** The given images and the attestations in `entries` that attest them, in `entries` order. */
export function withAttestations(entries: readonly Descriptor[], images: readonly Descriptor[]): Descriptor[] {
  const digests = new Set(images.map((e) => e.digest))
  return entries.filter((e) => digests.has(e.digest) || (isAttestation(e) && digests.has(attestedDigest(e))))
}

/** A build's entries for some of its platforms: those images and their attestations. */
export function entriesForPlatforms(entries: readonly Descriptor[], platforms: ReadonlySet<string>): Descriptor[] {
  return withAttestations(
    entries,
    imageEntries(entries).filter((e) => platforms.has(platformOf(e))),
  )
}

/** The descriptor annotation that carries a build's time: newest build wins. */
export const CREATED = 'org.opencontainers.image.created'

export function createdOf(entry: Descriptor): string | undefined {
  return entry.annotations?.[CREATED]
}
