/**
 * @actions/artifact behind the ArtifactService boundary; loaded only when used (it
 * makes most of the bundle). It needs the Actions runtime, read from `env`.
 */
import { InputError, errorMessage } from '../common/errors.js'
import type { ArtifactService } from './store.js'

type Env = Readonly<Record<string, string | undefined>>

/**
 * Whether the run's artifact service is the v4 one, consistent read-after-write, that
 * the records rely on: GitHub.com and GHE.com have it, GitHub Enterprise Server does not
 * (the rule @actions/artifact applies, from GITHUB_SERVER_URL).
 */
export function hasArtifactService(env: Env): boolean {
  const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toLowerCase()
  return host === 'github.com' || host.endsWith('.ghe.com') || host.endsWith('.localhost')
}

/** `records: artifact` needs the runner's artifact service: refused up front elsewhere. */
export function assertActionsRuntime(env: Env): void {
  if (!env.ACTIONS_RUNTIME_TOKEN) {
    throw new InputError(
      'records',
      "'artifact' needs the GitHub Actions runtime (ACTIONS_RUNTIME_TOKEN); elsewhere give a directory",
    )
  }
}

export async function actionsArtifactService(env: Env): Promise<ArtifactService> {
  assertActionsRuntime(env)
  const { DefaultArtifactClient } = await import('@actions/artifact')
  const client = new DefaultArtifactClient()
  const call = async <T>(what: string, action: () => Promise<T>): Promise<T> => {
    try {
      return await action()
    } catch (error) {
      throw new Error(`workflow artifacts: ${what} failed: ${errorMessage(error)}`)
    }
  }
  return {
    upload: (name, file, rootDirectory, retentionDays) =>
      call(`upload of ${name}`, () =>
        client.uploadArtifact(name, [file], rootDirectory, retentionDays ? { retentionDays } : {}),
      ).then(() => {}),
    list: () =>
      call('listing', () => client.listArtifacts({ latest: true })).then((r) =>
        r.artifacts.map((a) => ({ id: a.id, name: a.name })),
      ),
    download: (id, dir) =>
      call(`download of artifact ${id}`, () => client.downloadArtifact(id, { path: dir })).then(() => {}),
  }
}
