import type { JsonObject } from '../common/json.js'
import type { BakeEntry } from './entries.js'

export { type JsonObject, isJsonObject } from '../common/json.js'

/** One bake file, already parsed as JSON. `name` is how the user named it (for messages). */
export interface BakeFile {
  name: string
  content: JsonObject
}

/** Where a target's images go: what append needs of a target. */
export interface TargetTags {
  name: string
  /** Full, normalised tag refs (`docker.io/library/img:latest`), deduplicated, in definition order. */
  tags: string[]
  /** Normalised platforms (`linux/arm/v7`), deduplicated, in definition order. */
  platforms: string[]
}

/** A target after groups, inherits, variables and overrides are applied: what the matrix builds from. */
export interface ResolvedTarget extends TargetTags {
  /** `output` as written (after inherits and `--set`); empty: bake's default. */
  outputs: BakeEntry[]
  cacheFrom: BakeEntry[]
  cacheTo: BakeEntry[]
  /** `call` (`build` when not set; `check`, `outline` … build nothing). */
  call: string
  /** Targets this one builds on through `target:` contexts, transitively, nearest first. */
  linked: LinkedTarget[]
  /** A group of the same name holds more: `bake <name>` builds the group, so the target cannot be built alone. */
  nameBuildsGroup: boolean
}

/** A target built as another's `target:` context: bake builds it for the platforms it is given, cache only. */
export interface LinkedTarget {
  name: string
  cacheFrom: BakeEntry[]
  cacheTo: BakeEntry[]
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
