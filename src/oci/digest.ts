import type { createHash as CreateHash } from 'node:crypto'

/**
 * node:crypto loads on the first digest or on `loadDigests`, not at start: its JavaScript
 * (~4 ms) is then off the path to the first request, on the CLI over plain HTTP (TLS, and
 * the Action's @actions/core, load it anyway).
 */
let createHash: typeof CreateHash | undefined

/** Loads what digests need: called while requests are out, it costs their answers nothing. */
export function loadDigests(): typeof CreateHash {
  if (!createHash) {
    createHash = process.getBuiltinModule('node:crypto').createHash
    // The first SHA-256 context costs ~0.4 ms more than the next ones (OpenSSL fetches the algorithm): paid here too.
    createHash('sha256')
  }
  return createHash
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${loadDigests()('sha256').update(bytes).digest('hex')}`
}
