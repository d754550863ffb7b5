import type { Logger } from '../../src/common/log.js'

/** A Logger that keeps every line and every masked secret, to check what would have been printed. */
export function recordingLogger(): Logger & { lines: string[]; secrets: string[] } {
  const lines: string[] = []
  const secrets: string[] = []
  return {
    lines,
    secrets,
    info: (m) => lines.push(m),
    warning: (m) => lines.push(m),
    notice: (m) => lines.push(m),
    debug: (m) => lines.push(m),
    setSecret: (s) => secrets.push(s),
  }
}
