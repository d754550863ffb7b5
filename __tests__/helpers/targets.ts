import type { ResolvedTarget } from '../../src/bake/types.js'

/** A resolved bake target that pushes an image: tags and platforms, no output, cache, call or link of its own. */
export function imageTarget(name: string, platforms: string[], tags = [`ghcr.io/o/${name}:1`]): ResolvedTarget {
  return {
    name,
    platforms,
    tags,
    outputs: [],
    cacheFrom: [],
    cacheTo: [],
    call: 'build',
    linked: [],
    nameBuildsGroup: false,
  }
}
