/**
 * The reusable workflow's build job, played step by step in a temporary workspace, up to
 * the bake step: what docker/bake-action's `source` then holds is what a `COPY . .`
 * puts into the user's image, and nothing of ours may be in it. Run steps run for real
 * (bash, with the step's env and a fake OIDC token endpoint on loopback, the one
 * boundary we cannot reach); each action's effect on the workspace is modelled from its
 * action.yml: checkout writes a repository (and its token into .git/config unless
 * persist-credentials is false) at `path`, under the workspace only; google-github-actions/auth
 * writes a credentials file into the workspace unless create_credentials_file is false; a
 * local action (`uses: ./x`) must exist when used; the other actions write outside it.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync as makeTemp,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '../..')
const FANOUT = path.join(ROOT, '.github/workflows/fanout.yml')
const SELF_SHA = 'f'.repeat(40)
/** Temporary directories, removed after the file's tests (each play copies dist/, megabytes). */
const temporary: string[] = []
const mkdtempSync = (prefix: string) => {
  const dir = makeTemp(prefix)
  temporary.push(dir)
  return dir
}
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })))
const CREDENTIALS = 'AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46c2VjcmV0'

type Step = {
  name?: string
  id?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
  'working-directory'?: string
  shell?: string
}
type Job = { steps: Step[]; env?: Record<string, unknown> }
type Context = {
  inputs: Record<string, unknown>
  steps: Record<string, Record<string, string>>
  env: Record<string, string>
  matrix: Record<string, unknown>
  runner: Record<string, string>
  secrets: Record<string, string>
  github: Record<string, string>
}

/** A small evaluator for the expressions the workflow uses: paths, literals, !, ==, !=, &&, ||, format(), parentheses. */
function evaluate(expression: string, ctx: Context): unknown {
  const tokens = expression.match(/'(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|,|[A-Za-z_][\w.-]*/g) ?? []
  let at = 0
  const peek = () => tokens[at]
  const next = () => tokens[at++]
  const truthy = (v: unknown) => v !== '' && v !== false && v !== undefined && v !== null && v !== 0
  function primary(): unknown {
    const token = next()
    if (token === '!') return !truthy(primary())
    if (token === '(') {
      const value = or()
      next()
      return value
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'")
    if (token === 'true' || token === 'false') return token === 'true'
    if (peek() === '(') {
      next()
      const args: unknown[] = []
      while (peek() !== ')') {
        args.push(or())
        if (peek() === ',') next()
      }
      next()
      if (token === 'format') return String(args[0]).replace(/\{(\d+)\}/g, (_m, i) => String(args[Number(i) + 1] ?? ''))
      if (token === 'cancelled') return false
      throw new Error(`the simulation has no function ${token}()`)
    }
    let value: unknown = ctx
    for (const part of token.split('.')) value = (value as Record<string, unknown> | undefined)?.[part]
    return value ?? ''
  }
  function comparison(): unknown {
    const left = primary()
    if (peek() === '==' || peek() === '!=') {
      const op = next()
      const right = primary()
      return op === '==' ? String(left) === String(right) : String(left) !== String(right)
    }
    return left
  }
  function and(): unknown {
    let value = comparison()
    while (peek() === '&&') {
      next()
      const right = comparison()
      value = truthy(value) ? right : value
    }
    return value
  }
  function or(): unknown {
    let value = and()
    while (peek() === '||') {
      next()
      const right = and()
      value = truthy(value) ? value : right
    }
    return value
  }
  return or()
}

const substitute = (text: unknown, ctx: Context) =>
  String(text ?? '').replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, e) => String(evaluate(e, ctx)))
const condition = (step: Step, ctx: Context) => {
  if (step.if === undefined) return true
  const value = evaluate(String(step.if).replace(/^\s*\$\{\{([\s\S]*)\}\}\s*$/, '$1'), ctx)
  return value !== '' && value !== false
}

