/**
 * Native resolution of JSON bake files: groups (nested), targets, multi-level
 * `inherits`, variables and `--set` overrides, with bake's semantics. Pure: files,
 * requested names, overrides and environment in; resolved targets out.
 */
import { InputError, errorMessage } from '../common/errors.js'
import { globToRegExp, isGlob } from '../common/glob.js'
import { formatPlatform, parsePlatform } from '../image-index/platform.js'
import { Interpolator, type VariableDefinition } from './interpolate.js'
import { finalizeTarget, stringList } from './finalize.js'
import { mergeTarget } from './merge.js'
import { type Override, applyOverrides, overridesByTarget } from './overrides.js'
import { type BakeFile, type JsonObject, type ResolvedTarget, UnsupportedBakeError, isJsonObject } from './types.js'

export interface ResolveOptions {
  /** Requested targets or groups (globs allowed); empty means the `default` group. */
  targets: readonly string[]
  overrides: readonly Override[]
  env: Readonly<Record<string, string | undefined>>
}

interface Definition {
  file: string
  body: JsonObject
}

interface Config {
  variables: Map<string, VariableDefinition>
  groups: Map<string, Definition[]>
  targets: Map<string, Definition[]>
}

const TARGET_NAME = /^[a-zA-Z0-9_-]+$/
const DEFAULT_GROUP = 'default'

export function resolveBake(files: readonly BakeFile[], options: ResolveOptions): ResolvedTarget[] {
  const config = collect(files)
  const interpolator = new Interpolator(config.variables, options.env)
  const space: NameSpace = {
    isGroup: (name) => config.groups.has(name),
    isTarget: (name) => config.targets.has(name),
    groupMembers: (name) => groupMembers(config, interpolator, name),
    allNames: () => [...config.groups.keys(), ...config.targets.keys()],
  }
  const names = expandRequested(options.targets, space)
  let overrides: Map<string, Override[]>
  try {
    overrides = overridesByTarget(options.overrides, [...config.targets.keys()])
  } catch (error) {
    throw new InputError('set', errorMessage(error))
  }
  const resolver = new TargetResolver(config, interpolator, overrides)
  const lookup = (name: string) => (config.targets.has(name) ? resolver.resolve(name, []) : undefined)
  return names.map((name) => ({
    ...finalizeTarget(name, resolver.resolve(name, []), lookup),
    nameBuildsGroup: nameBuildsGroup(name, space),
  }))
}

/** Resolves the output of `docker buildx bake --print` (already merged and overridden by buildx). */
export function resolvePrinted(printed: unknown, requested: readonly string[]): ResolvedTarget[] {
  if (!isJsonObject(printed) || !isJsonObject(printed.target)) {
    throw new InputError('files', 'docker buildx bake --print did not print a bake definition')
  }
  const groups = isJsonObject(printed.group) ? printed.group : {}
  const targets = printed.target
  const space: NameSpace = {
    isGroup: (name) => isJsonObject(groups[name]),
    isTarget: (name) => isJsonObject(targets[name]),
    groupMembers: (name) => stringList((groups[name] as JsonObject).targets, 'files', `group '${name}' targets`),
    allNames: () => [...Object.keys(groups), ...Object.keys(targets)],
  }
  const names = expandRequested(requested, space)
  const lookup = (name: string) => (isJsonObject(targets[name]) ? targets[name] : undefined)
  return names.map((name) => ({
    ...finalizeTarget(name, targets[name] as JsonObject, lookup),
    nameBuildsGroup: nameBuildsGroup(name, space),
  }))
}

/** `bake <name>` builds more than the target of that name when a group of that name holds more. */
function nameBuildsGroup(name: string, space: NameSpace): boolean {
  if (!space.isGroup(name)) return false
  try {
    const built = expandRequested([name], space)
    return built.length !== 1 || built[0] !== name
  } catch {
    return true // a group bake cannot even expand: not the target alone either
  }
}

function collect(files: readonly BakeFile[]): Config {
  const config: Config = { variables: new Map(), groups: new Map(), targets: new Map() }
  for (const { name: file, content } of files) {
    for (const [section, value] of Object.entries(content)) {
      if (!['variable', 'group', 'target'].includes(section)) continue
      if (!isJsonObject(value)) throw new InputError('files', `${file}: '${section}' must be an object`)
      for (const [name, body] of Object.entries(value)) {
        if (!isJsonObject(body)) throw new InputError('files', `${file}: ${section}.${name} must be an object`)
        if (section === 'variable') {
          config.variables.set(name, { file, value: body.default })
          continue
        }
        if (!TARGET_NAME.test(name)) {
          throw new InputError(
            'files',
            `${file}: invalid ${section} name '${name}' (allowed: letters, digits, _ and -)`,
          )
        }
        const map = section === 'group' ? config.groups : config.targets
        map.set(name, [...(map.get(name) ?? []), { file, body }])
      }
    }
  }
  return config
}

function groupMembers(config: Config, interpolator: Interpolator, name: string): string[] {
  return (config.groups.get(name) ?? []).flatMap(({ file, body }) =>
    stringList(
      interpolator.apply(body.targets ?? [], file, `group.${name}.targets`),
      'files',
      `${file}: group.${name}.targets`,
    ),
  )
}

