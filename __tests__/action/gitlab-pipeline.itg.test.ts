/**
 * `matrix --format gitlab`, run as GitLab would run the child pipeline it prints: each
 * build job's script lines by a real sh in a checkout of its own (CI_PROJECT_DIR), then
 * the publish job's on the build jobs' artifacts merged, against a real registry. The
 * `docker` lines are the one part played here: the build pushes the entry's platform by
 * digest over the registry API and writes bake's metadata where the job asks for it.
 */
import { execFile } from 'node:child_process'
import { cp, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { DIST, cleanEnv, spawnNode } from '../helpers/action.js'
import { metadataFor, tagPlatforms, tempDir } from '../helpers/fixtures.js'
import { pushImage } from '../helpers/images.js'
import { describeWithRegistry } from '../helpers/registry.js'
import { useRegistry } from '../helpers/registry-fixture.js'

const sh = promisify(execFile)

interface Job {
  stage: string
  script: string[]
  variables?: Record<string, { value: string }>
  artifacts?: { paths: string[] }
}

describeWithRegistry('the GitLab child pipeline matrix prints', () => {
  const fixture = useRegistry()

  /** A job's script lines, in order, as the runner's shell runs them; docker is played by the test. */
  async function runScript(lines: readonly string[], projectDir: string) {
    const env = {
      ...cleanEnv(),
      CI_PROJECT_DIR: projectDir,
      CI_PIPELINE_ID: '31337',
      BAKE_FANOUT: `${process.execPath} ${DIST}`,
    }
    for (const line of lines) await sh('sh', ['-ec', `docker() { :; }\n${line}`], { cwd: projectDir, env })
  }

  test('every build job saves its record, publish writes every tag with every platform', async () => {
    const host = fixture.registry.host
    const tags = [`${host}/gl/pipe:2.0`, `${host}/gl/pipe:latest`]
    const bake = { target: { pipe: { tags, platforms: ['linux/amd64', 'linux/arm64'], args: { V: '2.0' } } } }
    const checkout = await tempDir('bake-fanout-child-')
    await writeFile(path.join(checkout, 'docker-bake.json'), JSON.stringify(bake))
    const printed = await spawnNode(
      [
        DIST,
        'matrix',
        '--format',
        'gitlab',
        '--files',
        'docker-bake.json',
        '--targets',
        'pipe',
        '--set',
        `*.args.NOTE=it's "$HOME"`,
      ],
      cleanEnv(),
      checkout,
    )
    expect(printed.code).toBe(0)
    const pipeline = parse(printed.stdout, { version: '1.1' }) as Record<string, Job>
    const builds = Object.entries(pipeline).filter(([, job]) => job?.stage === 'build')
    expect(builds.map(([name]) => name)).toEqual(['build:pipe-linux-amd64', 'build:pipe-linux-arm64'])
    const publishDir = await tempDir('bake-fanout-child-publish-')
    for (const [, job] of builds) {
      const projectDir = await tempDir('bake-fanout-child-job-')
      await cp(checkout, projectDir, { recursive: true })
      const [os, architecture] = job.variables!.BAKE_FANOUT_PLATFORM.value.split('/')
      const image = await pushImage(fixture.client, 'gl/pipe', { os, architecture }, { attest: true })
      await writeFile(
        path.join(projectDir, 'bake-fanout-metadata.json'),
        metadataFor('pipe', image, [`${host}/gl/pipe`]),
      )
      await runScript(job.script, projectDir)
      // GitLab hands the stage's artifacts to the next stage merged into one tree.
      for (const artifact of job.artifacts!.paths)
        await cp(path.join(projectDir, artifact), path.join(publishDir, artifact), { recursive: true })
    }
    expect(await tagPlatforms(fixture.client, 'gl/pipe', '2.0')).toEqual([])
    await runScript(pipeline.publish.script, publishDir)
    for (const tag of ['2.0', 'latest'])
      expect(await tagPlatforms(fixture.client, 'gl/pipe', tag)).toEqual(['linux/amd64', 'linux/arm64'])
    // Each build job's record (and its completion mark) reached publish through the artifacts.
    const saved = await readdir(path.join(publishDir, 'bake-fanout-records'))
    expect(saved.filter((f) => !f.endsWith('.done.json'))).toHaveLength(2)
  }, 60_000)
})
