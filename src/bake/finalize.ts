/**
 * A resolved bake definition (after inherits and `--set`) → what this tool reads of a
 * target: tags and platforms normalised, outputs and caches parsed, and the targets it
 * builds on through `target:` contexts. Pure.
 */
import { InputError, errorMessage } from '../common/errors.js'
import { formatPlatform, parsePlatform } from '../image-index/platform.js'
import { normalizeTag } from '../oci/reference.js'
import { type BakeEntry, type EntryKind, parseEntries } from './entries.js'
import { type JsonObject, type LinkedTarget, type ResolvedTarget, isJsonObject } from './types.js'

/** bake's name for the builder's own platform: no runner can be chosen for it. */
export const LOCAL_PLATFORM = 'local'

/** A target's resolved definition by name; undefined when the files define none. */
export type DefinitionLookup = (name: string) => JsonObject | undefined

export function finalizeTarget(
  name: string,
  definition: JsonObject,
  lookup: DefinitionLookup,
): Omit<ResolvedTarget, 'nameBuildsGroup'> {
  const where = `target '${name}'`
  const tags = splitList(definition.tags, `${where} tags`).map((tag) => {
    try {
      return normalizeTag(tag)
    } catch (error) {
      throw new InputError('files', `${where}: ${errorMessage(error)}`)
    }
  })
  const platforms = splitList(definition.platforms, `${where} platforms`).map((text) => {
    if (text === LOCAL_PLATFORM) return text
    try {
      return formatPlatform(parsePlatform(text))
    } catch (error) {
      throw new InputError('files', `${where}: ${errorMessage(error)}`)
    }
  })
  const call = definition.call ?? 'build'
  if (typeof call !== 'string') throw new InputError('files', `${where}: call must be a string`)
  return {
    name,
    tags: [...new Set(tags)],
    platforms: [...new Set(platforms)],
    outputs: entries(definition.output, 'output', `${where} output`),
    cacheFrom: entries(definition['cache-from'], 'cache', `${where} cache-from`),
    cacheTo: entries(definition['cache-to'], 'cache', `${where} cache-to`),
    call: call.trim().toLowerCase() || 'build',
    linked: linkedTargets(name, definition, lookup),
  }
}

function entries(value: unknown, kind: EntryKind, where: string): BakeEntry[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new InputError('files', `${where} must be a list`)
  return value.filter((item) => item !== '').flatMap((item) => parseEntries(item, kind, where))
}

/**
 * Every target reached through `target:` contexts, transitively, nearest first: bake
 * builds them for the platforms they are given, so a job building one platform must
 * give them that platform too. A loop is bad input, as bake says.
 */
function linkedTargets(root: string, definition: JsonObject, lookup: DefinitionLookup): LinkedTarget[] {
  const found: LinkedTarget[] = []
  const visit = (name: string, body: JsonObject, path: readonly string[]): void => {
    for (const link of contextTargets(body, name)) {
      if (path.includes(link)) {
        throw new InputError('files', `target '${root}': target: contexts loop (${[...path, link].join(' → ')})`)
      }
      if (found.some((t) => t.name === link)) continue
      const linked = lookup(link)
      if (!linked) throw new InputError('files', `target '${name}': a context names unknown target '${link}'`)
      const where = `target '${link}'`
      found.push({
        name: link,
        cacheFrom: entries(linked['cache-from'], 'cache', `${where} cache-from`),
        cacheTo: entries(linked['cache-to'], 'cache', `${where} cache-to`),
      })
      visit(link, linked, [...path, link])
    }
  }
  visit(root, definition, [root])
  return found
}

function contextTargets(body: JsonObject, name: string): string[] {
  const contexts = body.contexts ?? {}
  if (!isJsonObject(contexts)) throw new InputError('files', `target '${name}': contexts must be an object`)
  return Object.values(contexts)
    .filter((value): value is string => typeof value === 'string' && value.startsWith('target:'))
    .map((value) => value.slice('target:'.length))
}

/** A list of strings, each possibly comma-separated (as buildx accepts), empty items dropped. */
function splitList(value: unknown, what: string): string[] {
  return stringList(value ?? [], 'files', what)
    .flatMap((item) => item.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '')
}

export function stringList(value: unknown, input: string, what: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InputError(input, `${what} must be a list of strings`)
  }
  return value as string[]
}
