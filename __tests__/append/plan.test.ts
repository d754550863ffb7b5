import { checkBuildPlatforms, planTarget } from '../../src/append/plan.js'
import { sourceFor } from '../../src/convergence/builds.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')

describe('planTarget (append)', () => {
  test("the author's annotation-index.* become the index's annotations; the annotations input wins a shared key", () => {
    const plan = planTarget(
      {
        name: 'web',
        platforms: ['linux/amd64'],
        tags: ['o/web:1'],
        indexAnnotations: [
          ['org.opencontainers.image.description', 'from bake'],
          ['org.opencontainers.image.title', 'web'],
        ],
      },
      { target: 'web', digest: digest(1), repositories: ['docker.io/o/web'] },
      [['org.opencontainers.image.description', 'from the input']],
    )
    expect(plan.annotations).toEqual([
      ['org.opencontainers.image.description', 'from the input'],
      ['org.opencontainers.image.title', 'web'],
    ])
  })

  test('groups tags by repository, in definition order', () => {
    const plan = planTarget(
      {
        name: 'web',
        platforms: ['linux/amd64'],
        tags: ['ghcr.io/o/web:1', 'ghcr.io/o/web:latest', 'ghcr.io/o/mirror:1', 'docker.io/o/web:1'],
        indexAnnotations: [],
      },
      { target: 'web', digest: digest(1), repositories: ['docker.io/o/web', 'ghcr.io/o/web'] },
      [],
    )
    expect(plan.repositories).toEqual([
      { registry: 'ghcr.io', repository: 'o/web', tags: ['1', 'latest'] },
      { registry: 'ghcr.io', repository: 'o/mirror', tags: ['1'] },
      { registry: 'docker.io', repository: 'o/web', tags: ['1'] },
    ])
    expect(plan.platforms).toEqual(['linux/amd64'])
  })

  test('no tags is an error', () => {
    expect(() =>
      planTarget(
        { name: 'web', platforms: [], tags: [], indexAnnotations: [] },
        { target: 'web', digest: digest(1), repositories: ['a'] },
        [],
      ),
    ).toThrow("input 'targets': target 'web' has no tags")
  })

  test('a build must belong to the target: a foreign platform is refused, naming metadata', () => {
    const plan = planTarget(
      { name: 'web', platforms: ['linux/amd64', 'windows/amd64'], tags: ['o/web:1'], indexAnnotations: [] },
      { target: 'web', digest: digest(1), repositories: ['docker.io/o/web'] },
      [],
    )
    expect(() => checkBuildPlatforms(plan, ['linux/amd64', 'windows(10.0.20348.2322)/amd64'])).not.toThrow()
    expect(() => checkBuildPlatforms(plan, ['linux/s390x'])).toThrow(
      `input 'metadata': target 'web': ${digest(1)} holds linux/s390x, but the target builds linux/amd64, windows/amd64`,
    )
  })
})

describe('sourceFor (where a record is read or copied from)', () => {
  const record = { repositories: ['docker.io/o/web', 'ghcr.io/o/web'] }
  test.each([
    ['the repository itself', { registry: 'ghcr.io', repository: 'o/web' }, 'ghcr.io/o/web'],
    ['the same registry first (mountable)', { registry: 'ghcr.io', repository: 'o/mirror' }, 'ghcr.io/o/web'],
    ['else the first source (streamed)', { registry: 'quay.io', repository: 'o/web' }, 'docker.io/o/web'],
  ])('%s', (_name, near, expected) => {
    const source = sourceFor(record, near)
    expect(`${source.registry}/${source.repository}`).toBe(expected)
  })
})