/** What a checkout writes: the repository's files, and its token in .git/config unless persist-credentials is false. */
function checkout(into: string, files: string, persist: boolean) {
  mkdirSync(into, { recursive: true })
  cpSync(files, into, { recursive: true })
  mkdirSync(path.join(into, '.git'), { recursive: true })
  const header = persist ? `[http "https://github.com/"]\n\textraheader = ${CREDENTIALS}\n` : ''
  writeFileSync(path.join(into, '.git/config'), `[core]\n\tbare = false\n${header}`)
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

interface Played {
  workspace: string
  context: string | undefined
  ranOwnAction: boolean
}

/**
 * Plays one job's steps; returns the bake context's directory as it stood when the bake
 * step started (copied then), and whether our local action was found when used.
 */
async function play(
  job: Job,
  inputs: Record<string, unknown>,
  oidc: string,
  ours: string,
  user: string,
): Promise<Played> {
  const base = mkdtempSync(path.join(tmpdir(), 'fanout-context-'))
  const workspace = path.join(base, 'workspace')
  mkdirSync(workspace)
  const runnerTemp = path.join(base, 'temp')
  mkdirSync(runnerTemp)
  const ctx: Context = {
    inputs,
    steps: {},
    env: {},
    matrix: {
      target: 'app',
      qemu: false,
      tags: 'registry.example/app:1',
      set: 'app.platform=linux/amd64',
      slug: 'app-linux-amd64',
    },
    runner: { os: 'Linux', temp: runnerTemp },
    secrets: {},
    github: { token: 'x-access-token', repository: 'acme/app', actor: 'someone' },
  }
  for (const [k, v] of Object.entries(job.env ?? {})) ctx.env[k] = substitute(v, ctx)
  let context: string | undefined
  let ranOwnAction = false
  for (const [i, step] of job.steps.entries()) {
    if (!condition(step, ctx)) continue
    const outputs: Record<string, string> = {}
    // Our own action's inputs are not evaluated: it writes nothing into the workspace.
    const given = step.uses?.startsWith('./') ? {} : (step.with ?? {})
    const withs = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, substitute(v, ctx)]))
    if (step.uses?.startsWith('docker/bake-action@')) {
      const source = path.resolve(workspace, withs.source ?? '.')
      context = path.join(base, 'context-at-bake')
      cpSync(source, context, { recursive: true })
    } else if (step.uses?.startsWith('actions/checkout@')) {
      const into = path.resolve(workspace, withs.path ?? '.')
      if (into !== workspace && !into.startsWith(workspace + path.sep))
        throw new Error(`step ${i + 1}: checkout's path must be under the workspace`)
      const theirs = withs.repository === undefined || withs.repository === ctx.github.repository
      checkout(into, theirs ? user : ours, withs['persist-credentials'] !== 'false')
    } else if (step.uses?.startsWith('google-github-actions/auth@')) {
      if (withs.create_credentials_file !== 'false') writeFileSync(path.join(workspace, 'gha-creds-1.json'), '{}')
    } else if (step.uses?.startsWith('./')) {
      if (!existsSync(path.join(workspace, step.uses, 'action.yml')))
        throw new Error(`step ${i + 1}: ${step.uses} is used before it is checked out`)
      ranOwnAction = true
    } else if (step.run !== undefined) {
      Object.assign(outputs, await runStep(step, ctx, workspace, runnerTemp, oidc, i))
    }
    if (step.id) ctx.steps[step.id] = { ...(ctx.steps[step.id] ?? {}), outputs } as never
  }
  return { workspace, context, ranOwnAction }
}

/** A run step, for real: bash -eo pipefail as the runner runs `shell: bash`, GITHUB_OUTPUT/GITHUB_ENV read back. */
async function runStep(step: Step, ctx: Context, workspace: string, temp: string, oidc: string, i: number) {
  const output = path.join(temp, `output-${i}`)
  const envFile = path.join(temp, `env-${i}`)
  writeFileSync(output, '')
  writeFileSync(envFile, '')
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: temp,
    GITHUB_OUTPUT: output,
    GITHUB_ENV: envFile,
    RUNNER_TEMP: temp,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${oidc}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    ...ctx.env,
    ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, ctx)])),
  }
  const cwd = path.resolve(workspace, substitute(step['working-directory'] ?? '.', ctx))
  // Asynchronous: the fake token endpoint answers from this process while bash runs.
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', String(step.run)], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 20_000,
  })
  let said = ''
  child.stdout.on('data', (chunk) => (said += chunk))
  child.stderr.on('data', (chunk) => (said += chunk))
  const code = await new Promise((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`step ${i + 1} failed: ${said}`)
  Object.assign(ctx.env, readCommandFile(envFile))
  return readCommandFile(output)
}

