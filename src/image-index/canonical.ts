/**
 * One content, one digest (docs/design.md, "Canonical indexes"): the same builds give
 * byte-identical indexes whatever order the jobs arrived in, so every tag of a release,
 * on every registry, holds one digest (what provenance, signing and pinning key on).
 *
 * Order: the images by platform (os, architecture, variant, os.version; a platform held
 * twice by digest), then each image's attestation manifests in the same order (several
 * of one image by digest), then the entries this tool does not manage (no readable
 * platform, attestations of no image here) in their original relative order. Bytes:
 * JSON with every object's keys sorted, so another tool's key order changes nothing.
 */
import type { Descriptor, ImageIndex } from '../oci/types.js'
import { attestedDigest, imageEntries, isAttestation } from './entries.js'
import { normalizePlatform } from './platform.js'

export function canonicalOrder(entries: readonly Descriptor[]): Descriptor[] {
  const images = imageEntries(entries)
    .map((image) => ({ image, key: sortKey(image) }))
    .sort((a, b) => compare(a.key, b.key))
    .map(({ image }) => image)
  const rank = new Map(images.map((image, i) => [image.digest, i]))
  const attestations = entries
    .filter((e) => isAttestation(e) && rank.has(attestedDigest(e)))
    .sort((a, b) => rank.get(attestedDigest(a))! - rank.get(attestedDigest(b))! || compare([a.digest], [b.digest]))
  const placed = new Set([...images, ...attestations])
  return [...images, ...attestations, ...entries.filter((e) => !placed.has(e))]
}

/** JSON with sorted keys: another tool's key order does not count, and equal content is equal bytes. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  )
}

export function serializeIndex(index: ImageIndex): Buffer {
  return Buffer.from(canonicalJson(index))
}

function sortKey(image: Descriptor): string[] {
  const p = normalizePlatform(image.platform!)
  return [p.os, p.architecture, p.variant ?? '', p['os.version'] ?? '', image.digest]
}

/** Code-unit order, field by field (no locale: the same bytes everywhere). */
function compare(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x, y] = [a[i] ?? '', b[i] ?? '']
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}
