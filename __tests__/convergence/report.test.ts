/** What append and verify report: the digest output (or why it is empty), the warnings, the summary. */
import type { TagOutcome } from '../../src/convergence/converge.js'
import { type TagReport, oneDigest, outcomeWarnings, reportTags } from '../../src/convergence/report.js'
import { OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'
import { deferFailure, digest, earlyAppend, image, outcome as indexOf, signedVerify } from './summary-fixtures.js'

const D1 = 'sha256:' + '1'.repeat(64)
const D2 = 'sha256:' + '2'.repeat(64)
const outcome = (digest: string, extra: Partial<TagOutcome> = {}): TagOutcome => ({
  after: {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: [{ mediaType: OCI_MANIFEST, digest: D2, size: 1, platform: { os: 'linux', architecture: 'amd64' } }],
  },
  digest,
  changed: true,
  writes: 1,
  repairs: 0,
  keptNewer: new Map(),
  untrusted: new Map(),
  horizonWaitMs: 0,
  runEntries: new Set(),
  ...extra,
})
const tag = (ref: string, o?: TagOutcome, extra: Partial<TagReport> = {}): TagReport => ({
  ref,
  ours: ['linux/amd64'],
  ...(o && { outcome: o }),
  ...extra,
})
const context = { mode: 'verify' as const, runId: '12', runAttempt: 1, at: 0 }

describe('report', () => {
  test('the digest output: one index on every tag and none failed or deferred; else empty, with the reason', () => {
    expect(oneDigest([tag('r/a:1', outcome(D1)), tag('r/a:latest', outcome(D1))])).toEqual({ digest: D1 })
    expect(oneDigest([tag('r/a:1', outcome(D1)), tag('r/a:2', outcome(D2))]).why).toMatch(/2 different indexes/)
    expect(oneDigest([tag('r/a:1', outcome(D1)), tag('r/a:2', undefined, { error: 'x' })]).why).toBe(
      '1 of 2 tags failed',
    )
    expect(oneDigest([tag('r/a:1', undefined, { deferred: true })]).why).toBe('the tags are deferred to verify')
  })

  test('the summary: short digests with the whole one below, pull commands, writes that do not read as failures', () => {
    const reports = [
      tag('docker.io/library/app:1', outcome(D1, { writes: 3, repairs: 2 })),
      tag('ghcr.io/o/app:1', outcome(D1)),
    ]
    const { outputs, summary, failure } = reportTags({ title: 'bake-fanout verify', dryRun: false, reports, context })
    expect(outputs.digest).toBe(D1)
    expect(failure).toBeUndefined()
    expect(summary).toContain(`<code title="${D1}">${D1.slice(0, 19)}…</code>`)
    expect(summary).toContain(`**Index digest**: <code>${D1}</code> (every tag).`)
    expect(summary).toContain(`docker pull app:1@${D1}`)
    expect(summary).toContain(`docker pull ghcr.io/o/app:1@${D1}`)
    expect(summary).toContain("written (3 writes, as other jobs' platforms arrived)")
    expect(summary).not.toMatch(/repairs/)
    expect(JSON.parse(outputs.result)['ghcr.io/o/app:1']).toEqual({
      digest: D1,
      platforms: ['linux/amd64'],
      changed: true,
    })
  })

  test('a failed tag: the failure names it, the result carries the error, the summary says why no digest', () => {
    const reports = [tag('r/a:1', outcome(D1)), tag('r/a:2', undefined, { error: 'PUT refused' })]
    const { outputs, summary, failure } = reportTags({ title: 't', dryRun: false, reports, context })
    expect(failure).toBe('1 of 2 tags failed:\n  r/a:2: PUT refused')
    expect(outputs.digest).toBe('')
    expect(JSON.parse(outputs.result)['r/a:2']).toEqual({
      digest: '',
      platforms: [],
      changed: false,
      error: 'PUT refused',
    })
    expect(summary).toContain('**No single index digest**: 1 of 2 tags failed.')
    expect(summary).toContain('| failed <sup>1</sup> |')
    expect(summary).toContain('1. PUT refused')
  })

  test('warnings name the tag, the platform and the run kept, a date not believed, an entry that cannot be read', () => {
    const odd = { mediaType: OCI_MANIFEST, digest: D1, size: 1, platform: { architecture: 'arm64' } }
    const o = outcome(D1, {
      keptNewer: new Map([['linux/amd64', 'run 1002 (attempt 1)']]),
      untrusted: new Map([['linux/arm64', '2031-01-01T00:00:00Z']]),
    })
    o.after.manifests.push(odd as never)
    expect(outcomeWarnings('r/a:1', o)).toEqual([
      "r/a:1: linux/amd64 kept as the newer build of run 1002 (attempt 1); this run's build of it was not written (newest run wins)",
      "r/a:1: linux/arm64 replaced an entry dated 2031-01-01T00:00:00Z, more than 5 minutes ahead of this runner's clock: that date was not believed",
      `r/a:1: entry "${D1}" names a platform this tool cannot read ({"architecture":"arm64"}): kept as it is`,
    ])
  })
})

describe('the job summary, as read', () => {
  const lines = (summary: string) => summary.split('\n')

  test("an early append: the index after this job's write, not yet complete, no pull command, this run marked", () => {
    const { summary, outputs } = earlyAppend()
    expect(outputs.digest).toBe(digest(7))
    expect(lines(summary)[2]).toBe(
      'run <code>4711</code> · attempt 2 · <code>ghcr.io</code>, <code>docker.io</code> · 2026-12-06 20:55:12 UTC',
    )
    expect(summary).toContain("| tag | platforms | index after this job's write | status |")
    // amd64 (this job's) and arm64 (another job's) are this run's (★); armv7 is yesterday's run's; s390x is to come.
    expect(summary).toContain(
      '| <code>ghcr.io/acme/webapp:1.4.0</code> | ★&nbsp;<code>linux/amd64</code> ★&nbsp;<code>linux/arm64</code> <code>linux/arm/v7</code><br>not yet: <code>linux/s390x</code> |',
    )
    expect(summary).toContain(
      "★ this run's builds (this job's and its other jobs'); unmarked: kept from an earlier run or another tool.",
    )
    expect(summary).toContain(
      `**Index after this job's write**: <code>${digest(7)}</code> — not complete yet: <code>linux/s390x</code> to come from this run's other jobs. Pull commands appear once an index holds every platform`,
    )
    expect(summary).not.toContain('docker pull')
    expect(summary).not.toMatch(/every tag|Index digest|ours/)
  })

  test('an append whose union holds every platform of the target offers the pull commands', () => {
    const manifests = [image('linux/amd64', '4711', 1), image('linux/arm64', '4711', 2)]
    const reports = [
      {
        ref: 'ghcr.io/o/app:1',
        ours: ['linux/arm64'],
        targetPlatforms: ['linux/amd64', 'linux/arm64'],
        outcome: indexOf(D1, manifests),
      },
    ]
    const { summary } = reportTags({
      title: 'bake-fanout append',
      dryRun: false,
      reports,
      context: { ...context, mode: 'append', runId: '4711' },
    })
    expect(summary).toContain(
      `**Index after this job's write**: <code>${D1}</code> — every platform of the target is in it.`,
    )
    expect(summary).toContain(`docker pull ghcr.io/o/app:1@${D1}`)
  })

  test("a deferred append: the platforms it recorded, no index, verify's turn said once", () => {
    const reports = ['ghcr.io/o/app:1', 'ghcr.io/o/app:latest'].map((ref) => ({
      ref,
      ours: ['linux/arm64'],
      targetPlatforms: ['linux/amd64', 'linux/arm64'],
      deferred: true,
    }))
    const appendContext = { ...context, mode: 'append' as const }
    const { summary } = reportTags({ title: 'bake-fanout append', dryRun: false, reports, context: appendContext })
    expect(summary).toContain(
      '| <code>ghcr.io/o/app:1</code> | recorded: ★&nbsp;<code>linux/arm64</code> | — | deferred to verify |',
    )
    expect(summary).toContain('**Deferred**: this job saved its record and wrote no tag; verify writes each tag once')
    expect(summary).not.toMatch(/not yet|missing|docker pull/)
  })

  test('a defer failure: the recorded platforms and the missing one on each row, the reason once', () => {
    const { summary, failure } = deferFailure()
    expect(failure).toMatch(/^3 of 3 tags failed:/)
    const rows = lines(summary).filter((l) => l.startsWith('| <code>'))
    expect(rows).toHaveLength(3)
    for (const row of rows)
      expect(row).toMatch(
        / \| recorded: ★&nbsp;<code>linux\/amd64<\/code> ★&nbsp;<code>linux\/arm64<\/code><br>missing: <code>linux\/arm\/v7<\/code> \| — \| not written <sup>1<\/sup> \|$/,
      )
    expect(summary.match(/no record of this run for linux\/arm\/v7/g)).toHaveLength(1)
    expect(summary).toContain('**Why not written**\n\n1. target webapp: no record of this run for linux/arm/v7')
    expect(summary).toContain('**No single index digest**: 3 of 3 tags failed.')
    expect(summary).not.toContain('docker pull')
  })

  test('a signed verify: the index for every tag, pull commands, signature rows with a short digest', () => {
    const { summary } = signedVerify()
    expect(summary).toContain(`**Index digest**: <code>${digest(8)}</code> (every tag).`)
    expect(summary).toContain(`docker pull acme/webapp:1.4.0@${digest(8)}`)
    expect(summary).toContain('| unchanged |')
    expect(summary).toContain('### Signatures')
    expect(summary).toContain(
      `| <code title="${digest(8)}">${digest(8).slice(0, 19)}…</code> | <code>ghcr.io/acme/webapp:1.4.0</code><br><code>ghcr.io/acme/webapp:latest</code><br><code>docker.io/acme/webapp:1.4.0</code> | signed |`,
    )
    expect(summary.match(new RegExp(`<code>${digest(8)}</code>`, 'g'))).toHaveLength(1)
    // Every platform is this run's: no "unmarked" in the legend; the cosign command one flag per line.
    expect(summary).toContain("★ this run's builds.\n")
    expect(summary).toContain('<pre>cosign verify \\\n  --certificate-identity=https://github.com/acme/webapp/')
  })
})
