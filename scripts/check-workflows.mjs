/**
 * What actionlint cannot see in a workflow we ship: whether each `uses:` pins the
 * current major of the action (as `@vN`, or as the full commit of the vendored tag with
 * its `# vX.Y.Z` comment), whether every `with:` key exists in that major's own
 * action.yml (vendored in scripts/actions/, one file per action and major, taken from
 * the action's repository at the tag its `# pin:` record names), and the facts of this
 * product a user would otherwise meet on GitHub: logins and permissions for the
 * registries written, the concurrency group, metadata-action's annotation levels,
 * setup-buildx on Windows, verify's `needs`, and nothing of ours in bake's context.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

const root = path.resolve(import.meta.dirname, '..')
const vendored = path.join(root, 'scripts/actions')
const SHA = /^[0-9a-f]{40}$/

/**
 * owner/name → { major, exact?, pin: {tag, commit}, inputs } from
 * scripts/actions/owner__name@vN.yml, or @vN.N.N for an action that publishes no
 * floating major tag (`@vN` would not resolve on GitHub): it must be pinned exactly.
 * Each snapshot records the tag it was taken at and that tag's commit
 * (`# pin: vX.Y.Z <sha>`): the only commit a SHA pin of that action may name.
 */
export function loadVendoredActions(dir = vendored) {
  const actions = new Map()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
    const [, owner, name, major, rest] = /^(.+?)__(.+)@v(\d+)(\.\d+\.\d+)?\.yml$/.exec(file) ?? []
    if (!owner) continue
    const text = readFileSync(path.join(dir, file), 'utf8')
    const [, tag, commit] = /^# pin: (v\d+\.\d+\.\d+) ([0-9a-f]{40})$/m.exec(text) ?? []
    if (!tag) throw new Error(`scripts/actions/${file}: no '# pin: vX.Y.Z <commit>' record of the tag it was taken at`)
    if (Number(/^v(\d+)/.exec(tag)[1]) !== Number(major))
      throw new Error(`scripts/actions/${file}: its record names ${tag}, not a v${major} tag`)
    actions.set(`${owner}/${name}`, {
      major: Number(major),
      ...(rest && { exact: `v${major}${rest}` }),
      pin: { tag, commit },
      inputs: inputsOf(text),
    })
  }
  // This repository's own action, as `./` (or a local checkout of it) and as OWNER/bake-fanout@v1 in the examples.
  const own = { major: 1, inputs: inputsOf(readFileSync(path.join(root, 'action.yml'), 'utf8')) }
  actions.set('./', own)
  actions.set('OWNER/bake-fanout', own)
  return actions
}

function inputsOf(text) {
  const inputs = parse(text).inputs ?? {}
  return new Map(Object.entries(inputs).map(([k, v]) => [k, { required: v?.required === true, default: v?.default }]))
}

/**
 * Every problem of one workflow text; `where` names it in messages. `pins`: `major`
 * (default) accepts `@vN` of the current major or a SHA pin; `sha` accepts only a
 * full commit SHA with its `# vX.Y.Z` comment (what organisations that require SHA
 * pins, and this repository's own workflows, use).
 */
export function checkWorkflow(text, where, actions = loadVendoredActions(), { pins = 'major' } = {}) {
  const workflow = parse(text)
  const problems = []
  const say = (what) => problems.push(`${where}: ${what}`)
  const comments = pinComments(text)
  const jobs = Object.entries(workflow?.jobs ?? {})
  for (const [jobName, job] of jobs) {
    if (typeof job.uses === 'string') checkCall(job, `job ${jobName}`, say, workflow)
    const steps = job.steps ?? []
    for (const [i, step] of steps.entries()) {
      if (typeof step.uses === 'string')
        checkUses(step, `job ${jobName}, step ${i + 1}`, actions, say, { pins, comments })
    }
    checkJobFacts(workflow, jobName, job, say)
    checkContext(jobName, steps, say)
    checkAppendFiles(jobName, steps, say)
    for (const [i, step] of steps.entries())
      if (typeof step.run === 'string' && step.run.includes('${{'))
        say(
          `job ${jobName}, step ${i + 1}: an expression inside run: is pasted into the script before the shell reads it (template injection): pass it through env:`,
        )
  }
  checkConcurrency(workflow, jobs, say)
  checkVerifyNeeds(jobs, say)
  return problems
}

