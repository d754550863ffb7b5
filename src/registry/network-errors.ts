/**
 * What a failed exchange says of the host: a certificate to name, a TLS handshake met by
 * plain HTTP, plain HTTP met by something that is no HTTP server. Decided by error code,
 * never by message text.
 */

const CERTIFICATE_ERRORS = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])
const CERTIFICATE_HINT =
  " (a private CA: point NODE_EXTRA_CA_CERTS at its certificate; or list the registry in 'insecure-registries' to skip the check)"

/** Names the request; keeps the code, which decides whether it is retried or falls back to HTTP. */
export function namedNetworkError(error: Error & { code?: string }, what: string): Error {
  const hint = CERTIFICATE_ERRORS.has(error.code ?? '') ? CERTIFICATE_HINT : ''
  return Object.assign(new Error(`${what}: ${error.message}${hint}`), { code: error.code })
}

/** The TLS handshake met something else: a plain-HTTP server answers it with an HTTP 400. */
export function isTlsRefusal(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? ''
  return code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG'
}

/** Plain HTTP met something that is no HTTP server: a reset before any answer, or bytes no HTTP parser takes. */
export function answersNoHttp(error: unknown): boolean {
  const { code = '' } = error as { code?: string }
  return code === 'ECONNRESET' || code.startsWith('HPE_')
}

/** The TLS handshake met plain HTTP, or a host without a port refused 443: it speaks no TLS. */
export function speaksNoTls(error: unknown, registry: string): boolean {
  const refusedWithoutPort = (error as { code?: string }).code === 'ECONNREFUSED' && !/:\d+$/.test(registry)
  return isTlsRefusal(error) || refusedWithoutPort
}
