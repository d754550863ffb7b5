/** The notice a non-deferred append gives on GHCR: the package versions its writes created. Pure. */
import { parseReference } from '../oci/reference.js'
import type { WrittenIndex } from '../records/record.js'

/**
 * On GHCR every index PUT to a tag creates a package version (one per digest and
 * package), and a version that is no tag's final stays behind untagged: GHCR never
 * deletes it. Undefined when the job wrote nothing there.
 */
export function intermediatesNotice(written: readonly WrittenIndex[], ghcrRegistry: string): string | undefined {
  const versions = new Set<string>()
  for (const { ref, digest } of written) {
    const { registry, repository } = parseReference(ref)
    if (registry === ghcrRegistry) versions.add(`${repository}@${digest}`)
  }
  if (versions.size === 0) return undefined
  const n = versions.size
  return (
    `${ghcrRegistry}: this job's tag writes created ${n} package version${n === 1 ? '' : 's'}; ` +
    "each that no tag ends on stays behind untagged (GHCR never deletes them). 'defer: true' writes each tag " +
    "once, in verify, and leaves none; 'cleanup: true' on verify deletes this run's"
  )
}
