/**
 * The credentials and tokens a client holds, blanked from every message it builds from
 * a registry's answer: a registry (or proxy) may echo a request's Authorization in its
 * error body, and outside Actions nothing masks what the CLI prints.
 */

const BLANK = '***'

export class Secrets {
  private readonly forms = new Set<string>()

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value)
  }

  /**
   * A secret, as written, as a JSON string carries it (an error body is JSON), and as a
   * form or query carries it (a token server may echo the refresh-token form).
   */
  add(value: string): void {
    if (!value) return
    this.forms.add(value)
    this.forms.add(JSON.stringify(value).slice(1, -1))
    this.forms.add(encodeURIComponent(value))
    this.forms.add(new URLSearchParams({ v: value }).toString().slice(2))
  }

  /** `text` with every form of every secret blanked, longest first (a token may contain a password). */
  redact(text: string): string {
    const longestFirst = [...this.forms].sort((a, b) => b.length - a.length)
    return longestFirst.reduce((t, secret) => t.replaceAll(secret, BLANK), text)
  }
}
