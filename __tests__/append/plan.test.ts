import { planTarget } from '../../src/append/plan.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')

describe('planTarget (append)', () => {
  test('groups tags by repository; a repository not pushed to copies from the same registry first', () => {
    const plan = planTarget(
      {
        name: 'web',
        platforms: ['linux/amd64'],
        definition: {},
        tags: ['ghcr.io/o/web:1', 'ghcr.io/o/web:latest', 'ghcr.io/o/mirror:1', 'docker.io/o/web:1'],
      },
      { target: 'web', digest: digest(1), repositories: ['docker.io/o/web', 'ghcr.io/o/web'] },
    )
    expect(plan.repositories).toEqual([
      { registry: 'ghcr.io', repository: 'o/web', tags: ['1', 'latest'] },
      {
        registry: 'ghcr.io',
        repository: 'o/mirror',
        tags: ['1'],
        copyFrom: { registry: 'ghcr.io', repository: 'o/web' },
      },
      { registry: 'docker.io', repository: 'o/web', tags: ['1'] },
    ])
  })

  test('another registry streams from the first source; no tags is an error', () => {
    const plan = planTarget(
      { name: 'web', platforms: [], definition: {}, tags: ['quay.io/o/web:1'] },
      { target: 'web', digest: digest(1), repositories: ['ghcr.io/o/web'] },
    )
    expect(plan.repositories[0].copyFrom).toEqual({ registry: 'ghcr.io', repository: 'o/web' })
    expect(() =>
      planTarget(
        { name: 'web', platforms: [], definition: {}, tags: [] },
        { target: 'web', digest: digest(1), repositories: ['a'] },
      ),
    ).toThrow("input 'targets': target 'web' has no tags")
  })
})
