/** Which repositories and tags a build goes to, and where copies come from. Pure. */
import type { ResolvedTarget } from '../bake/types.js'
import { InputError } from '../common/errors.js'
import type { BuildResult } from './metadata.js'
import { parseReference, parseTagReference, repositoryName } from '../oci/reference.js'

export interface RepositoryRef {
  registry: string
  repository: string
}

export interface RepositoryPlan extends RepositoryRef {
  /** Tag names (not refs) to upsert in this repository. */
  tags: string[]
  /** Set when the digest was not pushed here: the repository to copy its manifests from. */
  copyFrom?: RepositoryRef
}

export interface TargetPlan {
  target: string
  digest: string
  /** Repositories the digest was pushed to (image.name). */
  sources: RepositoryRef[]
  repositories: RepositoryPlan[]
  /** Full tag refs, in definition order. */
  tags: string[]
}

export function planTarget(target: ResolvedTarget, build: BuildResult): TargetPlan {
  if (target.tags.length === 0) throw new InputError('targets', `target '${target.name}' has no tags to append to`)
  const sources = build.repositories.map((name) => {
    const ref = parseReference(name)
    return { registry: ref.registry, repository: ref.repository }
  })
  const byRepository = new Map<string, RepositoryPlan>()
  for (const tagRef of target.tags) {
    const ref = parseTagReference(tagRef)
    const name = repositoryName(ref)
    let plan = byRepository.get(name)
    if (!plan) {
      plan = { registry: ref.registry, repository: ref.repository, tags: [] }
      const copyFrom = build.repositories.includes(name) ? undefined : copySource(ref.registry, sources)
      if (copyFrom) plan.copyFrom = copyFrom
      byRepository.set(name, plan)
    }
    plan.tags.push(ref.tag)
  }
  return {
    target: target.name,
    digest: build.digest,
    sources,
    repositories: [...byRepository.values()],
    tags: target.tags,
  }
}

/** A source in the same registry can be mounted from; any other is streamed. */
export function copySource(registry: string, sources: readonly RepositoryRef[]): RepositoryRef {
  return sources.find((s) => s.registry === registry) ?? sources[0]
}
