/** Exec backed by @actions/exec: argument arrays only, output captured, never echoed. */
import type { Exec } from './exec.js'

export const execProgram: Exec = async (command, args, options = {}) => {
  // Loaded on first use: most runs (matrix on JSON files) never start a program.
  const { getExecOutput } = await import('@actions/exec')
  const result = await getExecOutput(command, [...args], {
    cwd: options.cwd,
    input: options.input === undefined ? undefined : Buffer.from(options.input),
    silent: true,
    ignoreReturnCode: true,
  })
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
}
