/** Bake files and bake metadata as the build job would have them, for the append/verify tests. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type Descriptor, type ImageIndex, OCI_INDEX } from '../../src/oci/types.js'
import { completionOf, parseRecord } from '../../src/records/record.js'
import type { RegistryClient } from '../../src/registry/client.js'
import { readTagIndex } from '../../src/convergence/read.js'
import { CREATED, platformsOf } from '../../src/image-index/entries.js'
import { RUN_ATTEMPT, RUN_ID } from '../../src/image-index/runs.js'
import type { PushedImage } from './images.js'

export async function tempDir(prefix = 'bake-fanout-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix))
}

/** A workdir with docker-bake.json holding these targets. */
export async function bakeDir(targets: Record<string, { tags: string[]; platforms: string[] }>): Promise<string> {
  const dir = await tempDir('bake-fanout-work-')
  await writeFile(path.join(dir, 'docker-bake.json'), JSON.stringify({ target: targets }))
  return dir
}

/** docker/bake-action's metadata output for one target pushed by digest to `repositories`. */
export function metadataFor(target: string, pushed: PushedImage, repositories: string[]): string {
  return JSON.stringify({
    'buildx.build.warnings': [],
    [target]: {
      'buildx.build.ref': 'builder/builder0/abcdef',
      'containerimage.descriptor': pushed.descriptor,
      'containerimage.digest': pushed.descriptor.digest,
      'image.name': repositories.join(','),
    },
  })
}

export async function tagIndex(
  client: RegistryClient,
  repository: string,
  tag: string,
): Promise<ImageIndex | undefined> {
  return (await readTagIndex(client, repository, tag)).index
}

export async function tagPlatforms(client: RegistryClient, repository: string, tag: string): Promise<string[]> {
  return platformsOf((await tagIndex(client, repository, tag))?.manifests ?? [])
}

/** The entries without the stamps this tool writes on every image (its build time and run). */
export function withoutStamps(entries: readonly Descriptor[] | undefined): Descriptor[] | undefined {
  return entries?.map((entry) => {
    const { [CREATED]: _, [RUN_ID]: _id, [RUN_ATTEMPT]: _attempt, ...annotations } = entry.annotations ?? {}
    const { annotations: __, ...rest } = entry
    return Object.keys(annotations).length > 0 ? { ...rest, annotations } : rest
  })
}

/**
 * A record written by hand into a records directory, as another job (or run) would, and
 * — unless `complete` is false — its completion mark, so verify does not wait for it.
 */
export async function writeRecord(
  dir: string,
  name: string,
  fields: Record<string, unknown>,
  complete = true,
): Promise<void> {
  const createdAt = new Date().toISOString()
  const record = { version: 1, mediaType: OCI_INDEX, size: 1, runAttempt: 1, createdAt, ...fields }
  await writeFile(path.join(dir, `${name}.json`), JSON.stringify(record))
  if (!complete) return
  const mark = completionOf(parseRecord(record, name), { completedAt: createdAt })
  await writeFile(path.join(dir, `${name}.done.json`), JSON.stringify(mark))
}
