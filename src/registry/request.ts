/** The shape of one logical request, shared by the manifest and blob operations. */
import type { Body } from './transport.js'

export interface Send {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  /** Repositories and the actions needed: `repository:<name>:pull,push`. */
  scopes: string[]
  headers?: Record<string, string>
  body?: () => Body | Promise<Body>
  /** Answers returned to the caller instead of raised (404 for a missing tag). */
  accept?: number[]
  /** This attempt's bound, when not the client's default. */
  timeoutMs?: number
}
