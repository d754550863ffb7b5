/**
 * The Actions runner protocol (inputs, outputs, masks, annotations). `@actions/core`
 * as a whole imports its OIDC client and with it @actions/http-client and undici: about
 * 1 MB and ~65 ms of every start, which the matrix and error paths never use; and its
 * workflow commands write through process.stdout, whose creation for the runner's pipe
 * costs ~6 ms more. So commands are formatted here (the runner's escaping, below) and
 * written to the descriptor; only a multi-line output takes core's heredoc writer, by
 * path (the package's `exports` hide it; the lock file pins its version).
 */
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'
import { inert } from '../common/inert.js'
import type { Logger } from '../common/log.js'
import { writeStdout } from '../common/stdio.js'

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

/** `::command key=value,…::message`, escaped as the runner unescapes it. */
export function formatCommand(command: string, properties: Record<string, string>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`
}

/**
 * The runner's escaping, and one thing more: `##[` (the older command form, which the
 * runner looks for anywhere in a line it could not read as `::command::`) is broken as
 * `## [`, so a command's text never carries a second one, whatever the runner tries first.
 */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A').replaceAll('##[', '## [')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

function issueCommand(command: string, properties: Record<string, string>, message: string): void {
  writeStdout(formatCommand(command, properties, message) + EOL)
}

export const actionsLogger: Logger = {
  info: (message) => writeStdout(inert(message) + EOL),
  warning: (message) => issueCommand('warning', {}, message),
  notice: (message) => issueCommand('notice', {}, message),
  debug: (message) => issueCommand('debug', {}, message),
  setSecret: (secret) => issueCommand('add-mask', {}, secret),
}
