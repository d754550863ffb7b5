/**
 * Which GHCR versions `cleanup` may delete: pure, over plain data (docs/design.md §14).
 * A version is deleted only when every condition holds at that moment:
 *
 * - it is an index this run's appends PUT, no tag's final digest, and GitHub created
 *   it after the run started (an earlier run's version never is one);
 * - a fresh read of the version shows no tags, and no tag of the run resolves to it
 *   (HEAD on the registry);
 * - it is neither a child of any tagged index (nested indexes walked) nor a referrer's
 *   subject (every tagged and every newer manifest walked; a `sha256-<hex>` tag, the
 *   referrers fallback, names its subject too). Any failed read: nothing is deleted.
 *
 * Children, referrers and `sha256-` tagged versions are never candidates: only the
 * digests the run wrote as tag content are.
 */
import type { PackageVersion } from './packages-api.js'

/** What the run knows of one package before it looks at GitHub. */
export interface RunFacts {
  /** Index digests the run's appends PUT to tags of this package (their records' `written`). */
  written: ReadonlySet<string>
  /** The digest each tag of the run ends on (verify's writes). */
  finals: ReadonlySet<string>
  /** Epoch ms: the run's first record; every version it made was created after. */
  runStartedAt: number
}

/** One manifest as the walk read it: the digests it names as children, and its subject. */
export interface WalkedManifest {
  digest: string
  children: string[]
  subject?: string
}

/** A version not deleted, and why (printed). */
export interface Kept {
  version: PackageVersion
  why: string
}

/** The referrers fallback tag `sha256-<hex>` names the digest `sha256:<hex>` as a subject. */
const FALLBACK_TAG = /^sha256-([0-9a-f]{64})$/

/** First pass, over the listing: the run's own superseded indexes, and why the run's other digests are kept. */
export function listedCandidates(
  versions: readonly PackageVersion[],
  run: RunFacts,
): { candidates: PackageVersion[]; kept: Kept[] } {
  const candidates: PackageVersion[] = []
  const kept: Kept[] = []
  for (const version of versions) {
    if (!run.written.has(version.digest)) continue
    const why = listedReason(version, run)
    if (why) kept.push({ version, why })
    else candidates.push(version)
  }
  return { candidates, kept }
}

function listedReason(version: PackageVersion, run: RunFacts): string | undefined {
  if (run.finals.has(version.digest)) return "a tag's final digest"
  if (version.tags.length > 0) return `tagged ${version.tags.join(', ')}`
  if (!(Date.parse(version.createdAt) >= run.runStartedAt)) return 'created before the run started (an earlier run)'
  return undefined
}

/**
 * The manifests to walk: every tagged version (its children are protected) and every
 * version created since the run started (a referrer of a version the run made can only
 * be newer than that version).
 */
export function versionsToWalk(versions: readonly PackageVersion[], runStartedAt: number): PackageVersion[] {
  return versions.filter((v) => v.tags.length > 0 || Date.parse(v.createdAt) >= runStartedAt)
}

/**
 * Digests nothing may delete: every child of a tagged index, through nested indexes
 * (the walk read them, keyed by digest), every subject a walked manifest names, and
 * every subject a `sha256-` fallback tag names.
 */
export function protectedDigests(
  versions: readonly PackageVersion[],
  walked: ReadonlyMap<string, WalkedManifest>,
): Set<string> {
  const protect = new Set<string>()
  for (const manifest of walked.values()) if (manifest.subject) protect.add(manifest.subject)
  for (const version of versions) {
    for (const tag of version.tags) {
      const fallback = FALLBACK_TAG.exec(tag)
      if (fallback) protect.add(`sha256:${fallback[1]}`)
    }
    if (version.tags.length > 0) for (const child of descendants(version.digest, walked)) protect.add(child)
  }
  return protect
}

/** Every digest below `root`, through the indexes the walk read. */
export function descendants(root: string, walked: ReadonlyMap<string, WalkedManifest>): Set<string> {
  const found = new Set<string>()
  const pending = [...(walked.get(root)?.children ?? [])]
  for (let digest = pending.pop(); digest !== undefined; digest = pending.pop()) {
    if (found.has(digest)) continue
    found.add(digest)
    pending.push(...(walked.get(digest)?.children ?? []))
  }
  return found
}

/** The last check, right before the DELETE: undefined when the candidate may go, else why not. */
export function finalCheck(
  candidate: PackageVersion,
  now: {
    /** A fresh GET of the version; undefined when it is gone. */
    fresh: PackageVersion | undefined
    /** Digests the run's tags of this package resolve to now (HEAD). */
    tagDigests: ReadonlySet<string>
    protect: ReadonlySet<string>
    run: RunFacts
  },
): string | undefined {
  const { fresh, tagDigests, protect, run } = now
  if (!fresh) return 'gone already'
  if (fresh.digest !== candidate.digest) return `the version now names ${fresh.digest}`
  const listed = listedReason(fresh, run)
  if (listed) return listed
  if (tagDigests.has(candidate.digest)) return 'a tag of the run resolves to it'
  if (protect.has(candidate.digest)) return 'a child of a tagged index, or a referrer subject'
  return undefined
}
