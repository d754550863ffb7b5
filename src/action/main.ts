/** The GitHub Action entry: the only module that speaks the runner's protocol. */
import { errorMessage } from '../common/errors.js'
import { execProgram } from '../common/actions-exec.js'
import { githubIdToken } from './github-oidc.js'
import { readInputs } from './inputs.js'
import { run } from './run.js'
import { actionsLogger, getInput, setFailed, setOutput } from './runner-io.js'
import { writeStepSummary } from '../common/markdown.js'

export async function main(): Promise<void> {
  try {
    const inputs = readInputs((name) => getInput(name), true)
    const result = await run(inputs, {
      exec: execProgram,
      env: process.env,
      log: actionsLogger,
      idToken: githubIdToken,
    })
    for (const [name, value] of Object.entries(result.outputs)) await setOutput(name, value)
    await writeStepSummary(result.summary, process.env.GITHUB_STEP_SUMMARY, actionsLogger.warning)
    if (result.failure) setFailed(result.failure)
  } catch (error) {
    setFailed(errorMessage(error))
  }
}
