/**
 * The Actions runner protocol (inputs, outputs, masks, annotations), through the two
 * small modules of @actions/core that implement it. `@actions/core` as a whole also
 * imports its OIDC client and with it @actions/http-client and undici: about 1 MB and
 * ~65 ms of every start, which the matrix and error paths never use. The package's
 * `exports` hide these modules (and Node refuses an `imports` target inside
 * node_modules), so they are imported by path; the lock file pins their version.
 */
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { issueCommand } from '../../node_modules/@actions/core/lib/command.js'
import type { Logger } from '../common/log.js'

/** An input as the runner passes it: INPUT_<NAME> (spaces as underscores, upper case), trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/**
 * A one-line value goes in the runner's short form, `name=value` (split at the first
 * `=`; our names hold none). Only a multi-line one takes @actions/core's heredoc, whose
 * random delimiter loads node:crypto, ~5 ms of a start that every output so far avoids.
 */
export async function setOutput(name: string, value: string): Promise<void> {
  const file = process.env.GITHUB_OUTPUT
  if (!file) return issueCommand('set-output', { name }, value)
  if (!/[\r\n]/.test(value)) return appendFileSync(file, `${name}=${value}${EOL}`, { encoding: 'utf8' })
  const { issueFileCommand, prepareKeyValueMessage } =
    await import('../../node_modules/@actions/core/lib/file-command.js')
  issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
}

/** Fails the step: exit code 1 and an error annotation. Execution goes on (the caller returns). */
export function setFailed(message: string): void {
  process.exitCode = 1
  issueCommand('error', {}, message)
}

export const actionsLogger: Logger = {
  info: (message) => process.stdout.write(message + '\n'),
  warning: (message) => issueCommand('warning', {}, message),
  debug: (message) => issueCommand('debug', {}, message),
  setSecret: (secret) => issueCommand('add-mask', {}, secret),
}
