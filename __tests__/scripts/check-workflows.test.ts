/**
 * The workflow check, fed the defects a user met pasting our workflows: each broken
 * snippet is refused with the reason, and the fixed one passes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { checkWorkflow, loadVendoredActions, shippedWorkflows } from '../../scripts/check-workflows.mjs'

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
const checkSha = (text: string) => checkWorkflow(text, 'w.yml', undefined, { pins: 'sha' })
const actions = loadVendoredActions()
const pinOf = (name: string) => actions.get(name)!.pin!
const bakePin = pinOf('docker/bake-action')
const loginPin = pinOf('docker/login-action')
const shaLogin = `      - uses: docker/login-action@${loginPin.commit} # ${loginPin.tag}
        with: { registry: ghcr.io, username: u, password: p }
`
const shaBake = (commit = bakePin.commit, comment = ` # ${bakePin.tag}`) =>
  `      - uses: docker/bake-action@${commit}${comment}\n        with: { source: ., files: docker-bake.json }\n`
const appendFiles = `      - uses: OWNER/bake-fanout@v1
        with: { mode: append, files: docker-bake.json, metadata: '{}' }
`
/** prepare → build → verify, the verify job's `needs` and `if` given. */
const fanout = (verifyHead: string) => `on: push
concurrency: { group: g, cancel-in-progress: false }
jobs:
  prepare:
    runs-on: ubuntu-latest
    steps:
      - uses: OWNER/bake-fanout@v1
        with: { mode: matrix }
  build:
    needs: prepare
    runs-on: ubuntu-latest
    permissions: { contents: read, packages: write }
    steps:
${login}${append}  verify:
${verifyHead}    runs-on: ubuntu-latest
    permissions: { contents: read, packages: write }
    steps:
${login}      - uses: OWNER/bake-fanout@v1
        with: { mode: verify }
`
/** A job that checks another repository out (to `path`) before or after its bake step. */
const checkoutOther = (where: 'before' | 'after', path = '.bake-fanout', source = '.') => {
  const other = `      - uses: actions/checkout@v7\n        with: { repository: o/tool, path: ${path} }\n`
  const bake = `      - uses: docker/bake-action@v7\n        with: { source: '${source}', files: docker-bake.json }\n`
  return job(login + (where === 'before' ? other + bake : bake + other) + appendFiles)
}

