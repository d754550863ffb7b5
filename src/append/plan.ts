/** Which repositories and tags a build goes to, and whether the build belongs to the target. Pure. */
import type { TargetTags } from '../bake/types.js'
import { InputError } from '../common/errors.js'
import { basePlatform } from '../image-index/platform.js'
import { type RepositoryRef, parseReference, parseTagReference, repositoryName } from '../oci/reference.js'
import type { BuildResult } from './metadata.js'

export interface RepositoryPlan extends RepositoryRef {
  /** Tag names (not refs) to upsert in this repository. */
  tags: string[]
}

/** A target as append reads it: where its images go, and the index annotations its author wrote on its output. */
export interface AppendTarget extends TargetTags {
  indexAnnotations: Array<[string, string]>
}

export interface TargetPlan {
  target: string
  digest: string
  /** Repositories the digest was pushed to (image.name). */
  sources: RepositoryRef[]
  repositories: RepositoryPlan[]
  /** Full tag refs, in definition order. */
  tags: string[]
  /** The target's platforms (after `set`): a build of any other is refused. Undefined: no bake file to ask. */
  platforms?: string[]
  /** Index annotations to set: the author's `annotation-index.*`, then the `annotations` input (which wins). */
  annotations: Array<[string, string]>
}

export function planTarget(
  target: AppendTarget,
  build: BuildResult,
  annotations: ReadonlyArray<[string, string]>,
  platformsKnown = true,
): TargetPlan {
  if (target.tags.length === 0) throw new InputError('targets', `target '${target.name}' has no tags to append to`)
  const sources = build.repositories.map((name) => {
    const { registry, repository } = parseReference(name)
    return { registry, repository }
  })
  const byRepository = new Map<string, RepositoryPlan>()
  for (const tagRef of target.tags) {
    const ref = parseTagReference(tagRef)
    const name = repositoryName(ref)
    const plan = byRepository.get(name) ?? { registry: ref.registry, repository: ref.repository, tags: [] }
    byRepository.set(name, plan)
    // A tag named twice (in `tags`, or by two lines of the bake file) is written once.
    if (!plan.tags.includes(ref.tag)) plan.tags.push(ref.tag)
  }
  return {
    target: target.name,
    digest: build.digest,
    sources,
    repositories: [...byRepository.values()],
    tags: [...new Set(target.tags)],
    ...(platformsKnown && { platforms: target.platforms }),
    annotations: [...new Map([...target.indexAnnotations, ...annotations])],
  }
}

/** Refuses a build holding a platform the target does not build (a wrong digest, or a wrong target). */
export function checkBuildPlatforms(plan: TargetPlan, built: readonly string[]): void {
  if (!plan.platforms) return
  const platforms = plan.platforms
  const foreign = built.filter((p) => !platforms.includes(basePlatform(p)))
  if (foreign.length === 0) return
  const builds = platforms.length > 0 ? platforms.join(', ') : 'no platforms'
  throw new InputError(
    'metadata',
    `target '${plan.target}': ${plan.digest} holds ${foreign.join(', ')}, but the target builds ${builds}`,
  )
}
