/**
 * Fulcio, Rekor, a timestamp authority and GitHub's OIDC token endpoint, served from
 * one real HTTP server on 127.0.0.1 (the action runs as a child process: in-process
 * interceptors cannot reach it). The certificate, log and timestamp logic is
 * @sigstore/mock's; this file only serves it, mends two of its traps (below), and
 * writes the trusted_root.json that names its keys.
 */
import { createHash, generateKeyPairSync } from 'node:crypto'
import { type IncomingMessage, createServer } from 'node:http'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import {
  type HandlerFn,
  fulcioHandler,
  initializeCA,
  initializeCTLog,
  initializeTLog,
  initializeTSA,
  rekorHandler,
  tsaHandler,
} from '@sigstore/mock'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const WORKFLOW_REF = 'octo/app/.github/workflows/release.yml@refs/heads/main'
export const IDENTITY = `https://github.com/${WORKFLOW_REF}`

export interface SigstoreServices {
  fulcioUrl: string
  rekorUrl: string
  tsaUrl: string
  /** ACTIONS_ID_TOKEN_REQUEST_URL for the action (the runner's form: a query already present). */
  oidcRequestUrl: string
  trustedRoot: string
  /** Requests per service, counted as they arrive. */
  calls: { fulcio: number; rekor: number; tsa: number; oidc: number }
  /** Services answering 503 (an outage) until removed. */
  down: Set<'fulcio' | 'rekor' | 'tsa'>
  /** What the OIDC endpoint answers next instead of a fresh token, in order (a misbehaving token service). */
  oidcAnswers: string[]
  /** A GitHub-shaped OIDC token (audience sigstore, unexpired), claims overridable. */
  token(claims?: Record<string, unknown>): string
  close(): Promise<void>
}

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' })

export async function startSigstore(dir: string, claims: Record<string, unknown> = {}): Promise<SigstoreServices> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  // The TSA's URL is its endpoint (a URL with a path is used as is), as the public-good one is given.
  const urls = { fulcioUrl: `${base}/fulcio`, rekorUrl: `${base}/rekor`, tsaUrl: `${base}/tsa/api/v1/timestamp` }
  const ctLog = await initializeCTLog(keyPair())
  const ca = await initializeCA(keyPair(), ctLog)
  const tlog = await initializeTLog(urls.rekorUrl, keyPair())
  const tsa = await initializeTSA(keyPair())
  // Trap 1: the mock TSA writes time fractions without trailing zeros (".43Z"), which
  // @sigstore/core refuses about 1 time in 10. Whole seconds are what real TSAs write.
  ;(tsa as unknown as { getCurrentTime: () => Date }).getCurrentTime = () =>
    new Date(Math.floor(Date.now() / 1000) * 1000)
  const fulcio = fulcioHandler(ca, { subjectClaim: 'fulcio_san' })
  const rekor = rekorHandler(tlog)
  const timestamp = tsaHandler(tsa)
  const calls = { fulcio: 0, rekor: 0, tsa: 0, oidc: 0 }
  const down = new Set<'fulcio' | 'rekor' | 'tsa'>()
  const oidcAnswers: string[] = []
  const token = (extra: Record<string, unknown> = {}) => githubToken({ ...claims, ...extra })
  const routes: Record<string, { count: 'fulcio' | 'rekor' | 'tsa'; fn: HandlerFn }> = {
    [`/fulcio${fulcio.path}`]: { count: 'fulcio', fn: fulcio.fn },
    // Trap 2: the mock Rekor stores the proposed entry as is; Rekor stores a dsse entry
    // in its canonical shape, which is what verifiers compare the bundle with.
    [`/rekor${rekor.path}`]: { count: 'rekor', fn: (body) => rekor.fn(JSON.stringify(storedDsseEntry(body))) },
    [new URL(urls.tsaUrl).pathname]: { count: 'tsa', fn: timestamp.fn },
  }
  server.on('request', async (req, res) => {
    const body = await readBody(req)
    const url = new URL(req.url ?? '/', base)
    if (url.pathname === '/oidc/token') {
      calls.oidc++
      const ok = req.headers.authorization === 'Bearer runtime-token' && url.searchParams.get('audience') === 'sigstore'
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      return res.end(ok ? JSON.stringify({ value: oidcAnswers.shift() ?? token() }) : '{}')
    }
    const route = routes[url.pathname]
    if (!route || req.method !== 'POST') return res.writeHead(404).end()
    calls[route.count]++
    if (down.has(route.count)) return res.writeHead(503).end('down')
    const answer = await route.fn(body as unknown as string)
    res.writeHead(answer.statusCode, { 'content-type': answer.contentType ?? 'application/octet-stream' })
    res.end(answer.response)
  })
  const trustedRoot = path.join(dir, 'trusted_root.json')
  await writeFile(trustedRoot, JSON.stringify(trustedRootJson(urls, { ca, ctLog, tlog, tsa })))
  return {
    ...urls,
    oidcRequestUrl: `${base}/oidc/token?api-version=2.0`,
    trustedRoot,
    calls,
    down,
    oidcAnswers,
    token,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** What the runner's OIDC service issues for a job of WORKFLOW_REF (the JWT's signature is not checked by the mock). */