describe('check-workflows', () => {
  test('a workflow as we ship it passes', () => {
    expect(
      check(
        job(
          login +
            `      - uses: docker/bake-action@v7\n        with: { source: ., files: docker-bake.json }\n` +
            appendFiles,
        ),
      ),
    ).toEqual([])
  })

  test("a SHA pin of the vendored tag's commit, with its tag as a comment, passes under either policy", () => {
    const text = job(shaLogin + shaBake() + appendFiles)
    expect({ major: check(text), sha: checkSha(text) }).toEqual({ major: [], sha: [] })
  })

  test('every workflow we ship passes, with the pin policy it is held to', () => {
    const shipped = shippedWorkflows()
    expect(shipped.filter((w) => w.where.startsWith('.github/')).map((w) => w.pins)).toEqual(
      expect.arrayContaining(['sha']),
    )
    expect(shipped.flatMap((w) => checkWorkflow(w.text, w.where, actions, { pins: w.pins }))).toEqual([])
  })

  test('another repository checked out after the bake step, or outside its context, passes', () => {
    expect(check(checkoutOther('after'))).toEqual([])
    expect(check(checkoutOther('before', 'tools/x', 'app'))).toEqual([])
  })

  test('a vendored snapshot without the record of its tag and commit is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vendored-'))
    writeFileSync(path.join(dir, 'docker__bake-action@v7.yml'), 'name: x\ninputs: {}\n')
    expect(() => loadVendoredActions(dir)).toThrow("no '# pin: vX.Y.Z <commit>' record")
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

  const stale = '0123456789abcdef0123456789abcdef01234567'
  test.each([
    [
      'a moving tag where the policy wants SHAs',
      job(login + shaBake() + appendFiles),
      `docker/login-action@v4: a moving tag where this workflow pins commits: @${loginPin.commit} # ${loginPin.tag}`,
    ],
    [
      "a SHA that is not the tag's commit",
      job(shaLogin + shaBake(stale) + appendFiles),
      `${stale} is not ${bakePin.tag}'s commit (${bakePin.commit})`,
    ],
    [
      'a SHA pin without its tag comment',
      job(shaLogin + shaBake(bakePin.commit, '') + appendFiles),
      `a SHA pin carries its tag as a comment: @${bakePin.commit} # ${bakePin.tag}`,
    ],
    [
      'a SHA pin of a stale major',
      job(shaLogin + shaBake(stale, ' # v6.10.0') + appendFiles),
      'docker/bake-action@' + stale + ' # v6.10.0: pin the current major, v7',
    ],
    [
      'a SHA pin of a tag other than the vendored one',
      job(shaLogin + shaBake(stale, ' # v7.0.0') + appendFiles),
      `the vendored action.yml is ${bakePin.tag}'s`,
    ],
  ])('%s is refused', (_name, text, problem) => {
    expect(checkSha(text).join('\n')).toContain(problem)
  })

  test.each([
    [
      'a checkout of another repository into the context before bake',
      checkoutOther('before'),
      "step 2: checks out o/tool into bake's context (source: .) before the bake step",
    ],
    [
      'a checkout into a subdirectory context before bake',
      checkoutOther('before', 'app/vendor', 'app'),
      "checks out o/tool into bake's context (source: app)",
    ],
    [
      'a checkout before a bake whose source is an expression',
      checkoutOther('before', '.x', '${{ inputs.workdir }}'),
      "checks out o/tool into bake's context",
    ],
    [
      'an output pasted into a shell script',
      job(login + appendFiles + `      - run: echo '\${{ steps.verify.outputs.result }}' | jq .\n`),
      'step 3: an expression inside run: is pasted into the script before the shell reads it (template injection): pass it through env:',
    ],
    [
      'a verify without prepare in needs',
      fanout("    needs: build\n    if: ${{ !cancelled() && needs.prepare.result == 'success' }}\n"),
      'job verify: verify needs [prepare, build]: prepare missing',
    ],
    [
      'a verify without the builds in needs',
      fanout('    needs: prepare\n'),
      'job verify: verify needs [prepare, build]: build missing',
    ],
    [
      'a verify that runs after a failed prepare',
      fanout('    needs: [prepare, build]\n    if: ${{ !cancelled() }}\n'),
      "but also when prepare failed: add && needs.prepare.result == 'success'",
    ],
    [
      'an append reading other files than the bake step',
      job(
        login + `      - uses: docker/bake-action@v7\n        with: { source: ., files: docker-bake.json }\n` + append,
      ),
      'append reads other bake files than the bake step built from: give it the same files: (docker-bake.json)',
    ],
  ])('%s is refused', (_name, text, problem) => {
    expect(check(text).join('\n')).toContain(problem)
  })

  test('the fixed verify passes', () => {
    expect(
      check(fanout("    needs: [prepare, build]\n    if: ${{ !cancelled() && needs.prepare.result == 'success' }}\n")),
    ).toEqual([])
  })
})

describe('the README', () => {
  test('shows each example workflow exactly as examples/workflows/ has it (so the linted file is the pasted one)', () => {
    const shipped = shippedWorkflows()
    const examples = shipped.filter((w) => w.where.startsWith('examples/'))
    const blocks = shipped.filter((w) => w.where.startsWith('README.md'))
    const shown = blocks.map((b) => examples.find((e) => e.text.split('\n')[0] === b.text.split('\n')[0]))
    expect(shown.filter((e) => e !== undefined).map((e) => e!.where)).toEqual(
      expect.arrayContaining(['examples/workflows/reusable.yml', 'examples/workflows/images.yml']),
    )
    for (const [i, block] of blocks.entries()) if (shown[i]) expect(block.text).toBe(shown[i]!.text)
  })
})
