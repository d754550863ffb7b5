/**
 * What actionlint cannot see in a workflow we ship: whether each `uses:` pins the
 * current major of the action, whether every `with:` key exists in that major's own
 * action.yml (vendored in scripts/actions/, one file per action and major, taken from
 * the action's repository), and the facts of this product a user would otherwise meet
 * on GitHub: logins and permissions for the registries written, the concurrency group,
 * metadata-action's annotation levels, setup-buildx on Windows.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

const root = path.resolve(import.meta.dirname, '..')
const vendored = path.join(root, 'scripts/actions')

/**
 * owner/name → { major, exact?, inputs: Map<name, {required, default}> } from
 * scripts/actions/owner__name@vN.yml, or @vN.N.N for an action that publishes no
 * floating major tag (`@vN` would not resolve on GitHub): it must be pinned exactly.
 */
export function loadVendoredActions(dir = vendored) {
  const actions = new Map()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    const [, owner, name, major, rest] = /^(.+?)__(.+)@v(\d+)(\.\d+\.\d+)?\.yml$/.exec(file) ?? []
    if (!owner) continue
    actions.set(`${owner}/${name}`, {
      major: Number(major),
      ...(rest && { exact: `v${major}${rest}` }),
      inputs: inputsOf(readFileSync(path.join(dir, file), 'utf8')),
    })
  }
  // This repository's own action, as `./` and as OWNER/bake-fanout@v1 in the examples.
  const own = { major: 1, inputs: inputsOf(readFileSync(path.join(root, 'action.yml'), 'utf8')) }
  actions.set('./', own)
  actions.set('OWNER/bake-fanout', own)
  return actions
}

function inputsOf(text) {
  const inputs = parse(text).inputs ?? {}
  return new Map(Object.entries(inputs).map(([k, v]) => [k, { required: v?.required === true, default: v?.default }]))
}

/** Every problem of one workflow text; `where` names it in messages. */
export function checkWorkflow(text, where, actions = loadVendoredActions()) {
  const workflow = parse(text)
  const problems = []
  const say = (what) => problems.push(`${where}: ${what}`)
  const jobs = Object.entries(workflow?.jobs ?? {})
  for (const [jobName, job] of jobs) {
    if (typeof job.uses === 'string') checkCall(job, `job ${jobName}`, say, workflow)
    const steps = job.steps ?? []
    for (const [i, step] of steps.entries()) {
      if (typeof step.uses === 'string') checkUses(step, `job ${jobName}, step ${i + 1}`, actions, say)
    }
    checkJobFacts(workflow, jobName, job, say)
  }
  checkConcurrency(workflow, jobs, say)
  return problems
}

function checkUses(step, at, actions, say) {
  const [action, ref = ''] = step.uses.startsWith('./') ? ['./', ''] : step.uses.split('@')
  const known = actions.get(action.replace(/\/$/, '') === '.' ? './' : action)
  if (!known) return say(`${at}: ${step.uses}: no vendored action.yml in scripts/actions/ to check it against`)
  if (known.exact && ref !== known.exact && !/^[0-9a-f]{40}$/.test(ref))
    say(`${at}: ${step.uses}: it publishes no floating major tag: pin @${known.exact} (or its commit)`)
  else if (!known.exact && action !== './') {
    const major = Number(/^v(\d+)$/.exec(ref)?.[1])
    if (major !== known.major) say(`${at}: ${step.uses}: pin the current major, @v${known.major}`)
  }
  const given = Object.keys(step.with ?? {})
  for (const key of given) if (!known.inputs.has(key)) say(`${at}: ${step.uses} has no input '${key}'`)
  for (const [key, input] of known.inputs)
    if (input.required && input.default === undefined && !given.includes(key))
      say(`${at}: ${step.uses} needs input '${key}'`)
}

/** A call of bake-fanout's reusable workflow: its `with:` and `secrets:` against the workflow's own. */
function checkCall(job, at, say, workflow) {
  if (!/^(OWNER\/bake-fanout\/|\.\/)\.github\/workflows\/fanout\.yml/.test(job.uses)) return
  const called = parse(readFileSync(path.join(root, '.github/workflows/fanout.yml'), 'utf8')).on.workflow_call
  for (const key of Object.keys(job.with ?? {}))
    if (!(key in (called.inputs ?? {}))) say(`${at}: fanout.yml has no input '${key}'`)
  for (const key of Object.keys(typeof job.secrets === 'object' ? job.secrets : {}))
    if (!(key in (called.secrets ?? {}))) say(`${at}: fanout.yml has no secret '${key}'`)
  if (workflow?.concurrency?.['cancel-in-progress'] !== false)
    say(
      `${at}: the caller of fanout.yml appends to tags: it needs 'concurrency: { group: …, cancel-in-progress: false }'`,
    )
  if (job.permissions?.['id-token'] !== 'write')
    say(`${at}: fanout.yml needs 'id-token: write' (it runs bake-fanout at its own commit, named in the OIDC token)`)
}

