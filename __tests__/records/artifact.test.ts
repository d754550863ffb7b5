/** Where `records: artifact` can work: the v4 artifact service (GitHub.com, GHE.com), inside the Actions runtime. */
import { assertActionsRuntime, hasArtifactService } from '../../src/records/artifact.js'
import { InputError } from '../../src/common/errors.js'

describe('the artifact service the records rely on', () => {
  test.each([
    [undefined, true],
    ['https://github.com', true],
    ['https://GitHub.com/', true],
    ['https://acme.ghe.com', true],
    ['http://github.localhost', true],
    ['https://github.acme.example', false],
    ['https://notgithub.com', false],
    ['https://ghe.com.example', false],
  ])('GITHUB_SERVER_URL %s: v4 service %s', (url, expected) => {
    expect(hasArtifactService({ GITHUB_SERVER_URL: url })).toBe(expected)
  })

  test('outside the Actions runtime, `artifact` is bad input naming the input', () => {
    expect(() => assertActionsRuntime({})).toThrow(InputError)
    expect(() => assertActionsRuntime({})).toThrow("input 'records': 'artifact' needs the GitHub Actions runtime")
    expect(() => assertActionsRuntime({ ACTIONS_RUNTIME_TOKEN: 't' })).not.toThrow()
  })
})
