/**
 * The GHCR packages a run touched, from its records and verify's results: pure. A
 * repository `OWNER/NAME…` of the GHCR registry is the container package NAME… (slashes
 * kept) of OWNER.
 */
import { parseReference } from '../oci/reference.js'
import type { BuildRecord } from '../records/record.js'

export interface PackageWork {
  registry: string
  repository: string
  owner: string
  /** The package name: the repository below its owner (`a/b` for `owner/a/b`). */
  name: string
  /** Tags (names) of the run in this repository: a candidate must be resolved by none of them. */
  tags: string[]
  /** Index digests the run's appends PUT to those tags. */
  written: Set<string>
  /** Final digests of the tags verify wrote. */
  finals: Set<string>
  /** Tags verify could not write: their final is unknown, so nothing in the package is deleted. */
  failed: string[]
  /** Epoch ms of the run's first record. */
  runStartedAt: number
}

/**
 * Per GHCR repository: the run's tags, what its appends wrote there and what the tags
 * end on. `finals` maps each tag verify acted on to its final digest (undefined: that
 * tag failed). Only tags verify acted on contribute written digests.
 */
export function packagesOf(
  ghcrRegistry: string,
  records: readonly BuildRecord[],
  finals: ReadonlyMap<string, string | undefined>,
): PackageWork[] {
  const runStartedAt = Math.min(...records.map((r) => Date.parse(r.createdAt)))
  const byRepository = new Map<string, PackageWork>()
  const work = (ref: string) => {
    const { registry, repository, tag } = parseReference(ref)
    if (registry !== ghcrRegistry || !tag) return undefined
    let pkg = byRepository.get(repository)
    if (!pkg) {
      const [owner, ...name] = repository.split('/')
      // A repository without a name below its owner is no package.
      if (name.length === 0) return undefined
      pkg = {
        registry,
        repository,
        owner,
        name: name.join('/'),
        tags: [],
        written: new Set(),
        finals: new Set(),
        failed: [],
        runStartedAt,
      }
      byRepository.set(repository, pkg)
    }
    if (!pkg.tags.includes(tag)) pkg.tags.push(tag)
    return { pkg, tag }
  }
  for (const ref of records.flatMap((r) => r.tags)) work(ref)
  for (const [ref, digest] of finals) {
    const at = work(ref)
    if (!at) continue
    if (digest) at.pkg.finals.add(digest)
    else at.pkg.failed.push(at.tag)
  }
  for (const { ref, digest } of records.flatMap((r) => r.completion?.written ?? [])) {
    if (finals.has(ref)) work(ref)?.pkg.written.add(digest)
  }
  return [...byRepository.values()]
}