export function githubToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000)
  const payload = {
    iss: GITHUB_ISSUER,
    aud: 'sigstore',
    sub: 'repo:octo/app:ref:refs/heads/main',
    iat: now,
    exp: now + 600,
    repository: 'octo/app',
    repository_visibility: 'public',
    job_workflow_ref: WORKFLOW_REF,
    // Fulcio derives the SAN of a GitHub token from job_workflow_ref; the mock reads it from a claim.
    fulcio_san: `https://github.com/${(claims.job_workflow_ref as string | undefined) ?? WORKFLOW_REF}`,
    ...claims,
  }
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.${Buffer.from('unsigned').toString('base64url')}`
}

interface ProposedDsse {
  apiVersion: string
  kind: string
  spec: { proposedContent: { envelope: string; verifiers: string[] } }
}

function storedDsseEntry(body: Buffer | string): object {
  const proposed = JSON.parse(body.toString()) as ProposedDsse
  if (proposed.kind !== 'dsse') return proposed
  const { envelope, verifiers } = proposed.spec.proposedContent
  const parsed = JSON.parse(envelope) as { payload: string; signatures: Array<{ sig: string }> }
  const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex')
  return {
    apiVersion: proposed.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: { algorithm: 'sha256', value: sha256(envelope) },
      payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(parsed.payload, 'base64')) },
      signatures: parsed.signatures.map((s) => ({ signature: s.sig, verifier: verifiers[0] })),
    },
  }
}

type Mocks = {
  ca: Awaited<ReturnType<typeof initializeCA>>
  ctLog: Awaited<ReturnType<typeof initializeCTLog>>
  tlog: Awaited<ReturnType<typeof initializeTLog>>
  tsa: Awaited<ReturnType<typeof initializeTSA>>
}

/** trusted_root.json (protobuf JSON) naming the mocks' keys and certificates, valid from an hour ago. */
function trustedRootJson(urls: { fulcioUrl: string; rekorUrl: string; tsaUrl: string }, m: Mocks) {
  const validFor = { start: new Date(Date.now() - 3600_000).toISOString() }
  const b64 = (bytes: ArrayBufferView | Buffer) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  const key = (spki: Buffer) => ({ rawBytes: spki.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor })
  const subject = { organization: 'sigstore.mock', commonName: 'sigstore' }
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: urls.rekorUrl,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(m.tlog.publicKey),
        logId: { keyId: createHash('sha256').update(m.tlog.publicKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject,
        uri: urls.fulcioUrl,
        certChain: { certificates: [{ rawBytes: b64(m.ca.rootCertificate) }] },
        validFor,
      },
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.sigstore.mock',
        hashAlgorithm: 'SHA2_256',
        publicKey: key(m.ctLog.publicKey),
        logId: { keyId: b64(m.ctLog.logID) },
      },
    ],
    timestampAuthorities: [
      {
        subject,
        uri: urls.tsaUrl,
        certChain: {
          certificates: [{ rawBytes: b64(m.tsa.intCertificate) }, { rawBytes: b64(m.tsa.rootCertificate) }],
        },
        validFor,
      },
    ],
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
