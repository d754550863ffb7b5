/** What an append wrote rides in its completion mark: saved after the writes, read back validated. */
import { DirectoryRecordStore } from '../../src/records/store.js'
import { type BuildRecord, completionOf } from '../../src/records/record.js'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { tempDir } from '../helpers/fixtures.js'

const digest = (n: number) => 'sha256:' + n.toString(16).padStart(64, '0')
const record: BuildRecord = {
  version: 2,
  target: 'web',
  platforms: ['linux/amd64'],
  entries: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digest(9), size: 1 }],
  digest: digest(1),
  mediaType: 'application/vnd.oci.image.index.v1+json',
  size: 1,
  repositories: ['ghcr.io/o/web'],
  tags: ['ghcr.io/o/web:1'],
  createdAt: '2026-12-06T10:00:00.000Z',
  runId: '200',
  runAttempt: 1,
}

test('the indexes a job PUT are read back with its record', async () => {
  const dir = await tempDir()
  const skipped: string[] = []
  const store = new DirectoryRecordStore(dir, { onSkipped: (file) => skipped.push(file) })
  await store.save(record)
  const written = [
    { ref: 'ghcr.io/o/web:1', digest: digest(2) },
    { ref: 'ghcr.io/o/web:1', digest: digest(3) },
  ]
  await store.saveCompletion(record, { completedAt: '2026-12-06T10:01:00.000Z', written })
  const [read] = await store.loadAll()
  expect(read.completion).toEqual({ completedAt: '2026-12-06T10:01:00.000Z', written })
  expect(skipped).toEqual([])
})

test.each([
  [[{ ref: 'ghcr.io/o/web:1', digest: 'sha256:x' }], 'written[0] needs a tag ref and a digest'],
  [[{ ref: 'not a ref', digest: digest(2) }], 'written[0] is not a tag ref'],
  ['ghcr.io/o/web:1', 'written must be a list'],
])('a mark whose written list is not what append writes (%j) is skipped, never trusted', async (written, why) => {
  const dir = await tempDir()
  const skipped: string[] = []
  const store = new DirectoryRecordStore(dir, { onSkipped: (file, reason) => skipped.push(`${file}: ${reason}`) })
  await store.save(record)
  const mark = { ...completionOf(record, { completedAt: '2026-12-06T10:01:00.000Z' }), written }
  await writeFile(path.join(dir, 'mark.done.json'), JSON.stringify(mark))
  const [read] = await store.loadAll()
  expect(read.completion).toBeUndefined()
  expect(skipped).toEqual([expect.stringContaining(why)])
})
