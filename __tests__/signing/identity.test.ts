/** Who signs, where it is witnessed, and the command that checks it. */
import {
  GITHUB_ISSUER,
  chooseWitnessing,
  claimsOf,
  cosignVerifyCommand,
  assertUnexpired,
  expectedSigner,
} from '../../src/signing/identity.js'

const jwt = (claims: object) =>
  ['{"alg":"RS256"}', JSON.stringify(claims), 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.')

describe('identity', () => {
  test('a GitHub token: the workflow that runs the job (a reusable workflow names itself), in the calling repository', () => {
    const claims = claimsOf(
      jwt({
        iss: GITHUB_ISSUER,
        sub: 'repo:o/r:ref:refs/heads/main',
        repository: 'o/r',
        job_workflow_ref: 'o/shared/.github/workflows/b.yml@refs/tags/v1',
      }),
    )
    expect(expectedSigner(claims)).toEqual({
      identity: 'https://github.com/o/shared/.github/workflows/b.yml@refs/tags/v1',
      issuer: GITHUB_ISSUER,
      repository: 'o/r',
    })
  })

  test('gitlab.com: the pipeline definition; elsewhere unknown until the certificate says', () => {
    const gitlab = {
      iss: 'https://gitlab.com',
      sub: 'project_path:g/p:ref_type:branch:ref:main',
      ci_config_ref_uri: 'gitlab.com/g/p//.gitlab-ci.yml@refs/heads/main',
    }
    expect(expectedSigner(gitlab)).toEqual({
      issuer: 'https://gitlab.com',
      identity: 'https://gitlab.com/g/p//.gitlab-ci.yml@refs/heads/main',
    })
    // A federated issuer (Dex) certifies the upstream issuer: nothing is predicted from the token.
    const dex = 'https://oauth2.sigstore.dev/auth'
    expect(expectedSigner({ iss: dex, sub: 's', email: 'a@b', email_verified: true })).toEqual({})
    expect(() => expectedSigner({ iss: dex, sub: 's', email: 'a@b' })).toThrow(/email is not verified/)
    expect(expectedSigner({ iss: 'https://agent.buildkite.com', sub: 'organization:o:pipeline:p' })).toEqual({})
    expect(() => expectedSigner({ sub: 's' })).toThrow(/issuer/)
    expect(() => expectedSigner({ iss: dex })).toThrow(/subject/)
    expect(() => claimsOf('not-a-jwt')).toThrow(/not a JWT/)
  })

  test('a token that expires within a minute is refused; one without exp is left to Fulcio', () => {
    const now = Date.parse('2026-12-01T10:00:00Z')
    expect(() => assertUnexpired({ exp: now / 1000 + 30 }, now)).toThrow(/expires at 2026-12-01T10:00:30.000Z/)
    expect(() => assertUnexpired({ exp: now / 1000 + 600 }, now)).not.toThrow()
    expect(() => assertUnexpired({}, now)).not.toThrow()
  })

  test.each([
    ['true', {}, { repository_visibility: 'private' }, true],
    ['false', { rekor: 'https://r', tsa: 'https://t' }, { repository_visibility: 'public' }, false],
    ['auto', {}, { repository_visibility: 'public' }, true],
    ['auto', {}, { repository_visibility: 'private' }, false],
    ['auto', {}, { repository_visibility: 'internal' }, false],
    ['auto', {}, {}, false],
    ['auto', {}, { project_visibility: 'public' }, true],
    ['auto', {}, { project_visibility: 'private' }, false],
    ['auto', { tsa: 'https://t' }, { repository_visibility: 'public' }, false],
    ['auto', { rekor: 'https://r' }, { repository_visibility: 'private' }, true],
  ] as const)('sign-tlog %s with %j and %j: Rekor %s', (choice, urls, claims, rekor) => {
    expect(chooseWitnessing(choice, urls, claims).rekor).toBe(rekor)
  })

  test('the cosign command pins a GitHub signer to its repository, and allows an insecure registry when one is named', () => {
    const signer = {
      identity: 'https://github.com/o/shared/.github/workflows/b.yml@refs/tags/v1',
      issuer: GITHUB_ISSUER,
      repository: 'o/r',
    }
    expect(cosignVerifyCommand(['127.0.0.1:5000/o/r:1'], signer, { rekor: true, insecure: true })).toBe(
      `cosign verify --certificate-identity=${signer.identity} --certificate-oidc-issuer=${GITHUB_ISSUER} --certificate-github-workflow-repository=o/r --allow-http-registry --allow-insecure-registry 127.0.0.1:5000/o/r:1`,
    )
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
