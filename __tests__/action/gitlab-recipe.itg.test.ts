/**
 * docs/ci/gitlab.md, run: the pipeline's `$BAKE_FANOUT` command lines, exactly as
 * written, against a real registry — `matrix` once in prepare, one `append --defer` per
 * platform in a directory of its own with that platform's `TAGS` from prepare's
 * matrix.json, the records merged as GitLab merges a stage's artifacts, then `verify`
 * in the publish job. The `jq` and `docker buildx bake` lines are the parts played
 * here: the entry is picked from matrix.json, and the platform's image is pushed over
 * the registry API. A bake variable that differs between prepare and the build jobs
 * shows the tags are fixed once, in prepare.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { DIST, cleanEnv, spawnNode } from '../helpers/action.js'
import { metadataFor, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

const RECIPE = path.resolve(import.meta.dirname, '../../docs/ci/gitlab.md')

/** The `- $BAKE_FANOUT …` script lines of each ```yaml block, as words (double quotes kept together, `> file` apart). */
async function recipeBlocks(): Promise<string[][][]> {
  const text = await readFile(RECIPE, 'utf8')
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((block) =>
    [...block[1].matchAll(/^\s+- \$BAKE_FANOUT (.+)$/gm)].map((m) =>
      [...m[1].matchAll(/"([^"]*)"|(\S+)/g)].map((w) => w[1] ?? w[2]),
    ),
  )
}

describeWithRegistry('the GitLab CI recipe', () => {
  const fixture = useRegistry()

  async function bakeFanout(words: string[], cwd: string, env: Record<string, string>) {
    const redirect = words.indexOf('>')
    const argv = (redirect >= 0 ? words.slice(0, redirect) : words).map((w) =>
      w.replace(/^\$(\w+)$/, (_m, v) => env[v]),
    )
    const result = await spawnNode([DIST, ...argv], { ...cleanEnv(), ...env }, cwd)
    if (redirect >= 0) await writeFile(path.join(cwd, words[redirect + 1]), result.stdout)
    return result
  }

  test("prepare's matrix, one append --defer per platform with prepare's tags, verify: the recipe's own commands publish every platform once", async () => {
    const [pipeline] = await recipeBlocks()
    expect(pipeline.map((c) => c[0])).toEqual(['matrix', 'append', 'verify'])
    const [matrix, append, verify] = pipeline
    expect(append).toEqual(expect.arrayContaining(['--tags', '$TAGS', '--defer']))
    const ci = { CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_ID: '90210' }
    const repo = `${fixture.registry.host}/gl/app`
    const bake = JSON.stringify({
      variable: { VERSION: { default: 'dev' } },
      target: { app: { tags: [`${repo}:\${VERSION}`, `${repo}:latest`], platforms: ['linux/amd64', 'linux/arm64'] } },
    })
    const checkout = await tempDir('bake-fanout-gitlab-')
    await writeFile(path.join(checkout, 'docker-bake.json'), bake)
    // prepare: the tags resolved once (VERSION as prepare saw it), kept as an artifact.
    const prepared = await bakeFanout(matrix, checkout, { ...ci, VERSION: '1.2.3' })
    expect(prepared.code).toBe(0)
    const entries = JSON.parse(await readFile(path.join(checkout, 'matrix.json'), 'utf8')).matrix
    const publish = path.join(await tempDir('bake-fanout-gitlab-publish-'), 'job')
    await mkdir(path.join(publish, 'records'), { recursive: true })
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      // One build job: its own checkout with prepare's artifact, and a VERSION that moved on since.
      const job = path.join(await tempDir('bake-fanout-gitlab-job-'), 'job')
      await cp(checkout, job, { recursive: true })
      const entry = entries.find((e: { platform: string }) => e.platform === platform)
      expect(entry.set).toContain('push-by-digest=true')
      const [os, architecture] = platform.split('/')
      const image = await pushImage(fixture.client, 'gl/app', { os, architecture }, { attest: true })
      await writeFile(path.join(job, 'metadata.json'), metadataFor('app', image, [repo]))
      const env = { ...ci, VERSION: '1.2.4-later', TAGS: entry.tags }
      const appended = await bakeFanout(append, job, env)
      expect({ code: appended.code, stderr: appended.code ? appended.stderr : '' }).toEqual({ code: 0, stderr: '' })
      expect(Object.keys(JSON.parse(appended.stdout).result).sort()).toEqual([`${repo}:1.2.3`, `${repo}:latest`])
      expect(JSON.parse(appended.stdout).result[`${repo}:1.2.3`]).toMatchObject({ deferred: true })
      // GitLab hands the stage's artifacts to the next stage merged into one tree.
      await cp(path.join(job, 'records'), path.join(publish, 'records'), { recursive: true })
    }
    expect(await tagPlatforms(fixture.client, 'gl/app', '1.2.3')).toEqual([])
    const published = await bakeFanout(verify, publish, ci)
    expect({ code: published.code, stderr: published.code ? published.stderr : '' }).toEqual({ code: 0, stderr: '' })
    expect(JSON.parse(published.stdout).digest).toMatch(/^sha256:/)
    for (const tag of ['1.2.3', 'latest'])
      expect(await tagPlatforms(fixture.client, 'gl/app', tag)).toEqual(['linux/amd64', 'linux/arm64'])
    expect(await tagPlatforms(fixture.client, 'gl/app', '1.2.4-later')).toEqual([])
  }, 60_000)

  test("the child-pipeline variant's matrix lines read what the pipeline's prepare reads", async () => {
    const [pipeline, child] = await recipeBlocks()
    const [json, gitlab] = child
    expect(json).toEqual(pipeline[0])
    expect(gitlab).toEqual([...pipeline[0].slice(0, -2), '--format', 'gitlab', '>', 'build.yml'])
  })
})
