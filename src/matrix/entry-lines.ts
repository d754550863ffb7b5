/**
 * The bake `--set` lines that make one job build one target for one platform exactly as
 * its author wrote it, pushed by digest: the platform (its `target:` bases' too), the tags
 * cleared, the author's own image output with the four attributes the fan-out needs, and
 * caches made unique per platform job. Pure.
 */
import { type BakeEntry, attribute, entryType, formatEntry, withAttribute, withoutAttributes } from '../bake/entries.js'
import type { ResolvedTarget } from '../bake/types.js'
import { InputError } from '../common/errors.js'
import { slugFor } from '../common/slug.js'
import { isIndexAnnotation } from '../bake/annotations.js'
import { isImageOutput } from '../bake/output-types.js'

export type CacheMode = 'none' | 'gha'

/** The output attributes the fan-out decides; every other attribute is the author's. */
const OURS = new Set(['name', 'push', 'push-by-digest', 'name-canonical'])
const QUOTED = new Set(['name'])
/** Attributes of a cache export that an import of the same cache does not take. */
const EXPORT_ONLY = new Set([
  'mode',
  'compression',
  'compression-level',
  'force-compression',
  'oci-mediatypes',
  'image-manifest',
  'ignore-error',
])

export function entryLines(
  target: ResolvedTarget,
  platform: string,
  repositories: readonly string[],
  cache: CacheMode,
) {
  const slug = slugFor(target.name, platform)
  const lines = [
    `${target.name}.platform=${platform}`,
    `${target.name}.tags=`,
    ...outputs(target, repositories).map((o) => `${target.name}.output=${o}`),
    ...cacheLines(target.name, target.cacheFrom, target.cacheTo, slug, cache),
  ]
  for (const linked of target.linked) {
    lines.push(
      `${linked.name}.platform=${platform}`,
      ...cacheLines(linked.name, linked.cacheFrom, linked.cacheTo, slugFor(linked.name, platform), 'none'),
    )
  }
  for (const line of lines) {
    if (/[\r\n]/.test(line)) {
      throw new InputError(
        'files',
        `target '${target.name}': a value holds a line break, which a set line cannot carry`,
      )
    }
  }
  return lines
}

/**
 * The author's first image output with our four attributes (ours alone without one);
 * other outputs as written. Its index annotations are append's to write: a job pushes one
 * platform, and buildkit refuses index annotations on a single-platform export.
 */
function outputs(target: ResolvedTarget, repositories: readonly string[]): string[] {
  const image = target.outputs.find(isImageOutput) ?? { attrs: [['type', 'image']] }
  const kept = withoutAttributes(image, OURS).attrs.filter(([key]) => !isIndexAnnotation(key))
  const pushed: BakeEntry = {
    attrs: [
      ...kept,
      ['name', repositories.join(',')],
      ['push-by-digest', 'true'],
      ['name-canonical', 'true'],
      ['push', 'true'],
    ],
  }
  const others = target.outputs.filter((o) => !isImageOutput(o))
  return [formatEntry(pushed, QUOTED), ...others.map((o) => formatEntry(o))]
}

/**
 * Each platform job exports its cache under its own name (the slug appended to the ref,
 * scope or name), so the jobs do not overwrite each other's cache, and reads its own as
 * well as what the author's cache-from names.
 */
function cacheLines(name: string, from: BakeEntry[], to: BakeEntry[], slug: string, cache: CacheMode): string[] {
  const exports = to.map((entry) => perEntryCache(entry, slug))
  const imports = [...from, ...exports.filter((e, i) => e !== to[i]).map(asImport)]
  if (cache === 'gha') {
    imports.push({
      attrs: [
        ['type', 'gha'],
        ['scope', slug],
      ],
    })
    exports.push({
      attrs: [
        ['type', 'gha'],
        ['scope', slug],
        ['mode', 'max'],
      ],
    })
  }
  return [
    ...imports.map((e) => `${name}.cache-from=${formatEntry(e)}`),
    ...exports.map((e) => `${name}.cache-to=${formatEntry(e)}`),
  ]
}

/** The same cache, named for this job; an entry with nothing to name (inline) is returned as is. */
export function perEntryCache(entry: BakeEntry, slug: string): BakeEntry {
  switch (entryType(entry)) {
    case 'registry': {
      const ref = attribute(entry, 'ref')
      return ref ? withAttribute(entry, 'ref', suffixedRef(ref, slug)) : entry
    }
    case 'gha':
      return withAttribute(entry, 'scope', `${attribute(entry, 'scope') ?? 'buildkit'}-${slug}`)
    case 's3':
    case 'azblob':
      return withAttribute(entry, 'name', `${attribute(entry, 'name') ?? 'buildkit'}-${slug}`)
    case 'local': {
      const dest = attribute(entry, 'dest')
      return dest ? withAttribute(entry, 'dest', `${dest}-${slug}`) : entry
    }
    default:
      return entry
  }
}

/** `repo:tag` → `repo:tag-slug`; `repo` → `repo:slug`. */
function suffixedRef(ref: string, slug: string): string {
  const lastSlash = ref.lastIndexOf('/')
  return ref.lastIndexOf(':') > lastSlash ? `${ref}-${slug}` : `${ref}:${slug}`
}

/** A cache export read back: its export-only attributes dropped, a local `dest` read as `src`. */
function asImport(entry: BakeEntry): BakeEntry {
  const attrs = withoutAttributes(entry, EXPORT_ONLY).attrs
  return { attrs: attrs.map(([k, v]): [string, string] => (k === 'dest' ? ['src', v] : [k, v])) }
}
