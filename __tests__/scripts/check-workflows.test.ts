/**
 * The workflow check, fed the defects a user met pasting our workflows: each broken
 * snippet is refused with the reason, and the fixed one passes.
 */
import { checkWorkflow } from '../../scripts/check-workflows.mjs'

const job = (steps: string, extra = '') => `on: { push: { branches: [main] } }
concurrency: { group: 'images-\${{ github.ref }}', cancel-in-progress: false }
jobs:
  build:
    runs-on: ubuntu-latest
    permissions: { contents: read, packages: write }
${extra}    steps:
${steps}`
const login = `      - uses: docker/login-action@v4
        with: { registry: ghcr.io, username: u, password: p }
`
const append = `      - uses: OWNER/bake-fanout@v1
        with: { mode: append, metadata: '{}' }
`
const check = (text: string) => checkWorkflow(text, 'w.yml')

describe('check-workflows', () => {
  test('a workflow as we ship it passes', () => {
    expect(
      check(
        job(
          login +
            `      - uses: docker/bake-action@v7\n        with: { source: ., files: docker-bake.json }\n` +
            append,
        ),
      ),
    ).toEqual([])
  })

  test.each([
    [
      'an old major',
      job(login + `      - uses: docker/bake-action@v6\n        with: { source: . }\n` + append),
      'docker/bake-action@v6: pin the current major, @v7',
    ],
    [
      "v7's removed workdir",
      job(login + `      - uses: docker/bake-action@v7\n        with: { workdir: docker }\n` + append),
      "docker/bake-action@v7 has no input 'workdir'",
    ],
    ['no login where the job writes', job(append), 'writes to a registry and logs in to none'],
    [
      'GHCR without packages: write',
      job(login + append).replace(
        'permissions: { contents: read, packages: write }',
        'permissions: { contents: read }',
      ),
      "pushes to GHCR without 'permissions: packages: write'",
    ],
    [
      'signing without an OIDC token',
      job(login + append.replace("mode: append, metadata: '{}'", 'mode: verify, sign: true')),
      "signs (sign) without 'permissions: id-token: write'",
    ],
    [
      'an action that publishes no floating major tag',
      job(login + `      - uses: sigstore/cosign-installer@v4\n` + append),
      'sigstore/cosign-installer@v4: it publishes no floating major tag: pin @v4.1.2 (or its commit)',
    ],
    [
      'no concurrency group',
      job(login + append).replace(/^concurrency:.*\n/m, ''),
      "appends to tags without 'concurrency",
    ],
    [
      'setup-buildx on Windows',
      job(login + `      - uses: docker/setup-buildx-action@v4\n` + append).replace(
        'runs-on: ubuntu-latest',
        'runs-on: windows-latest',
      ),
      'docker/setup-buildx-action does not run on Windows runners',
    ],
    [
      "metadata-action's default annotation level",
      job(
        login +
          `      - id: meta\n        uses: docker/metadata-action@v6\n        with: { images: ghcr.io/o/a }\n` +
          `      - uses: OWNER/bake-fanout@v1\n        with: { mode: append, metadata: '{}', annotations: '\${{ steps.meta.outputs.annotations }}' }\n`,
      ),
      "DOCKER_METADATA_ANNOTATIONS_LEVELS (manifest) has no 'index' level",
    ],
    [
      'the reusable workflow given a secret it does not take',
      `on: push
jobs:
  images:
    uses: OWNER/bake-fanout/.github/workflows/fanout.yml@v1
    permissions: { contents: read, packages: write, id-token: write }
    secrets:
      registry-password: x
`,
      "fanout.yml has no secret 'registry-password'",
    ],
    [
      'a caller of the reusable workflow without a concurrency group',
      `on: push
jobs:
  images:
    uses: OWNER/bake-fanout/.github/workflows/fanout.yml@v1
    permissions: { contents: read, packages: write, id-token: write }
`,
      "the caller of fanout.yml appends to tags: it needs 'concurrency",
    ],
    [
      'the reusable workflow without id-token: write',
      `on: push
jobs:
  images:
    uses: OWNER/bake-fanout/.github/workflows/fanout.yml@v1
    permissions: { contents: read, packages: write }
`,
      "fanout.yml needs 'id-token: write'",
    ],
    [
      'an input our own action does not have',
      job(login + `      - uses: OWNER/bake-fanout@v1\n        with: { mode: append, registry-password: x }\n`),
      "OWNER/bake-fanout@v1 has no input 'registry-password'",
    ],
  ])('%s is refused', (_name, text, problem) => {
    expect(check(text).join('\n')).toContain(problem)
  })
})
