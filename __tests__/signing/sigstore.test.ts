/**
 * The Sigstore calls against in-process mock services (@sigstore/mock's Fulcio, Rekor
 * and timestamp authority on 127.0.0.1): a bundle signed is checked as a consumer checks
 * it, and refused when its certificate names another repository, identity or issuer,
 * its statement another digest, or when it lacks the witness this signer requires.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { signStatement } from '../../src/signing/artifact.js'
import { type Sigstore, openSigstore } from '../../src/signing/sigstore.js'
import { GITHUB_ISSUER, IDENTITY, type SigstoreServices, startSigstore } from '../helpers/sigstore-services.js'

const DIGEST = `sha256:${'a'.repeat(64)}`
let services: SigstoreServices
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-sigstore-unit-'))
  services = await startSigstore(dir)
})
afterAll(() => services.close())

function open(
  rekor: boolean,
  claims: Record<string, unknown> = {},
  trustedRoot = services.trustedRoot,
): Promise<Sigstore> {
  const { fulcioUrl, rekorUrl, tsaUrl } = services
  return openSigstore({ fulcioUrl, rekorUrl, tsaUrl, rekor, trustedRoot }, async () => services.token(claims))
}

describe('timestamped (no Rekor entry)', () => {
  let sigstore: Sigstore
  let bundle: Buffer
  beforeAll(async () => {
    sigstore = await open(false)
    bundle = await sigstore.sign(signStatement(DIGEST))
  })

  test('a bundle signed is verified, naming identity, issuer and repository', () => {
    expect(
      sigstore.verify(bundle, DIGEST, { identity: IDENTITY, issuer: GITHUB_ISSUER, repository: 'octo/app' }),
    ).toEqual({
      identity: IDENTITY,
      issuer: GITHUB_ISSUER,
      repository: 'octo/app',
    })
    expect(sigstore.verify(bundle, DIGEST, {})).toMatchObject({ identity: IDENTITY })
  })

  test('the repository the certificate names must be the one expected (a reusable workflow serves many)', () => {
    expect(() => sigstore.verify(bundle, DIGEST, { repository: 'mallory/app' })).toThrow(
      'its certificate names the repository octo/app, not mallory/app',
    )
  })

  test('another identity or issuer is refused', () => {
    expect(() => sigstore.verify(bundle, DIGEST, { identity: 'https://github.com/other/x' })).toThrow()
    expect(() => sigstore.verify(bundle, DIGEST, { issuer: 'https://issuer.example' })).toThrow()
  })

  test('a bundle for another digest is not this digest’s signature', () => {
    expect(() => sigstore.verify(bundle, `sha256:${'b'.repeat(64)}`, {})).toThrow(
      `its statement is not cosign's signature of sha256:${'b'.repeat(64)}`,
    )
  })

  test('a bundle without a signed timestamp does not do where timestamps are the witness', () => {
    const parsed = JSON.parse(bundle.toString())
    parsed.verificationMaterial.timestampVerificationData = { rfc3161Timestamps: [] }
    expect(() => sigstore.verify(Buffer.from(JSON.stringify(parsed)), DIGEST, {})).toThrow(
      'it carries no signed timestamp',
    )
  })

  test('a bundle of the wrong version is refused', () => {
    const parsed = JSON.parse(bundle.toString())
    parsed.mediaType = 'application/vnd.dev.sigstore.bundle+json;version=0.2'
    expect(() => sigstore.verify(Buffer.from(JSON.stringify(parsed)), DIGEST, {})).toThrow(/not a DSSE bundle v0.3/)
  })
})

test('signed by a workflow of another repository: refused for ours', async () => {
  const sigstore = await open(false, { repository: 'mallory/app' })
  const bundle = await sigstore.sign(signStatement(DIGEST))
  expect(() => sigstore.verify(bundle, DIGEST, { identity: IDENTITY, repository: 'octo/app' })).toThrow(
    'its certificate names the repository mallory/app, not octo/app',
  )
})

test('logged in Rekor: verified with a transparency-log entry', async () => {
  const sigstore = await open(true)
  const bundle = await sigstore.sign(signStatement(DIGEST))
  expect(sigstore.verify(bundle, DIGEST, { identity: IDENTITY })).toMatchObject({ issuer: GITHUB_ISSUER })
})

test('a trust root that cannot check these signatures, or none readable, is refused by name', async () => {
  const root = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(services.trustedRoot, 'utf8')))
  const lacking = path.join(dir, 'lacking.json')
  await writeFile(lacking, JSON.stringify({ ...root, timestampAuthorities: [], tlogs: [] }))
  await expect(open(false, {}, lacking)).rejects.toThrow(
    `${lacking} names no timestamp authorities: it cannot check these signatures`,
  )
  await expect(open(true, {}, lacking)).rejects.toThrow(`${lacking} names no transparency logs`)
  const missing = path.join(dir, 'missing.json')
  await expect(open(false, {}, missing)).rejects.toThrow(`cannot read the trusted root ${missing}`)
})
