/** The shape of one logical request, and what the manifest and blob operations send it through. */
import type { Body, Response } from './transport.js'

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

/**
 * One registry's requests, as the manifest (manifests.ts) and blob (blobs.ts)
 * operations send them: auth, retries and each attempt's bound included (client.ts).
 */
export interface Requests {
  readonly registry: string
  /** One logical request; `read` consumes the answer within the attempt. `onAmbiguous`: see isAmbiguousFailure. */
  send<T>(req: Send, read: (res: Response) => Promise<T>, onAmbiguous?: (abandonedAt: number) => void): Promise<T>
  /** The token scope for `repository`: pull, or pull,push once a write to it was declared. */
  scope(repository: string): string
  /** Declares a write to `repository`, so one pull+push token serves its reads and writes. */
  willPush(repository: string): void
  /** A registry-given Location against the registry's origin. */
  url(location: string): URL
}
