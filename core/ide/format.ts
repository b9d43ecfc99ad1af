/**
 * The formatter: one canonical layout for .dlmodel files, with no settings but the indent.
 *
 * The style:
 * - Indentation: two spaces (option `indent`) per `{` level. Top-level `model` and `train`
 *   declarations are separated by exactly one blank line (after a declaration, whatever follows,
 *   comment or declaration, gets one blank line). Elsewhere the user's blank lines between
 *   statements, declarations and comment lines are kept, several collapsed to one; none at the
 *   start of the file, right after `{`, right before `}`, or inside `( )` and `[ ]`.
 * - Lines: no trailing whitespace; the file ends with exactly one line ending (an empty or
 *   all-blank file becomes empty); line endings are `\r\n` when most of the file's are, else `\n`.
 *   A leading byte order mark is kept.
 * - One statement per line: a `;` becomes a line break. A block the user wrote on one line stays on
 *   one line, as `repeat 2 { conv2d(64, 3) }`, when it holds exactly one statement (and so do the
 *   blocks inside it), no comment, and the line stays within 100 columns; otherwise it is expanded.
 *   An empty block is `{}`. A `{` joins the line of its `repeat`/`residual`/`model`/`train` header,
 *   and `shortcut` joins the line of its residual's `}`: `} shortcut {`.
 * - Spacing: `name = call(a, b, key: value)`, `key: value`, `input [3, 32, 32]`, `model Name {`,
 *   `repeat 3 {`, `residual {`; nothing inside `( )` and `[ ]`, one space inside a one-line `{ }`.
 * - Calls, lists and shapes written on one line stay on one line, even past 100 columns (the
 *   formatter never breaks a line the user did not). One that spans several lines is joined when it
 *   has no comment and the joined line fits in 100 columns; otherwise it gets one argument per
 *   line, one level deeper than the line that opens it, and the closer on its own line at that
 *   line's indent. Trailing commas are removed everywhere (the grammar allows them; they mean
 *   nothing). Widths count code points, a tab in the indent as 4 columns, and exclude a trailing
 *   comment: a long comment never decides the layout of the code before it.
 * - Comments are kept verbatim, trailing spaces aside. A full-line comment is indented like the
 *   code it sits in (the block's statements, or the arguments of a broken call). A trailing
 *   comment stays on its line with exactly two spaces before `#` (as in Python's PEP 8: column
 *   alignment is not kept, since one edited line would otherwise realign its neighbours). A `,`
 *   or `:` that followed a comment moves before it, onto the line of the code it ends.
 *
 * Safety: text with a syntax error (any DL1xx or DL2xx from `parse`) is left alone, since the user
 * is mid-typing. The result is checked before it is returned: it must parse without syntax errors
 * and hold the same code tokens (minus `;` and trailing commas) and comments, else nothing changes.
 * Formatting is idempotent: formatted text is already in the canonical layout.
 */
import type { Diagnostic, TextEdit } from '../common/diagnostic';
import { parse, type Token } from '../syntax';
import { editsBetween } from './format-edits';
import { layoutTokens, type LayoutSettings } from './format-layout';

/** Formatter options; `indent` is one level of indentation (spaces or tabs; default two spaces). */
export interface FormatOptions {
  readonly indent?: string;
}

const maxColumns = 100;
const tabColumns = 4;
const byteOrderMark = '\uFEFF';

/** True for a lexical or syntax diagnostic: the text is not in a state the formatter may touch. */
function isSyntaxError(diagnostic: Diagnostic): boolean {
  return diagnostic.code.startsWith('DL1') || diagnostic.code.startsWith('DL2');
}

function settingsFor(tokens: readonly Token[], options: FormatOptions | undefined): LayoutSettings {
  // An indent that is not blank (or is empty) would change what the text says or defeat the
  // parser's layout rules, so it falls back to the default rather than failing.
  const requested = options?.indent;
  const indent = requested !== undefined && /^[ \t]+$/.test(requested) ? requested : '  ';
  let indentColumns = 0;
  for (const character of indent) indentColumns += character === '\t' ? tabColumns : 1;
  let crlf = 0;
  let lf = 0;
  for (const token of tokens) {
    if (token.kind !== 'newline') continue;
    if (token.text === '\r\n') crlf++;
    else lf++;
  }
  return { indent, indentColumns, eol: crlf > lf ? '\r\n' : '\n', maxColumns };
}

/** The formatted text and the edits that produce it; `text` is the input itself when nothing may change. */
function format(text: string, options: FormatOptions | undefined): { text: string; edits: TextEdit[] } {
  const unchanged = { text, edits: [] };
  const parsed = parse(text);
  if (parsed.diagnostics.some(isSyntaxError)) return unchanged;
  const tokens = parsed.tokens.toArray();
  const laidOut = layoutTokens(tokens, settingsFor(tokens, options));
  if (laidOut === undefined) return unchanged;
  const formatted = text.startsWith(byteOrderMark) ? byteOrderMark + laidOut : laidOut;
  if (formatted === text) return unchanged;
  const reparsed = parse(formatted);
  if (reparsed.diagnostics.some(isSyntaxError)) return unchanged;
  const edits = editsBetween(text, tokens, formatted, reparsed.tokens.toArray());
  return edits === undefined ? unchanged : { text: formatted, edits };
}

/**
 * The edits that bring a document to the canonical layout: one per changed run of text between
 * tokens, in document order, non-overlapping. Empty when the text is already formatted or has a
 * syntax error.
 */
export function formatDocument(text: string, options?: FormatOptions): TextEdit[] {
  return format(text, options).edits;
}

/** The document in the canonical layout; the text itself when it has a syntax error. */
export function formatText(text: string, options?: FormatOptions): string {
  return format(text, options).text;
}
