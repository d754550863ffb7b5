/** Annotation lines that are not index-level: said once in the log, never applied to a tag. */
export interface OtherAnnotations {
  /** `manifest:` and `manifest-descriptor:` lines: image-level, applied by bake at build time. */
  imageLevel: string[]
  /** `index-descriptor:` lines: for a descriptor of this index in a parent index, which a tag has not. */
  indexDescriptor: string[]
}
