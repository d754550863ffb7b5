/**
 * docs/ci/gitlab.md, run: its `$BAKE_FANOUT` command lines, exactly as written, against a
 * real registry — matrix in the first job, one `append --defer` per platform in a
 * directory of its own, the records merged as GitLab merges a stage's artifacts, then
 * `verify` in the publish job. The `docker buildx bake` line is the one part played
 * here by pushing the platform's image over the registry API.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DIST, cleanEnv, spawnNode } from '../helpers/action.js'
import { metadataFor, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

const RECIPE = path.resolve(import.meta.dirname, '../../docs/ci/gitlab.md')

/** The recipe's `- $BAKE_FANOUT …` script lines, as words (double quotes kept together, `> file` apart). */
async function recipeCommands(): Promise<string[][]> {
  const text = await readFile(RECIPE, 'utf8')
  const lines = [...text.matchAll(/^\s+- \$BAKE_FANOUT (.+)$/gm)].map((m) => m[1])
  return lines.map((line) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]))
}

describeWithRegistry('the GitLab CI recipe', () => {
  const fixture = useRegistry()

  async function bakeFanout(words: string[], cwd: string, env: Record<string, string>) {
    const redirect = words.indexOf('>')
    const argv = redirect >= 0 ? words.slice(0, redirect) : words
    const result = await spawnNode([DIST, ...argv], { ...cleanEnv(), ...env }, cwd)
    if (redirect >= 0) await writeFile(path.join(cwd, words[redirect + 1]), result.stdout)
    return result
  }

  test("matrix, one append --defer per platform, verify: the recipe's own commands publish every platform once", async () => {
    const commands = await recipeCommands()
    expect(commands.map((c) => c[0])).toEqual(['matrix', 'append', 'verify'])
    const [matrix, append, verify] = commands
    const env = { CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_ID: '90210' }
    const tags = [`${fixture.registry.host}/gl/app:1.2.3`, `${fixture.registry.host}/gl/app:latest`]
    const bake = JSON.stringify({ target: { app: { tags, platforms: ['linux/amd64', 'linux/arm64'] } } })
    const checkout = await tempDir('bake-fanout-gitlab-')
    await writeFile(path.join(checkout, 'docker-bake.json'), bake)
    const publish = path.join(await tempDir('bake-fanout-gitlab-publish-'), 'job')
    await mkdir(path.join(publish, 'records'), { recursive: true })
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      // One build job: its own checkout.
      const job = path.join(await tempDir('bake-fanout-gitlab-job-'), 'job')
      await cp(checkout, job, { recursive: true })
      const planned = await bakeFanout(matrix, job, env)
      expect(planned.code).toBe(0)
      const entries = JSON.parse(await readFile(path.join(job, 'matrix.json'), 'utf8')).matrix
      const entry = entries.find((e: { platform: string }) => e.platform === platform)
      expect(entry.set).toContain('push-by-digest=true')
      const [os, architecture] = platform.split('/')
      const image = await pushImage(fixture.client, 'gl/app', { os, architecture }, { attest: true })
      await writeFile(path.join(job, 'metadata.json'), metadataFor('app', image, [`${fixture.registry.host}/gl/app`]))
      const appended = await bakeFanout(append, job, env)
      expect({ code: appended.code, stderr: appended.code ? appended.stderr : '' }).toEqual({ code: 0, stderr: '' })
      expect(JSON.parse(appended.stdout).result[tags[0]]).toMatchObject({ deferred: true })
      // GitLab hands the stage's artifacts to the next stage merged into one tree.
      await cp(path.join(job, 'records'), path.join(publish, 'records'), { recursive: true })
    }
    expect(await tagPlatforms(fixture.client, 'gl/app', '1.2.3')).toEqual([])
    const published = await bakeFanout(verify, publish, env)
    expect({ code: published.code, stderr: published.code ? published.stderr : '' }).toEqual({ code: 0, stderr: '' })
    const outputs = JSON.parse(published.stdout)
    expect(outputs.digest).toMatch(/^sha256:/)
    for (const tag of ['1.2.3', 'latest'])
      expect(await tagPlatforms(fixture.client, 'gl/app', tag)).toEqual(['linux/amd64', 'linux/arm64'])
  }, 60_000)
})
