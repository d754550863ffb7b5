/**
 * The one path for plain text the action prints (logs, the CLI's JSON): whatever it
 * holds — registry answers, index entries, records of other runs, error bodies, bake
 * values — no printed line can start a workflow command the action did not mean. The
 * runner reads a line as a command when it starts with `::` (after blanks) and, in the
 * older form, wherever `##[` appears in it; its lines end at CR, LF or CRLF. The
 * action's own commands (error, warning, debug, add-mask) are written elsewhere,
 * escaped as the runner unescapes them.
 */

const LINE_BREAK = /\r\n|\r|\n/
/** Blanks as the runner trims them (.NET's Char.IsWhiteSpace): JavaScript's \s and U+0085 (NEL). */
const COMMAND_START = /^([\s\u0085]*)::/

/** Each line that could be read as a command, made inert: `» ` before a leading `::`, `##[` broken as `## [`. */
export function inert(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((line) => line.replace(COMMAND_START, '$1» ::').replaceAll('##[', '## ['))
    .join('\n')
}

/** JSON as the CLI prints it: `##[` inside a string becomes `#\u0023[`, the same value to any JSON reader. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replaceAll('##[', '#\\u0023[')
}
