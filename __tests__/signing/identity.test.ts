/** Who signs, where it is witnessed, and the command that checks it. */
import {
  GITHUB_ISSUER,
  chooseWitnessing,
  claimsOf,
  cosignVerifyCommand,
  expectedIdentity,
} from '../../src/signing/identity.js'

const jwt = (claims: object) =>
  ['{"alg":"RS256"}', JSON.stringify(claims), 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.')

describe('identity', () => {
  test('a GitHub token: the workflow that runs the job (a reusable workflow names itself)', () => {
    const claims = claimsOf(
      jwt({
        iss: GITHUB_ISSUER,
        sub: 'repo:o/r:ref:refs/heads/main',
        job_workflow_ref: 'o/shared/.github/workflows/b.yml@refs/tags/v1',
      }),
    )
    expect(expectedIdentity(claims)).toEqual({
      identity: 'https://github.com/o/shared/.github/workflows/b.yml@refs/tags/v1',
      issuer: GITHUB_ISSUER,
    })
  })

  test('elsewhere: a verified email, else the subject', () => {
    const iss = 'https://gitlab.example'
    expect(expectedIdentity({ iss, sub: 's', email: 'a@b', email_verified: true }).identity).toBe('a@b')
    expect(expectedIdentity({ iss, sub: 's', email: 'a@b' }).identity).toBe('s')
    expect(() => expectedIdentity({ sub: 's' })).toThrow(/issuer/)
    expect(() => claimsOf('not-a-jwt')).toThrow(/not a JWT/)
  })

  test.each([
    ['true', {}, { repository_visibility: 'private' }, true],
    ['false', { rekor: 'https://r', tsa: 'https://t' }, { repository_visibility: 'public' }, false],
    ['auto', {}, { repository_visibility: 'public' }, true],
    ['auto', {}, { repository_visibility: 'private' }, false],
    ['auto', {}, { repository_visibility: 'internal' }, false],
    ['auto', {}, {}, false],
    ['auto', { tsa: 'https://t' }, { repository_visibility: 'public' }, false],
    ['auto', { rekor: 'https://r' }, { repository_visibility: 'private' }, true],
  ] as const)('sign-tlog %s with %j and %j: Rekor %s', (choice, urls, claims, rekor) => {
    expect(chooseWitnessing(choice, urls, claims).rekor).toBe(rekor)
  })

  test('the cosign command quotes what a shell would read otherwise', () => {
    const signer = {
      identity: "https://github.com/o/r/.github/workflows/it's.yml@refs/heads/main",
      issuer: GITHUB_ISSUER,
    }
    expect(cosignVerifyCommand(['ghcr.io/o/r:1', 'ghcr.io/o/r:latest'], signer, { rekor: true })).toBe(
      `cosign verify '--certificate-identity=https://github.com/o/r/.github/workflows/it'"'"'s.yml@refs/heads/main' --certificate-oidc-issuer=${GITHUB_ISSUER} ghcr.io/o/r:1 ghcr.io/o/r:latest`,
    )
    expect(
      cosignVerifyCommand(['r/a:1'], { identity: 'x', issuer: 'y' }, { rekor: false, trustedRoot: '/tmp/root.json' }),
    ).toBe(
      'cosign verify --certificate-identity=x --certificate-oidc-issuer=y --use-signed-timestamps --insecure-ignore-tlog=true --trusted-root=/tmp/root.json r/a:1',
    )
  })
})
