/**
 * OCI platforms, parsed and normalised the way containerd does. A platform's identity
 * includes `os.version`: Windows images of different versions (ltsc2019, ltsc2022)
 * are different platforms and live side by side in one tag. It is written as
 * containerd formats it, `windows(10.0.20348.2113)/amd64`.
 */

import type { Platform } from '../oci/types.js'

export type { Platform } from '../oci/types.js'

const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'illumos',
  'ios',
  'js',
  'linux',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'wasip1',
  'windows',
])

const KNOWN_ARCH = new Set([
  '386',
  'amd64',
  'arm',
  'arm64',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'ppc64',
  'ppc64le',
  'riscv64',
  's390x',
  'wasm',
])

const ARCH_ALIASES: Record<string, Platform | undefined> = {
  aarch64: { os: '', architecture: 'arm64' },
  armhf: { os: '', architecture: 'arm', variant: 'v7' },
  armel: { os: '', architecture: 'arm', variant: 'v6' },
  i386: { os: '', architecture: '386' },
  x86_64: { os: '', architecture: 'amd64' },
  'x86-64': { os: '', architecture: 'amd64' },
}

const VARIANT_PATTERN = /^[a-z0-9.]+$/

const OS_VERSION = /^([a-z0-9]+)\(([A-Za-z0-9._-]+)\)$/

/**
 * Parses `os/arch[/variant]` (or a bare arch, meaning linux) into its normal form, and
 * `os(version)/arch` with an os.version; throws on anything unknown.
 */
export function parsePlatform(text: string): Platform {
  const versioned = OS_VERSION.exec(text.trim().split('/')[0])
  const osVersion = versioned?.[2]
  const plain = versioned ? text.trim().replace(versioned[0], versioned[1]) : text
  const parts = plain.trim().toLowerCase().split('/')
  if (parts.some((p) => p === '') || parts.length > 3) {
    throw new Error(`invalid platform '${text}': expected os/arch[/variant]`)
  }
  if (parts.length === 1) parts.unshift('linux')
  const [os, rawArch, rawVariant] = parts
  if (!KNOWN_OS.has(os)) throw new Error(`unknown platform '${text}': unknown OS '${os}'`)
  const alias = ARCH_ALIASES[rawArch]
  const architecture = alias?.architecture ?? rawArch
  if (!KNOWN_ARCH.has(architecture)) {
    throw new Error(`unknown platform '${text}': unknown architecture '${rawArch}'`)
  }
  const variant = rawVariant ?? alias?.variant
  if (variant !== undefined && !VARIANT_PATTERN.test(variant)) {
    throw new Error(`invalid platform '${text}': bad variant '${variant}'`)
  }
  return normalizePlatform({ os, architecture, variant, ...(osVersion && { 'os.version': osVersion }) })
}

/** containerd's normalisation: arm64/v8 is arm64, plain arm is arm/v7, amd64/v1 is amd64. */
export function normalizePlatform(p: Platform): Platform {
  const os = p.os.toLowerCase()
  const architecture = p.architecture.toLowerCase()
  let variant = p.variant?.toLowerCase() || undefined
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined
  if (architecture === 'amd64' && variant === 'v1') variant = undefined
  if (architecture === 'arm' && variant === undefined) variant = 'v7'
  if (architecture === 'arm' && variant !== undefined && /^\d+$/.test(variant)) variant = `v${variant}`
  const osVersion = p['os.version'] || undefined
  return { os, architecture, ...(variant && { variant }), ...(osVersion && { 'os.version': osVersion }) }
}

export function formatPlatform(p: Platform): string {
  const os = p['os.version'] ? `${p.os}(${p['os.version']})` : p.os
  return p.variant ? `${os}/${p.architecture}/${p.variant}` : `${os}/${p.architecture}`
}

/** `os/arch[/variant]` without the os.version: what a bake target's `platforms` name. */
export function basePlatform(key: string): string {
  return key.replace(/^([a-z0-9]+)\([^)]*\)/, '$1')
}

/**
 * A stable key for comparing platforms read from anywhere (bake, index entries, config
 * blobs). A Windows os.version counts up to major.minor.build, as containerd matches
 * Windows images: a monthly patch (10.0.20348.2762 → .2849) is the same platform, rebuilt.
 */
export function platformKey(p: Platform): string {
  const normal = normalizePlatform(p)
  const version = normal['os.version']
  if (normal.os !== 'windows' || !version) return formatPlatform(normal)
  return formatPlatform({ ...normal, 'os.version': version.split('.').slice(0, 3).join('.') })
}

const PLATFORM_WORD = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * A platform as an index entry may carry it, checked before it is read: os and
 * architecture present, and every part a plain word. Another tool's entry that fails
 * this is kept untouched and reported, never parsed (nor printed raw).
 */
export function isWellFormedPlatform(p: unknown): p is Platform {
  if (typeof p !== 'object' || p === null) return false
  const { os, architecture, variant, 'os.version': version } = p as Record<string, unknown>
  const word = (v: unknown) => typeof v === 'string' && PLATFORM_WORD.test(v)
  return (
    word(os) &&
    word(architecture) &&
    (variant === undefined || word(variant)) &&
    (version === undefined || word(version))
  )
}

/** The platform of attestation manifests in a buildx index: never a real platform. */
export function isUnknownPlatform(p: Platform | undefined | null): boolean {
  return p === undefined || p === null || (p.os === 'unknown' && p.architecture === 'unknown')
}
