/** The Actions artifact service at its boundary (it cannot run here): artifacts as folders of one directory. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { ArtifactService } from '../../src/records/store.js'

export interface ArtifactHooks {
  /** Before an upload is stored (a test may hold it here); a name already taken is then refused, as the service does. */
  upload?(name: string, retentionDays: number | undefined): Promise<void> | void
  /** Once an upload is stored. */
  uploaded?(name: string): void
  /** When the run's artifacts are listed. */
  listed?(): void
}

export function directoryArtifacts(store: string, hooks: ArtifactHooks = {}): ArtifactService {
  return {
    upload: async (name, file, _root, retentionDays) => {
      await hooks.upload?.(name, retentionDays)
      if ((await readdir(store)).includes(name))
        throw new Error('Conflict: an artifact with this name already exists on the workflow run')
      await mkdir(path.join(store, name))
      await writeFile(path.join(store, name, path.basename(file)), await readFile(file))
      hooks.uploaded?.(name)
    },
    list: async () => {
      hooks.listed?.()
      return (await readdir(store)).map((name, id) => ({ id, name }))
    },
    download: async (id, dir) => {
      const name = (await readdir(store))[id]
      await mkdir(dir, { recursive: true })
      for (const f of await readdir(path.join(store, name)))
        await writeFile(path.join(dir, f), await readFile(path.join(store, name, f)))
    },
  }
}
