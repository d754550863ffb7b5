/**
 * Index annotations an author wrote on a target's image output (`annotation-index.KEY=value`,
 * buildkit's exporter attribute): they belong on the index a tag serves, which `append`
 * writes, not on a platform job's single-platform push. Pure.
 */
import type { BakeEntry } from './entries.js'
import { isImageOutput } from './output-types.js'

const INDEX = 'annotation-index.'
const INDEX_DESCRIPTOR = 'annotation-index-descriptor.'

export function isIndexAnnotation(key: string): boolean {
  return key.startsWith(INDEX) || key.startsWith(INDEX_DESCRIPTOR)
}

/** `annotation-index.*` of the target's first image output, as index annotations `[key, value]`. */
export function indexAnnotationsOf(outputs: readonly BakeEntry[]): Array<[string, string]> {
  const image = outputs.find(isImageOutput)
  if (!image) return []
  return image.attrs
    .filter(([key]) => key.startsWith(INDEX) && key.length > INDEX.length)
    .map(([key, value]): [string, string] => [key.slice(INDEX.length), value])
}
