/** OCI platforms, parsed and normalised the way containerd does. */

export interface Platform {
  os: string
  architecture: string
  variant?: string
}

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

/** Parses `os/arch[/variant]` (or a bare arch, meaning linux) into its normal form; throws on anything unknown. */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().toLowerCase().split('/')
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
  return normalizePlatform({ os, architecture, variant })
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
  return variant ? { os, architecture, variant } : { os, architecture }
}

export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`
}

/** A stable key for comparing platforms read from anywhere (bake, index entries, config blobs). */
export function platformKey(p: Platform): string {
  return formatPlatform(normalizePlatform(p))
}

/** The platform of attestation manifests in a buildx index: never a real platform. */
export function isUnknownPlatform(p: Platform | undefined): boolean {
  return p === undefined || (p.os === 'unknown' && p.architecture === 'unknown')
}
