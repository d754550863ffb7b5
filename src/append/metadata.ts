/**
 * docker/bake-action's `metadata` output: a JSON object keyed by target, with
 * `containerimage.digest`, `containerimage.descriptor` and `image.name` per target
 * (plus a `buildx.build.warnings` key to skip). Pure parsing and validation.
 */
import { InputError, errorMessage } from '../common/errors.js'
import { isJsonObject } from '../common/json.js'
import { assertDigest, parseReference, repositoryName } from '../oci/reference.js'

export interface BuildResult {
  target: string
  /** containerimage.digest: an image index (image + attestation) or a single image manifest. */
  digest: string
  /** From containerimage.descriptor when present. */
  mediaType?: string
  size?: number
  /** Canonical repositories (`ghcr.io/o/app`) the digest was pushed to, from image.name. */
  repositories: string[]
}

/** Bake metadata, as text or in a file: a few KB per target in practice. */
export const MAX_METADATA_BYTES = 16 * 1024 * 1024

const SKIPPED_KEYS = new Set(['buildx.build.warnings'])

export function parseMetadataText(text: string): Record<string, unknown> {
  let json: unknown
  try {
    // A file saved with a UTF-8 byte order mark (Windows editors, PowerShell's Out-File) is the same JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new InputError('metadata', `not valid JSON: ${errorMessage(error)}`)
  }
  if (!isJsonObject(json)) throw new InputError('metadata', 'must be a JSON object keyed by target')
  return json
}

/** The targets the metadata holds results of. */
export function metadataTargets(metadata: Record<string, unknown>): string[] {
  return Object.keys(metadata).filter((k) => !SKIPPED_KEYS.has(k))
}

/** The build result of each requested target; every one must be in the metadata. */
export function buildResults(metadata: Record<string, unknown>, targets: readonly string[]): BuildResult[] {
  const available = metadataTargets(metadata)
  return targets.map((target) => {
    const entry = metadata[target]
    if (!isJsonObject(entry)) {
      throw new InputError('metadata', `has no target '${target}' (it has: ${available.join(', ') || 'nothing'})`)
    }
    return buildResult(target, entry)
  })
}

function buildResult(target: string, entry: Record<string, unknown>): BuildResult {
  const where = `target '${target}'`
  if (entry['containerimage.digest'] === undefined) {
    throw new InputError('metadata', `${where} has no containerimage.digest: was an image pushed (output type=image)?`)
  }
  let digest: string
  try {
    digest = assertDigest(entry['containerimage.digest'], `${where} containerimage.digest`)
  } catch (error) {
    throw new InputError('metadata', errorMessage(error))
  }
  const descriptor = entry['containerimage.descriptor']
  let mediaType: string | undefined
  let size: number | undefined
  if (isJsonObject(descriptor)) {
    if (descriptor.digest !== undefined && descriptor.digest !== digest) {
      throw new InputError('metadata', `${where}: containerimage.descriptor.digest differs from containerimage.digest`)
    }
    mediaType = typeof descriptor.mediaType === 'string' ? descriptor.mediaType : undefined
    size = typeof descriptor.size === 'number' ? descriptor.size : undefined
  }
  const name = entry['image.name']
  if (typeof name !== 'string' || name.trim() === '') {
    throw new InputError('metadata', `${where} has no image.name: use the matrix entry's set lines (push by digest)`)
  }
  const repositories = name.split(',').map((item) => {
    try {
      return repositoryName(parseReference(item))
    } catch (error) {
      throw new InputError('metadata', `${where} image.name: ${errorMessage(error)}`)
    }
  })
  return {
    target,
    digest,
    ...(mediaType && { mediaType }),
    ...(size !== undefined && { size }),
    repositories: [...new Set(repositories)],
  }
}