const isOwn = (step) =>
  typeof step.uses === 'string' && (step.uses.startsWith('./') || step.uses.startsWith('OWNER/bake-fanout@'))
const usesAction = (step, name) => typeof step.uses === 'string' && step.uses.startsWith(`${name}@`)

function checkJobFacts(workflow, jobName, job, say) {
  const steps = job.steps ?? []
  const writes = steps.some(
    (s) => (isOwn(s) && ['append', 'verify'].includes(String(s.with?.mode))) || usesAction(s, 'docker/bake-action'),
  )
  const logins = steps.filter((s) => usesAction(s, 'docker/login-action'))
  if (writes && logins.length === 0 && !/localhost|127\.0\.0\.1/.test(JSON.stringify(job)))
    say(`job ${jobName}: writes to a registry and logs in to none (docker/login-action, once per registry)`)
  const ghcr = logins.some((s) => String(s.with?.registry ?? '').includes('ghcr.io'))
  const permissions = job.permissions ?? workflow.permissions
  const canPush = permissions === 'write-all' || permissions?.packages === 'write'
  // A reusable workflow's jobs get their permissions from the caller (its header says which).
  const called = workflow.on?.workflow_call !== undefined
  if (ghcr && writes && !canPush && !called)
    say(`job ${jobName}: pushes to GHCR without 'permissions: packages: write'`)
  // Keyless signing needs the job's OIDC token, which only id-token: write grants.
  const signs = steps.some((s) => isOwn(s) && s.with?.sign !== undefined && String(s.with.sign) !== 'false')
  const canSign = permissions === 'write-all' || permissions?.['id-token'] === 'write'
  if (signs && !canSign && !called && !/SIGSTORE_ID_TOKEN/.test(JSON.stringify(job)))
    say(`job ${jobName}: signs (sign) without 'permissions: id-token: write'`)
  // A runner from bake-fanout's matrix can be a Windows one (a `runners` override).
  const fromMatrix =
    /fromJSON/.test(String(job.strategy?.matrix?.include ?? '')) && /matrix\./.test(String(job['runs-on'] ?? ''))
  const onWindows = /windows/i.test(JSON.stringify(job['runs-on'] ?? ''))
  for (const step of steps.filter((s) => usesAction(s, 'docker/setup-buildx-action'))) {
    if ((onWindows || fromMatrix) && !/runner\.os/.test(String(step.if ?? '')))
      say(
        `job ${jobName}: docker/setup-buildx-action does not run on Windows runners: guard it with if: runner.os != 'Windows'`,
      )
  }
  checkAnnotationLevels(workflow, jobName, steps, say)
}

/** metadata-action prefixes annotations with DOCKER_METADATA_ANNOTATIONS_LEVELS (default `manifest`): a tag's index needs `index`. */
function checkAnnotationLevels(workflow, jobName, steps, say) {
  const passed = Object.values(workflow.jobs ?? {}).some((job) =>
    (job.steps ?? []).some((s) => isOwn(s) && /outputs\.annotations/.test(String(s.with?.annotations ?? ''))),
  )
  if (!passed) return
  for (const meta of steps.filter((s) => usesAction(s, 'docker/metadata-action'))) {
    const levels = String(
      meta.env?.DOCKER_METADATA_ANNOTATIONS_LEVELS ?? workflow.env?.DOCKER_METADATA_ANNOTATIONS_LEVELS ?? 'manifest',
    )
    if (!levels.split(',').includes('index'))
      say(
        `job ${jobName}: metadata-action's annotations reach bake-fanout, but DOCKER_METADATA_ANNOTATIONS_LEVELS (${levels}) ` +
          "has no 'index' level: none would apply to a tag",
      )
  }
}

/** Overlapping runs of one ref publish one after the other: newest run wins only for what a writer reads. */
function checkConcurrency(workflow, jobs, say) {
  const appends = jobs.some(([, job]) => (job.steps ?? []).some((s) => isOwn(s) && s.with?.mode === 'append'))
  if (!appends || workflow.on?.workflow_call !== undefined) return
  const c = workflow.concurrency
  if (!c || c['cancel-in-progress'] !== false)
    say(
      "appends to tags without 'concurrency: { group: …${{ github.ref }}, cancel-in-progress: false }' (a cancelled run's PUT is an orphan nothing repairs)",
    )
}
