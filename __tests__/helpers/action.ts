/** Runs the bundled action exactly as the runner does: `node dist/index.js`, INPUT_* env, output files. */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const DIST = path.resolve(import.meta.dirname, '../../dist/index.js')

export interface ActionRun {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
}

/** `signal` kills the step (SIGKILL) when aborted: a job cancelled or crashed mid-run. */
export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bake-fanout-run-'))
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const inputEnv = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  const { code, stdout, stderr } = await spawnNode(
    [DIST],
    {
      ...cleanEnv(),
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...inputEnv,
      ...env,
    },
    undefined,
    signal,
  )
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
  }
}

/** The runner's environment without anything of this test process's that could leak in. */
export function cleanEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG']
  return Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k] as string]))
}

export function spawnNode(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
  signal?: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env,
      cwd,
      signal,
      killSignal: 'SIGKILL',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (error) => {
      if (!signal?.aborted) reject(error)
    })
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/**
 * Parses GITHUB_OUTPUT as the runner does: a line is `name=value` when its first `=`
 * comes before any `<<`, else it opens a `name<<delimiter … delimiter` block.
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const equals = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (equals >= 0 && (heredoc < 0 || equals < heredoc)) {
      outputs[line.slice(0, equals)] = line.slice(equals + 1)
    } else if (heredoc >= 0) {
      const delimiter = line.slice(heredoc + 2)
      const body: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) body.push(lines[i])
      outputs[line.slice(0, heredoc)] = body.join('\n')
    }
  }
  return outputs
}
