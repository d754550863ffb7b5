/**
 * `${VAR}` interpolation as bake applies it to JSON files (HCL's JSON syntax):
 * variables take their `default`, overridden by an environment variable of the same
 * name; `$${` is a literal `${`. Anything beyond a plain variable reference (functions,
 * operators, `%{` directives) is left to buildx via UnsupportedBakeError.
 */
import { InputError } from '../common/errors.js'
import { type JsonObject, UnsupportedBakeError, isJsonObject } from './types.js'

/** Documented bounds: no real bake file comes near them; a generator's runaway does. */
export const MAX_EXPANDED_CHARS = 1024 * 1024
export const MAX_VARIABLE_DEPTH = 64

export interface VariableDefinition {
  file: string
  value: unknown
}

const TEMPLATE = /\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g
const IDENTIFIER = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$/
const WHOLE_REFERENCE = /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/

export class Interpolator {
  private readonly resolved = new Map<string, unknown>()
  private readonly resolving = new Set<string>()

  constructor(
    private readonly variables: ReadonlyMap<string, VariableDefinition>,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  /** Interpolates every string inside `value` (object keys excluded). */
  apply(value: unknown, file: string, key: string): unknown {
    if (typeof value === 'string') return this.applyString(value, file, key)
    if (Array.isArray(value)) return value.map((item, i) => this.apply(item, file, `${key}[${i}]`))
    if (isJsonObject(value)) {
      const out: JsonObject = {}
      for (const [k, v] of Object.entries(value)) out[k] = this.apply(v, file, `${key}.${k}`)
      return out
    }
    return value
  }

  private applyString(text: string, file: string, key: string): unknown {
    if (!text.includes('{')) return text
    // "${LIST}" alone keeps the variable's type, as an HCL template of one interpolation does.
    const whole = WHOLE_REFERENCE.exec(text)
    if (whole) return this.variable(whole[1], file, key)
    let length = text.length
    return text.replace(TEMPLATE, (match, expression: string | undefined) => {
      if (match === '$${') return '${'
      if (match === '%%{') return '%{'
      if (match === '%{') throw new UnsupportedBakeError(file, key, 'a template directive')
      const name = IDENTIFIER.exec(expression ?? '')?.[1]
      if (!name) throw new UnsupportedBakeError(file, key, `the expression '\${${expression}}'`)
      const value = stringify(this.variable(name, file, key), file, key)
      length += value.length
      if (length > MAX_EXPANDED_CHARS) {
        throw new InputError('files', `${file}: ${key}: expands to more than ${MAX_EXPANDED_CHARS} characters`)
      }
      return value
    })
  }

  private variable(name: string, file: string, key: string): unknown {
    if (this.resolved.has(name)) return this.resolved.get(name)
    const fromEnv = this.env[name]
    const definition = this.variables.get(name)
    if (!definition) throw new Error(`${file}: ${key}: unknown variable '${name}'`)
    if (this.resolving.has(name)) throw new Error(`${file}: variable '${name}' refers to itself`)
    if (this.resolving.size >= MAX_VARIABLE_DEPTH) {
      throw new InputError(
        'files',
        `${file}: ${key}: variables refer to each other more than ${MAX_VARIABLE_DEPTH} deep`,
      )
    }
    this.resolving.add(name)
    const value =
      fromEnv !== undefined ? fromEnv : this.apply(definition.value ?? '', definition.file, `variable.${name}.default`)
    this.resolving.delete(name)
    this.resolved.set(name, value)
    return value
  }
}

function stringify(value: unknown, file: string, key: string): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new UnsupportedBakeError(file, key, 'interpolating a list or object into a string')
}