/** name=value and name<<delimiter … delimiter lines, as the runner reads GITHUB_OUTPUT and GITHUB_ENV. */
function readCommandFile(file: string): Record<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n')
  const values: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      if (end < 0) throw new Error(`${file}: ${heredoc[1]}'s delimiter never closes`)
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (lines[i].includes('='))
      values[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1)
  }
  return values
}

describe("the reusable workflow's build context", () => {
  let server: Server
  let oidc = ''
  const requests: string[] = []
  const workflow = parse(readFileSync(FANOUT, 'utf8')) as {
    jobs: Record<string, Job>
    on: { workflow_call: { inputs: Record<string, { default?: unknown }> } }
  }
  const defaults = Object.fromEntries(
    Object.entries(workflow.on.workflow_call.inputs).map(([k, v]) => [k, v.default ?? '']),
  )
  const inputs = {
    ...defaults,
    generate: `printf '{"target":{"app":{"context":".","platforms":["linux/amd64"],"tags":["registry.example/app:\${VERSION}"]}}}' > docker-bake.json`,
    files: 'docker-bake.json',
    vars: 'VERSION=1.2.3',
    'gcp-workload-identity-provider': 'projects/1/locations/global/workloadIdentityPools/p/providers/github',
  }
  let ours = ''
  let user = ''

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.headers.authorization} ${req.url}`)
      const claims = {
        job_workflow_ref: 'acme/bake-fanout/.github/workflows/fanout.yml@refs/tags/v1.0.0',
        job_workflow_sha: SELF_SHA,
      }
      const jwt = ['e30', Buffer.from(JSON.stringify(claims)).toString('base64url'), 'sig'].join('.')
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ value: jwt }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    oidc = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    // Ours: this repository's action as a checkout of it would bring it. Theirs: an app whose Dockerfile copies its context.
    ours = mkdtempSync(path.join(tmpdir(), 'fanout-ours-'))
    cpSync(path.join(ROOT, 'action.yml'), path.join(ours, 'action.yml'))
    cpSync(path.join(ROOT, 'dist'), path.join(ours, 'dist'), { recursive: true })
    user = mkdtempSync(path.join(tmpdir(), 'fanout-user-'))
    writeFileSync(path.join(user, 'Dockerfile'), 'FROM scratch\nCOPY . /app\n')
    writeFileSync(path.join(user, 'server.js'), 'console.log("the app")\n')
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  test("holds the user's files and the generated bake file, and nothing of ours: no file, no token", async () => {
    const played = await play(workflow.jobs.build, inputs, oidc, ours, user)
    expect(played.context).toBeDefined()
    const context = played.context!
    const files = listFiles(context)
    expect(files).toEqual(['.git/config', 'Dockerfile', 'docker-bake.json', 'server.js'])
    const ourHashes = new Set(listFiles(ours).map((f) => hash(path.join(ours, f))))
    expect(files.filter((f) => ourHashes.has(hash(path.join(context, f))))).toEqual([])
    expect(readFileSync(path.join(context, '.git/config'), 'utf8')).not.toContain('AUTHORIZATION')
    // The run steps ran: the variable reached the environment, the generator wrote the file, the OIDC token was asked for.
    expect(readFileSync(path.join(context, 'docker-bake.json'), 'utf8')).toContain('${VERSION}')
    expect(requests.some((r) => r.startsWith('bearer request-token') && r.includes('audience=bake-fanout'))).toBe(true)
    // After the bake step, bake-fanout is there for append to run.
    expect(played.ranOwnAction).toBe(true)
  })

  test('the simulation sees ours when it is checked out before the bake step (the defect it guards against)', async () => {
    const steps = [...workflow.jobs.build.steps]
    const own = steps.findIndex((s) => s.uses?.startsWith('actions/checkout@') && s.with?.repository !== undefined)
    const bake = steps.findIndex((s) => s.uses?.startsWith('docker/bake-action@'))
    const [checkoutOurs] = steps.splice(own, 1)
    steps.splice(bake, 0, checkoutOurs)
    const played = await play({ ...workflow.jobs.build, steps }, inputs, oidc, ours, user)
    expect(listFiles(played.context!)).toEqual(
      expect.arrayContaining(['.bake-fanout/action.yml', '.bake-fanout/dist/index.js']),
    )
  })

  test.each(['prepare', 'verify'])('%s finds bake-fanout checked out before it uses it', async (name) => {
    expect((await play(workflow.jobs[name], inputs, oidc, ours, user)).ranOwnAction).toBe(true)
  })

  test('no run step puts an expression into the shell script (outputs and inputs reach shells through env:)', () => {
    const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.filter((s) => s.run !== undefined))
    expect(runs.filter((s) => String(s.run).includes('${{'))).toEqual([])
  })
})

describe("the reusable workflow's own run steps", () => {
  const workflow = parse(readFileSync(FANOUT, 'utf8')) as { jobs: Record<string, Job> }
  const runOf = (job: string, pick: (s: Step) => boolean) => String(workflow.jobs[job].steps.find(pick)!.run)

  async function bash(script: string, env: Record<string, string>) {
    const dir = mkdtempSync(path.join(tmpdir(), 'fanout-step-'))
    const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_ENV: path.join(dir, 'env') }
    for (const file of Object.values(files)) writeFileSync(file, '')
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', ...files, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let said = ''
    child.stdout.on('data', (chunk) => (said += chunk))
    child.stderr.on('data', (chunk) => (said += chunk))
    const code = await new Promise((resolve) => child.on('close', resolve))
    return { code, said, env: readFileSync(files.GITHUB_ENV, 'utf8') }
  }

  test('the copies of a step each job needs are the same script (no job drifts from the others)', () => {
    // A reusable workflow cannot share a step before it has checked anything out: the copies stay, and stay equal.
    const self = ['prepare', 'build', 'verify'].map((job) => runOf(job, (s) => s.id === 'self'))
    const vars = ['prepare', 'build'].map((job) => runOf(job, (s) => s.name === 'Bake variables'))
    expect(new Set(self).size).toBe(1)
    expect(new Set(vars).size).toBe(1)
  })

  test.each(['prepare', 'build', 'verify'])(
    "%s: without id-token: write, a clear error naming the permission (not curl's bad URL)",
    async (job) => {
      const { code, said } = await bash(
        runOf(job, (s) => s.id === 'self'),
        {},
      )
      expect(code).toBe(1)
      expect(said).toMatch(/^::error title=bake-fanout needs id-token: write::.*'permissions: id-token: write'/m)
      expect(said).not.toMatch(/curl/)
    },
  )

  test("vars: NAME=value lines reach the environment of the later steps, an '=' in a value kept", async () => {
    const script = runOf('build', (s) => s.name === 'Bake variables')
    const { code, env } = await bash(script, { BAKE_VARS: 'VERSION=1.2.3\nTITLE=a=b c\n' })
    expect(code).toBe(0)
    expect(readCommandFileText(env)).toEqual({ VERSION: '1.2.3', TITLE: 'a=b c' })
  })

  test.each([
    ['PATH=/tmp/evil', "'PATH' would steer the runner"],
    ['NODE_OPTIONS=--require /tmp/x.js', "'NODE_OPTIONS' would steer the runner"],
    ['not a variable', "'vars' takes NAME=value lines"],
  ])('vars refuses %s', async (line, message) => {
    const script = runOf('prepare', (s) => s.name === 'Bake variables')
    const { code, said, env } = await bash(script, { BAKE_VARS: line })
    expect({ code, env }).toEqual({ code: 1, env: '' })
    expect(said).toContain(message)
  })
})

function readCommandFileText(text: string): Record<string, string> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'fanout-env-')), 'env')
  writeFileSync(file, text)
  return readCommandFile(file)
}

describe('e2e.yml', () => {
  const e2e = parse(readFileSync(path.join(ROOT, '.github/workflows/e2e.yml'), 'utf8')) as { jobs: Record<string, Job> }
  const steps = Object.values(e2e.jobs).flatMap((job) => job.steps)

  test("signs on Sigstore's staging instance only, with staging's trust root", () => {
    const signing = steps.filter((s) => s.uses === './' && String(s.with?.sign) === 'true')
    expect(signing).toHaveLength(1)
    expect(signing[0].with).toMatchObject({
      'sigstore-fulcio-url': 'https://fulcio.sigstage.dev',
      'sigstore-rekor-url': 'https://rekor.sigstage.dev',
      'sigstore-tsa-url': 'https://timestamp.sigstage.dev',
      'sigstore-trusted-root': '${{ steps.staging.outputs.trusted-root }}',
    })
    expect(String(steps.find((s) => s.id === 'staging')?.run)).toContain('--mirror https://tuf-repo-cdn.sigstage.dev')
  })
})
