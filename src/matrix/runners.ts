/** Which runner builds which platform, and whether it must emulate (QEMU). */
import { InputError } from '../common/errors.js'
import { globToRegExp } from '../common/glob.js'
import { type Platform, parsePlatform } from '../image-index/platform.js'

/** What `runs-on` accepts: a label, a list of labels, or a runner group with labels. */
export type RunnerLabel = string | string[] | RunnerGroup

export interface RunnerGroup {
  group?: string
  labels?: string | string[]
}

export interface RunnerRule {
  pattern: string
  label: RunnerLabel
}

/**
 * GitHub-hosted defaults: arm on the arm64 runner, everything else on x64 Linux —
 * Windows images too: buildx on Linux builds them (a Dockerfile without `RUN`: base
 * layers plus COPY), while docker/setup-buildx-action does not run on Windows runners.
 * A Dockerfile with `RUN` needs a Windows runner: say so in `runners` (`windows*=windows-2022`).
 */
export const DEFAULT_RUNNER_RULES: readonly RunnerRule[] = [
  { pattern: 'linux/arm64', label: 'ubuntu-24.04-arm' },
  { pattern: 'linux/arm/*', label: 'ubuntu-24.04-arm' },
  { pattern: '*', label: 'ubuntu-latest' },
]

/**
 * Parses `platform-glob=label` lines; a label starting with `[` is a JSON array of
 * labels, one starting with `{` a runner group (`{"group": …, "labels": […]}`).
 */
export function parseRunnerRules(lines: readonly string[]): RunnerRule[] {
  return lines.map((line) => {
    const eq = line.indexOf('=')
    const pattern = line.slice(0, eq).trim()
    const text = line.slice(eq + 1).trim()
    if (eq < 0 || pattern === '' || text === '') {
      throw new InputError('runners', `'${line}': expected platform-glob=label`)
    }
    if (text.startsWith('{')) return { pattern, label: parseRunnerGroup(line, text) }
    return { pattern, label: text.startsWith('[') ? parseLabelArray(line, text) : text }
  })
}

function parseRunnerGroup(line: string, text: string): RunnerGroup {
  let group: unknown
  try {
    group = JSON.parse(text)
  } catch {
    throw new InputError('runners', `'${line}': the label is not a valid JSON object`)
  }
  const { group: name, labels, ...other } = (group ?? {}) as Record<string, unknown>
  const validLabels =
    labels === undefined ||
    (typeof labels === 'string' && labels !== '') ||
    (Array.isArray(labels) && labels.length > 0 && labels.every((l) => typeof l === 'string' && l !== ''))
  const valid = (name === undefined || (typeof name === 'string' && name !== '')) && validLabels
  if (!valid || Object.keys(other).length > 0 || (name === undefined && labels === undefined)) {
    throw new InputError('runners', `'${line}': a runner object takes 'group' and/or 'labels' (strings)`)
  }
  return group as RunnerGroup
}

function parseLabelArray(line: string, text: string): string[] {
  let labels: unknown
  try {
    labels = JSON.parse(text)
  } catch {
    throw new InputError('runners', `'${line}': the label is not a valid JSON array`)
  }
  if (!Array.isArray(labels) || labels.length === 0 || labels.some((l) => typeof l !== 'string' || l === '')) {
    throw new InputError('runners', `'${line}': the label array must hold non-empty strings`)
  }
  return labels as string[]
}

/** First matching rule wins; the user's rules come before the defaults. */
export function runnerFor(platform: string, rules: readonly RunnerRule[]): RunnerLabel {
  const rule =
    rules.find((r) => globToRegExp(r.pattern).test(platform)) ??
    DEFAULT_RUNNER_RULES.find((r) => globToRegExp(r.pattern).test(platform))
  return rule?.label ?? 'ubuntu-latest'
}

const ARM64_LABEL = /(^|[^a-z0-9])(arm|arm64|aarch64)([^a-z0-9]|$)/i

/** The CPU a runner label implies: an `arm`/`arm64`/`aarch64` label means arm64, anything else x64. */
export function runnerArchitecture(label: RunnerLabel): 'arm64' | 'amd64' {
  const labels = labelsOf(label)
  return labels.some((l) => ARM64_LABEL.test(l)) ? 'arm64' : 'amd64'
}

/** Every label string of a runner, a group's name included. */
export function labelsOf(label: RunnerLabel): string[] {
  if (typeof label === 'string') return [label]
  if (Array.isArray(label)) return label
  return [...(label.group ? [label.group] : []), ...[label.labels ?? []].flat()]
}

/**
 * True when the runner cannot execute the platform's binaries natively. x64 runs 386
 * natively, and GitHub's arm64 runners run 32-bit arm (their cores execute AArch32 at
 * user level; docker/github-builder builds linux/arm there without QEMU). Windows is never
 * emulated (buildx builds it from Linux without running its binaries, or a Windows runner
 * runs them).
 */
export function needsQemu(platform: string, label: RunnerLabel): boolean {
  const p: Platform = parsePlatform(platform)
  // QEMU emulates Linux binaries only.
  if (p.os === 'windows') return false
  if (p.os !== 'linux') return true
  const native = runnerArchitecture(label) === 'arm64' ? ['arm64', 'arm'] : ['amd64', '386']
  return !native.includes(p.architecture)
}
