/**
 * The modes that talk to registries, behind one lazy import: `matrix` never loads the
 * registry client, and append and verify share one copy of it in the bundle.
 */
export { runAppend } from '../append/mode.js'
export { runVerify } from '../verify/mode.js'