/** `uses: owner/name@<sha>` → the comments written after it (YAML drops comments: read them from the text). */
function pinComments(text) {
  const found = new Map()
  for (const [, uses, comment = ''] of text.matchAll(
    /uses:\s*['"]?([^\s'"#]+@[0-9a-f]{40})['"]?[ \t]*(?:#[ \t]*(.*))?$/gm,
  ))
    found.set(uses, [...(found.get(uses) ?? []), comment.trim()])
  return found
}

function checkUses(step, at, actions, say, { pins, comments }) {
  const local = step.uses.startsWith('./')
  const [action, ref = ''] = local ? ['./', ''] : step.uses.split('@')
  const known = actions.get(action)
  if (!known) return say(`${at}: ${step.uses}: no vendored action.yml in scripts/actions/ to check it against`)
  if (!local && known.pin) checkPin(step.uses, ref, known, at, say, { pins, comments })
  const given = Object.keys(step.with ?? {})
  for (const key of given) if (!known.inputs.has(key)) say(`${at}: ${step.uses} has no input '${key}'`)
  for (const [key, input] of known.inputs)
    if (input.required && input.default === undefined && !given.includes(key))
      say(`${at}: ${step.uses} needs input '${key}'`)
}

/** `@vN` of the current major (or the exact version where no major tag exists), or the vendored tag's commit with its comment. */
function checkPin(uses, ref, known, at, say, { pins, comments }) {
  const { tag, commit } = known.pin
  const name = uses.split('@')[0]
  if (SHA.test(ref)) {
    const written = comments.get(uses) ?? ['']
    for (const comment of written) {
      const version = /^(v\d+\.\d+\.\d+)\b/.exec(comment)?.[1]
      if (!version) say(`${at}: ${uses}: a SHA pin carries its tag as a comment: @${commit} # ${tag}`)
      else if (Number(/^v(\d+)/.exec(version)[1]) !== known.major)
        say(`${at}: ${uses} # ${version}: pin the current major, v${known.major} (${tag}: @${commit} # ${tag})`)
      else if (version !== tag)
        say(
          `${at}: ${uses} # ${version}: the vendored action.yml is ${tag}'s (scripts/actions/): pin @${commit} # ${tag}, or refresh the snapshot and its record`,
        )
      else if (ref !== commit) say(`${at}: ${uses} # ${version}: ${ref} is not ${tag}'s commit (${commit})`)
    }
    return
  }
  if (pins === 'sha') return say(`${at}: ${uses}: a moving tag where this workflow pins commits: @${commit} # ${tag}`)
  if (known.exact) {
    if (ref !== known.exact)
      say(`${at}: ${uses}: it publishes no floating major tag: pin @${known.exact} (or its commit)`)
    return
  }
  const major = Number(/^v(\d+)$/.exec(ref)?.[1])
  if (major !== known.major)
    say(`${at}: ${uses}: pin the current major, @v${known.major} (or ${name}@${commit} # ${tag})`)
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

const modeOf = (step) => (isOwn(step) ? String(step.with?.mode ?? '') : '')
const needsOf = (job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []).map(String)

/**
 * verify reads the tags from prepare's matrix and the records of the build jobs: it
 * needs both, and when it runs after failures (`!cancelled()`, `always()`) it must not
 * run when prepare failed, or it fails again with someone else's error.
 */
function checkVerifyNeeds(jobs, say) {
  const prepares = jobs.filter(([, job]) => (job.steps ?? []).some((s) => modeOf(s) === 'matrix')).map(([n]) => n)
  const builds = jobs.filter(([, job]) => (job.steps ?? []).some((s) => modeOf(s) === 'append')).map(([n]) => n)
  for (const [name, job] of jobs) {
    if (!(job.steps ?? []).some((s) => modeOf(s) === 'verify') || builds.includes(name)) continue
    const needs = needsOf(job)
    const missing = [...prepares, ...builds].filter((n) => n !== name && !needs.includes(n))
    if (missing.length > 0)
      say(
        `job ${name}: verify needs [${[...new Set([...prepares, ...builds])].join(', ')}]: ${missing.join(', ')} missing`,
      )
    const condition = String(job.if ?? '')
    const afterFailures = /!\s*cancelled\(\)|always\(\)/.test(condition)
    for (const prepare of prepares.filter((p) => p !== name))
      if (afterFailures && !condition.includes(`needs.${prepare}.result == 'success'`))
        say(
          `job ${name}: runs after failures (${condition.trim()}) but also when ${prepare} failed: add && needs.${prepare}.result == 'success'`,
        )
  }
}

/**
 * Bake's local context (bake-action's `source`) holds what the build may copy: a
 * Dockerfile's `COPY . .` takes everything in it. Another repository checked out into
 * it before the bake step would enter the image; an expression in `source` may be `.`.
 */
function checkContext(jobName, steps, say) {
  const bake = steps.findIndex((s) => usesAction(s, 'docker/bake-action'))
  if (bake < 0 || steps[bake].with?.source === undefined) return // no source: bake builds from the Git context
  const source = String(steps[bake].with.source)
  if (/^[a-z]+:\/\/|^git@/.test(source)) return // a remote definition
  const context = source.includes('${{') ? '' : path.posix.normalize(source).replace(/^\.$|\/$/g, '')
  for (const [i, step] of steps.slice(0, bake).entries()) {
    if (!usesAction(step, 'actions/checkout') || step.with?.repository === undefined) continue
    const into = path.posix.normalize(String(step.with.path ?? '.')).replace(/^\.$/, '')
    const inside = context === '' || into === context || into.startsWith(`${context}/`) || into === ''
    if (inside)
      say(
        `job ${jobName}, step ${i + 1}: checks out ${step.with.repository} into bake's context (source: ${source}) before the bake step: ` +
          'its files enter every image that copies the context (COPY . .); check it out after the bake step',
      )
  }
}

/**
 * Every workflow a user or this repository runs, with the pin policy it is held to:
 * .github/workflows/ (ours: commit SHAs), examples/workflows/ and each README ```yaml
 * block that is a whole workflow (has `on:`) (the current majors, or SHAs).
 */
export function shippedWorkflows(base = root) {
  const sources = []
  for (const [dir, pins] of [
    ['.github/workflows', 'sha'],
    ['examples/workflows', 'major'],
  ]) {
    for (const name of readdirSync(path.join(base, dir)).filter((n) => /\.ya?ml$/.test(n)))
      sources.push({ where: `${dir}/${name}`, text: readFileSync(path.join(base, dir, name), 'utf8'), pins })
  }
  const readme = readFileSync(path.join(base, 'README.md'), 'utf8')
  for (const match of readme.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    if (!/^on:/m.test(match[1])) continue
    const line = readme.slice(0, match.index).split('\n').length + 1
    sources.push({ where: `README.md:${line}`, text: match[1], offset: line - 1, pins: 'major' })
  }
  return sources
}

/** append resolves the target's tags and platforms from the bake files: the ones the bake step built from. */
function checkAppendFiles(jobName, steps, say) {
  const bake = steps.find((s) => usesAction(s, 'docker/bake-action'))
  if (bake?.with?.files === undefined) return
  const listed = (value) =>
    String(value ?? '')
      .split(/[\n,]/)
      .map((f) => f.trim().replace(/^cwd:\/\//, ''))
      .filter((f) => f !== '')
      .join('\n')
  for (const append of steps.filter((s) => modeOf(s) === 'append'))
    if (listed(append.with?.files) !== listed(bake.with.files))
      say(
        `job ${jobName}: append reads other bake files than the bake step built from: give it the same files: (${listed(bake.with.files).replace(/\n/g, ', ')})`,
      )
}
