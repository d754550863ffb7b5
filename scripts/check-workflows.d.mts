/** Types of check-workflows.mjs, for the tests that feed it broken workflows. */
export interface VendoredAction {
  major: number
  /** The full version to pin, for an action that publishes no floating major tag. */
  exact?: string
  inputs: Map<string, { required: boolean; default?: unknown }>
}
export function loadVendoredActions(dir?: string): Map<string, VendoredAction>
export function checkWorkflow(text: string, where: string, actions?: Map<string, VendoredAction>): string[]
