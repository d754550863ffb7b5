/** The GitHub Action entry: the only module that touches @actions/core. */
import * as core from '@actions/core'
import { errorMessage } from '../common/errors.js'
import { execProgram } from '../common/exec-program.js'
import { readInputs } from './inputs.js'
import type { Logger } from '../common/log.js'
import { run } from './run.js'
import { writeStepSummary } from '../common/markdown.js'

const actionsLogger: Logger = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  debug: (m) => core.debug(m),
  setSecret: (s) => core.setSecret(s),
}

export async function main(): Promise<void> {
  try {
    const inputs = readInputs((name) => core.getInput(name), true)
    const result = await run(inputs, { exec: execProgram, env: process.env, log: actionsLogger })
    for (const [name, value] of Object.entries(result.outputs)) core.setOutput(name, value)
    await writeStepSummary(result.summary, process.env.GITHUB_STEP_SUMMARY, core.warning)
    if (result.failure) core.setFailed(result.failure)
  } catch (error) {
    core.setFailed(errorMessage(error))
  }
}
