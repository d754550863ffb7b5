import { CREATED } from '../../src/image-index/entries.js'
import { RUN_ATTEMPT, RUN_ID, ageOf, compareRuns, runOf } from '../../src/image-index/runs.js'
import { type Descriptor, OCI_MANIFEST } from '../../src/oci/types.js'

const entry = (annotations: Record<string, string>): Descriptor => ({
  mediaType: OCI_MANIFEST,
  digest: 'sha256:' + '1'.repeat(64),
  size: 1,
  platform: { os: 'linux', architecture: 'amd64' },
  annotations,
})
const NOW = Date.parse('2026-11-27T03:00:00Z')

describe('runs', () => {
  test('compareRuns orders by run id as a whole number, then by attempt', () => {
    expect(compareRuns({ runId: '1002', runAttempt: 1 }, { runId: '1001', runAttempt: 3 })).toBeGreaterThan(0)
    expect(compareRuns({ runId: '999', runAttempt: 1 }, { runId: '1000', runAttempt: 1 })).toBeLessThan(0)
    expect(
      compareRuns({ runId: '12345678901234567890', runAttempt: 1 }, { runId: '12345678901234567891', runAttempt: 1 }),
    ).toBeLessThan(0)
    expect(compareRuns({ runId: '0042', runAttempt: 1 }, { runId: '41', runAttempt: 1 })).toBeGreaterThan(0)
    expect(compareRuns({ runId: '7', runAttempt: 2 }, { runId: '7', runAttempt: 1 })).toBeGreaterThan(0)
    expect(compareRuns({ runId: '7', runAttempt: 1 }, { runId: '7', runAttempt: 1 })).toBe(0)
    expect(compareRuns({ runId: 'local', runAttempt: 1 }, { runId: '7', runAttempt: 1 })).toBeUndefined()
    // Ids with letters anywhere cannot be ordered as numbers (two CI systems): not by a digit run at one end.
    expect(compareRuns({ runId: 'a1', runAttempt: 1 }, { runId: '2', runAttempt: 1 })).toBeUndefined()
    expect(compareRuns({ runId: '2', runAttempt: 1 }, { runId: '1a', runAttempt: 1 })).toBeUndefined()
    expect(compareRuns({ runId: '100', runAttempt: 1 }, { runId: '0099', runAttempt: 1 })).toBeGreaterThan(0)
  })

  test('runOf reads only a well-formed stamp', () => {
    expect(runOf(entry({ [RUN_ID]: '5', [RUN_ATTEMPT]: '2' }))).toEqual({ runId: '5', runAttempt: 2 })
    expect(runOf(entry({ [RUN_ID]: '5', [RUN_ATTEMPT]: 'x' }))).toBeUndefined()
    expect(runOf(entry({ [RUN_ID]: '', [RUN_ATTEMPT]: '1' }))).toBeUndefined()
    expect(runOf(entry({}))).toBeUndefined()
  })

  test('ageOf: by run when both are known, else by a believable created time', () => {
    const run = { runId: '10', runAttempt: 1 }
    const T = '2026-11-27T02:00:00.000Z'
    const later = '2026-11-27T02:30:00.000Z'
    expect(ageOf(entry({ [RUN_ID]: '11', [RUN_ATTEMPT]: '1', [CREATED]: T }), run, later, NOW)).toEqual({
      kind: 'newer',
      why: 'run 11 (attempt 1)',
    })
    // An older run's entry is older even when it was built later.
    expect(ageOf(entry({ [RUN_ID]: '9', [RUN_ATTEMPT]: '1', [CREATED]: later }), run, T, NOW)).toEqual({
      kind: 'older',
    })
    expect(ageOf(entry({ [CREATED]: later }), run, T, NOW)).toEqual({ kind: 'newer', why: `built ${later}` })
    expect(ageOf(entry({ [CREATED]: '2031-01-01T00:00:00Z' }), run, T, NOW)).toEqual({
      kind: 'untrusted',
      created: '2031-01-01T00:00:00.000Z', // as parsed, never the raw annotation
    })
    expect(ageOf(entry({ [CREATED]: 'yesterday' }), run, T, NOW)).toEqual({ kind: 'older' })
    // A date V8 parses with text in it (a comment in parentheses) is said as the time it means, nothing else.
    const hostile = 'Nov 27 2026 02:30 GMT (\n\u0085::stop-commands::t)'
    expect(ageOf(entry({ [CREATED]: hostile }), run, T, NOW)).toEqual({ kind: 'newer', why: `built ${later}` })
    // Runs that cannot be ordered (another CI system's ids) fall back to the time.
    expect(ageOf(entry({ [RUN_ID]: 'local', [RUN_ATTEMPT]: '1', [CREATED]: later }), run, T, NOW).kind).toBe('newer')
  })
})
