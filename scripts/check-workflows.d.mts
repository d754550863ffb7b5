/** Types of check-workflows.mjs, for the tests that feed it broken workflows. */
export interface VendoredAction {
  major: number
  /** The full version to pin, for an action that publishes no floating major tag. */
  exact?: string
  /** The tag the vendored action.yml was taken at, and that tag's commit (the only SHA a pin may name). */
  pin?: { tag: string; commit: string }
  inputs: Map<string, { required: boolean; default?: unknown }>
}
/** `major`: `@vN` of the current major or a SHA pin; `sha`: only a commit SHA with its `# vX.Y.Z` comment. */
export type PinPolicy = 'major' | 'sha'
export interface ShippedWorkflow {
  where: string
  text: string
  offset?: number
  pins: PinPolicy
}
export function loadVendoredActions(dir?: string): Map<string, VendoredAction>
export function checkWorkflow(
  text: string,
  where: string,
  actions?: Map<string, VendoredAction>,
  options?: { pins?: PinPolicy },
): string[]
export function shippedWorkflows(base?: string): ShippedWorkflow[]
