/**
 * Which targets of the selection fan out: those that push an image (tags, platforms,
 * and an image or registry output, or none). The rest, a lint or test target, a binary
 * export, a builder stage loaded into docker, are left out with the reason, or refused
 * when the user named them directly. Pure.
 */
import { entryType } from '../bake/entries.js'
import { isImageOutput } from '../bake/output-types.js'
import { LOCAL_PLATFORM } from '../bake/finalize.js'
import type { ResolvedTarget } from '../bake/types.js'
import { InputError } from '../common/errors.js'

export interface LeftOut {
  target: string
  why: string
}

export interface Selection {
  images: ResolvedTarget[]
  leftOut: LeftOut[]
}

/** `named`: what the user wrote in `targets`; a target named there that pushes no image is an error. */
export function selectImageTargets(targets: readonly ResolvedTarget[], named: readonly string[]): Selection {
  const images: ResolvedTarget[] = []
  const leftOut: LeftOut[] = []
  for (const target of targets) {
    const why = whyNoImage(target)
    if (why === undefined) images.push(checkBuildableAlone(target))
    else if (named.includes(target.name)) throw new InputError('targets', `target '${target.name}' ${why}`)
    else leftOut.push({ target: target.name, why })
  }
  if (images.length === 0) {
    const reasons = leftOut.map((l) => `'${l.target}' ${l.why}`).join('; ')
    throw new InputError('targets', `no target of the selection pushes an image: ${reasons}`)
  }
  return { images, leftOut }
}

/** A job builds its target by name: that name must build the target alone, and push one image output. */
function checkBuildableAlone(target: ResolvedTarget): ResolvedTarget {
  if (target.nameBuildsGroup) {
    throw new InputError(
      'targets',
      `target '${target.name}' has the name of a group that holds more: bake builds the group for that name, so no job can build the target alone (rename the group or the target)`,
    )
  }
  const images = target.outputs.filter(isImageOutput).length
  if (images > 1) {
    throw new InputError(
      'targets',
      `target '${target.name}' has ${images} image outputs; a platform job pushes its build to the repositories of the tags once (keep one image output)`,
    )
  }
  return target
}

/** Why a target pushes no image, or undefined when it does. */
function whyNoImage(target: ResolvedTarget): string | undefined {
  if (target.call !== 'build') return `is a '${target.call}' call: it builds no image`
  if (target.outputs.length > 0 && !target.outputs.some(isImageOutput)) {
    const types = [...new Set(target.outputs.map((o) => entryType(o) || '(no type)'))]
    return `exports ${types.map((t) => `type=${t}`).join(', ')}, not an image to a registry`
  }
  if (target.tags.length === 0) return 'has no tags: nothing to push the platforms to'
  if (target.platforms.length === 0) return "has no platforms: set 'platforms' in the bake file"
  if (target.platforms.includes(LOCAL_PLATFORM))
    return "builds for 'local', the builder's own platform, not for a runner's"
  return undefined
}