interface NameSpace {
  isGroup(name: string): boolean
  isTarget(name: string): boolean
  groupMembers(name: string): string[]
  allNames(): string[]
}

/**
 * Requested names → concrete target names, as buildx's `ResolveGroup` does: groups expand
 * depth-first, duplicates dropped; a member naming a group whose expansion is under way
 * (a group `nginx` listing `nginx`) names the target of that name.
 */
function expandRequested(requested: readonly string[], space: NameSpace): string[] {
  const roots = requested.length > 0 ? requested : [DEFAULT_GROUP]
  if (requested.length === 0 && !space.isGroup(DEFAULT_GROUP) && !space.isTarget(DEFAULT_GROUP)) {
    throw new InputError('targets', `no targets given and the bake files define no '${DEFAULT_GROUP}' group`)
  }
  const out = new Map<string, string | undefined>()
  const add = (name: string, from?: string) => {
    if (!out.has(name)) out.set(name, from)
  }
  for (const root of roots) {
    if (!isGlob(root)) {
      expandGroup(root, space, new Map(), add)
      continue
    }
    const re = globToRegExp(root)
    const matches = space.allNames().filter((name) => re.test(name))
    if (matches.length === 0) throw new InputError('targets', `no target or group matches '${root}'`)
    matches.forEach((name) => expandGroup(name, space, new Map(), add))
  }
  for (const [name, from] of out) {
    if (!space.isTarget(name)) {
      const where = from ? ` (in group '${from}')` : ''
      throw new InputError('targets', `unknown target or group '${name}'${where}`)
    }
  }
  return [...out.keys()]
}

/**
 * Adds a name's targets (a name that is no group stands for itself) and says whether it
 * had any. `expanded` holds the groups seen: false while one is under way, so a member
 * naming it stands for the target of that name, as in buildx.
 */
function expandGroup(
  name: string,
  space: NameSpace,
  expanded: Map<string, boolean>,
  add: (name: string, from?: string) => void,
  from?: string,
): boolean {
  const seen = expanded.get(name)
  if (seen !== undefined) return seen
  if (!space.isGroup(name)) {
    add(name, from)
    return true
  }
  expanded.set(name, false)
  let any = false
  for (const member of space.groupMembers(name)) {
    if (!expandGroup(member, space, expanded, add, name)) add(member, name)
    any = true
  }
  expanded.set(name, any)
  return any
}

/** A documented bound: real bake files inherit a few levels; a deeper chain is a generator's bug. */
export const MAX_INHERITS_DEPTH = 64

class TargetResolver {
  private readonly memo = new Map<string, JsonObject>()

  constructor(
    private readonly config: Config,
    private readonly interpolator: Interpolator,
    private readonly overrides: Map<string, Override[]>,
  ) {}

  /** Parents merged in order (later wins), then the target itself, then its overrides. */
  resolve(name: string, chain: readonly string[]): JsonObject {
    const cached = this.memo.get(name)
    if (cached) return cached
    if (chain.includes(name)) {
      throw new InputError('files', `inherits cycle: ${[...chain, name].join(' → ')}`)
    }
    if (chain.length >= MAX_INHERITS_DEPTH) {
      throw new InputError(
        'files',
        `target '${chain[0]}': its inherits chain is deeper than ${MAX_INHERITS_DEPTH} targets (at '${name}')`,
      )
    }
    const parts = this.config.targets.get(name)
    if (!parts) throw new InputError('files', `target '${chain[chain.length - 1]}' inherits unknown target '${name}'`)
    let own: JsonObject = {}
    const parents: string[] = []
    for (const { file, body } of parts) {
      const interpolated = this.interpolator.apply(body, file, `target.${name}`) as JsonObject
      checkNativeKeys(interpolated, file, name)
      parents.push(...stringList(interpolated.inherits ?? [], 'files', `${file}: target.${name}.inherits`))
      own = mergeTarget(own, interpolated)
    }
    let merged: JsonObject = {}
    for (const parent of parents) merged = mergeTarget(merged, this.resolve(parent, [...chain, name]))
    merged = mergeTarget(merged, own)
    const resolved = applyOverrides(merged, this.overrides.get(name) ?? [])
    this.memo.set(name, resolved)
    return resolved
  }
}

function checkNativeKeys(body: JsonObject, file: string, name: string): void {
  for (const key of ['matrix', 'name']) {
    if (key in body) throw new UnsupportedBakeError(file, `target.${name}.${key}`, `a target '${key}' attribute`)
  }
  const platforms = body.platforms
  if (Array.isArray(platforms)) assertNoDuplicatePlatforms(platforms, 'files', `${file}: target.${name}.platforms`)
}

/** A platform written twice in one list is a mistake bake would hide: say so. */
export function assertNoDuplicatePlatforms(list: readonly unknown[], input: string, where: string): void {
  const seen = new Map<string, string>()
  for (const item of list.flatMap((v) => (typeof v === 'string' ? v.split(',') : []))) {
    const text = item.trim()
    if (text === '') continue
    let key = text
    try {
      key = formatPlatform(parsePlatform(text))
    } catch {
      continue // reported with its reason when the target is finalised
    }
    const previous = seen.get(key)
    if (previous !== undefined) {
      throw new InputError(input, `${where}: duplicate platform '${text}' (same as '${previous}')`)
    }
    seen.set(key, text)
  }
}
