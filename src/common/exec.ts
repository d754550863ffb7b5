/** The one way this project runs programs: argument arrays, never a shell. */
export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface ExecOptions {
  cwd?: string
  /** Written to the program's standard input. */
  input?: string
}

/** Runs `command` with `args`; rejects with ENOENT-like errors when it cannot be found. */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>
