/** Which outputs push an image: bake's `image` and `registry` exporters. Pure. */
import { type BakeEntry, entryType } from './entries.js'

const IMAGE_OUTPUTS = new Set(['image', 'registry'])

export function isImageOutput(entry: BakeEntry): boolean {
  return IMAGE_OUTPUTS.has(entryType(entry))
}
