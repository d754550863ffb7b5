/** What append and verify report: the digest output (or why it is empty), the warnings, the summary. */
import type { TagOutcome } from '../../src/convergence/converge.js'
import { type TagReport, oneDigest, outcomeWarnings, reportTags } from '../../src/convergence/report.js'
import { OCI_INDEX, OCI_MANIFEST } from '../../src/oci/types.js'

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
    const { outputs, summary, failure } = reportTags({ title: 'bake-fanout append', dryRun: false, reports })
    expect(outputs.digest).toBe(D1)
    expect(failure).toBeUndefined()
    expect(summary).toContain(`<code title="${D1}">${D1.slice(0, 19)}…</code>`)
    expect(summary).toContain(`**Index digest** (every tag): <code>${D1}</code>`)
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
    const { outputs, summary, failure } = reportTags({ title: 't', dryRun: false, reports })
    expect(failure).toBe('1 of 2 tags failed:\n  r/a:2: PUT refused')
    expect(outputs.digest).toBe('')
    expect(JSON.parse(outputs.result)['r/a:2']).toEqual({
      digest: '',
      platforms: [],
      changed: false,
      error: 'PUT refused',
    })
    expect(summary).toContain('**No single index digest**: 1 of 2 tags failed.')
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
