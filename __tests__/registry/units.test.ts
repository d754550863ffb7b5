import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Exec } from '../../src/common/exec.js'
import { parseChallenge } from '../../src/registry/challenge.js'
import { credentialsFor, loadDockerConfig, secretsOf } from '../../src/registry/credentials.js'
import { RetriesSpentError, RetryableError, parseRetryAfter, withRetry } from '../../src/registry/retry.js'
import { RegistryError } from '../../src/registry/errors.js'

describe('parseChallenge', () => {
  test.each([
    [
      'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:o/i:pull"',
      { scheme: 'bearer', realm: 'https://ghcr.io/token', service: 'ghcr.io' },
    ],
    ['Basic realm="Registry Realm"', { scheme: 'basic', realm: 'Registry Realm' }],
    ['bearer realm=https://x/token, service=x', { scheme: 'bearer', realm: 'https://x/token', service: 'x' }],
    ['Bearer realm="a\\"b"', { scheme: 'bearer', realm: 'a"b' }],
    [
      'Negotiate, Bearer realm="https://r/token",service="r"',
      { scheme: 'bearer', realm: 'https://r/token', service: 'r' },
    ],
    ['Negotiate YIIBAg==, Basic realm="x"', { scheme: 'basic', realm: 'x' }],
    ['Basic realm="b", Bearer realm="/token"', { scheme: 'bearer', realm: '/token' }],
    ['Bearer realm="a,b", service="s"', { scheme: 'bearer', realm: 'a,b', service: 's' }],
  ])('%s', (header, expected) => expect(parseChallenge(header)).toEqual(expected))

  test('unknown schemes and no header', () => {
    expect(parseChallenge('Negotiate abc')).toBeUndefined()
    expect(parseChallenge(undefined)).toBeUndefined()
  })
})

describe('withRetry', () => {
  function fakeClock() {
    let now = 0
    const sleeps: number[] = []
    return { sleeps, now: () => now, sleep: async (ms: number) => void (sleeps.push(ms), (now += ms)), random: () => 1 }
  }
  const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 250, budgetMs: 10_000 }

  test('backs off exponentially (capped) and succeeds', async () => {
    const clock = fakeClock()
    let calls = 0
    const result = await withRetry(
      async () => {
        if (++calls < 4) throw new RetryableError('503')
        return 'ok'
      },
      policy,
      clock,
    )
    expect(result).toBe('ok')
    expect(clock.sleeps).toEqual([100, 200, 250])
  })

  test('honours Retry-After when longer than the backoff', async () => {
    const clock = fakeClock()
    let calls = 0
    await withRetry(
      async () => {
        if (++calls < 2) throw new RetryableError('429', 3000)
      },
      policy,
      clock,
    )
    expect(clock.sleeps).toEqual([3000])
  })

  test('gives up after the attempts, and at once on other errors', async () => {
    const clock = fakeClock()
    await expect(withRetry(async () => Promise.reject(new RetryableError('503')), policy, clock)).rejects.toThrow(
      '503 (gave up after 4 tries in 550 ms)',
    )
    let calls = 0
    await expect(
      withRetry(
        async () => {
          calls++
          throw new Error('400 bad')
        },
        policy,
        clock,
      ),
    ).rejects.toThrow('400 bad')
    expect(calls).toBe(1)
  })

  test('connection resets are retried; when retries run out the last error is the cause, its kind intact', async () => {
    const clock = fakeClock()
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const spent = await withRetry(async () => Promise.reject(reset), policy, clock).catch((e) => e)
    expect(spent).toBeInstanceOf(RetriesSpentError)
    expect(spent.message).toMatch(/^socket hang up \(gave up after 4 tries/)
    expect(spent.cause).toBe(reset)
    // A registry's own answer keeps its status and codes through the retries.
    const unavailable = new RegistryError('GET r/v2/x', 503, [{ code: 'UNAVAILABLE', message: 'down' }])
    const failed = await withRetry(async () => Promise.reject(unavailable), policy, fakeClock()).catch((e) => e)
    expect(failed.cause).toMatchObject({ status: 503 })
    expect((failed.cause as RegistryError).hasCode('UNAVAILABLE')).toBe(true)
  })

  test('parseRetryAfter reads seconds and dates', () => {
    expect(parseRetryAfter('5', 0)).toBe(5000)
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
  })
})

