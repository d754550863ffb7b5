export interface ModeResult {
  /** Action outputs (the CLI prints them). */
  outputs: Record<string, string>
  /** Job summary markdown. */
  summary: string
  /** Set when the step must fail after reporting (some tags failed; others were still handled). */
  failure?: string
}
