import type { JsonObject } from '../common/json.js'

export { type JsonObject, isJsonObject } from '../common/json.js'

/** One bake file, already parsed as JSON. `name` is how the user named it (for messages). */
export interface BakeFile {
  name: string
  content: JsonObject
}

/** A target after groups, inherits, variables and overrides are applied. */
export interface ResolvedTarget {
  name: string
  /** Full, normalised tag refs (`docker.io/library/img:latest`), deduplicated, in definition order. */
  tags: string[]
  /** Normalised platforms (`linux/arm/v7`), deduplicated, in definition order. */
  platforms: string[]
}

/**
 * The native resolver met something only buildx can evaluate (an HCL function, an
 * expression, a matrix). The caller hands the files to `docker buildx bake --print`.
 */
export class UnsupportedBakeError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    readonly what: string,
  ) {
    super(`${file}: ${key}: ${what} needs docker buildx bake to evaluate`)
    this.name = 'UnsupportedBakeError'
  }
}