describe('credentials from the docker config', () => {
  const helperExec =
    (answers: Record<string, { Username: string; Secret: string }>): Exec =>
    async (command, args, options) => {
      const answer = answers[`${command} ${args.join(' ')} ${options?.input}`]
      return answer
        ? { exitCode: 0, stdout: JSON.stringify(answer), stderr: '' }
        : { exitCode: 1, stdout: 'credentials not found in native keychain', stderr: '' }
    }

  test('Docker Hub is found under its historic key', async () => {
    const auth = Buffer.from('me:pw').toString('base64')
    expect(
      await credentialsFor('docker.io', { auths: { 'https://index.docker.io/v1/': { auth } } }, helperExec({})),
    ).toEqual({
      username: 'me',
      password: 'pw',
    })
  })

  test('order: credHelpers, then auths, then credsStore', async () => {
    const exec = helperExec({
      'docker-credential-ecr get 1.dkr.ecr.aws': { Username: 'AWS', Secret: 'ecr-pw' },
      'docker-credential-desktop get ghcr.io': { Username: 'u', Secret: 'store-pw' },
      'docker-credential-desktop get https://index.docker.io/v1/': { Username: '<token>', Secret: 'refresh' },
    })
    const config = {
      credHelpers: { '1.dkr.ecr.aws': 'ecr' },
      auths: { 'quay.io': { username: 'q', password: 'quay-pw' } },
      credsStore: 'desktop',
    }
    expect(await credentialsFor('1.dkr.ecr.aws', config, exec)).toEqual({ username: 'AWS', password: 'ecr-pw' })
    expect(await credentialsFor('quay.io', config, exec)).toEqual({ username: 'q', password: 'quay-pw' })
    expect(await credentialsFor('ghcr.io', config, exec)).toEqual({ username: 'u', password: 'store-pw' })
    expect(await credentialsFor('docker.io', config, exec)).toEqual({ identityToken: 'refresh' })
    expect(await credentialsFor('other.io', { credsStore: 'desktop' }, exec)).toBeUndefined()
  })

  test('secretsOf lists what must be masked, including the Basic header values', () => {
    expect(secretsOf({ username: 'u', password: 'p' })).toEqual(['p', Buffer.from('u:p').toString('base64')])
    // An identity token is sent as a Basic password to a token server that has no OAuth2 POST.
    expect(secretsOf({ username: 'u', identityToken: 'i' })).toEqual(['i', Buffer.from('u:i').toString('base64')])
    expect(secretsOf({ registryToken: 'r' })).toEqual(['r'])
    expect(secretsOf(undefined)).toEqual([])
  })

  test('auths entries: a registry token, an identity token, a malformed auth named', async () => {
    const exec = helperExec({})
    expect(await credentialsFor('r.io', { auths: { 'r.io': { registrytoken: 'rt' } } }, exec)).toEqual({
      registryToken: 'rt',
    })
    const withIdentity = { auths: { 'https://r.io/v2/': { username: 'u', identitytoken: 'it' } } }
    expect(await credentialsFor('r.io', withIdentity, exec)).toEqual({ username: 'u', identityToken: 'it' })
    expect(await credentialsFor('r.io', { auths: { 'r.io': {} } }, exec)).toBeUndefined()
    const malformed = { auths: { 'r.io': { auth: Buffer.from('no-colon').toString('base64') } } }
    await expect(credentialsFor('r.io', malformed, exec)).rejects.toThrow(
      "the docker config entry for r.io has a malformed 'auth' value",
    )
  })

  test('a credential helper that cannot run, fails, or prints no JSON is a clear error naming it', async () => {
    const failing: Exec = async () => {
      throw new Error('ENOENT')
    }
    await expect(credentialsFor('r.io', { credsStore: 'gone' }, failing)).rejects.toThrow(
      "credential helper 'docker-credential-gone' for r.io could not be run: ENOENT",
    )
    const exits: Exec = async () => ({ exitCode: 2, stdout: '', stderr: 'keychain locked' })
    await expect(credentialsFor('r.io', { credsStore: 'x' }, exits)).rejects.toThrow(
      "credential helper 'docker-credential-x' failed for r.io (exit 2)",
    )
    const noJson: Exec = async () => ({ exitCode: 0, stdout: 'hello', stderr: '' })
    await expect(credentialsFor('r.io', { credsStore: 'x' }, noJson)).rejects.toThrow(
      "credential helper 'docker-credential-x' printed no JSON for r.io",
    )
    const empty: Exec = async () => ({ exitCode: 0, stdout: '{"Username":"u","Secret":""}', stderr: '' })
    expect(await credentialsFor('r.io', { credsStore: 'x' }, empty)).toBeUndefined()
  })

  test('DOCKER_CONFIG is read; a malformed file is a clear error; none is anonymous', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-cfg-'))
    expect(await loadDockerConfig({ DOCKER_CONFIG: dir })).toEqual({})
    await writeFile(path.join(dir, 'config.json'), '{oops')
    await expect(loadDockerConfig({ DOCKER_CONFIG: dir })).rejects.toThrow(/config.json is not valid JSON/)
  })
})
