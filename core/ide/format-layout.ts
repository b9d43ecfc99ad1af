import type { Token } from '../syntax';
import { blankLine, LinePrinter, type PrintedLine } from './format-printer';
import { LayoutTokens } from './format-tokens';

// The printer behind `formatText` (see format.ts for the style it implements). It works on the
// token stream, not the tree: the lexer is total, so every comment and every piece of code is a
// token in source order, and the printer only decides what goes between them (a space, nothing, a
// line break, a blank line). It is only run on text without syntax errors, so brackets balance.
// Three steps, one file each: format-tokens.ts builds the tables the printer looks ahead in,
// format-printer.ts decides the lines, and `renderLines` below turns them into text.

export { trimComment } from './format-tokens';

/** How `layoutTokens` prints: the indent of one level, its width in columns, the line ending. */
export interface LayoutSettings {
  readonly indent: string;
  readonly indentColumns: number;
  readonly eol: string;
  readonly maxColumns: number;
}

/**
 * Lays out the tokens of a text that has no syntax error. Returns undefined only if the brackets
 * do not balance, which the parser would have reported; callers then leave the text alone.
 */
export function layoutTokens(allTokens: readonly Token[], settings: LayoutSettings): string | undefined {
  const tokens = LayoutTokens.scan(allTokens);
  if (tokens === undefined) return undefined;
  const printer = new LinePrinter(tokens, settings);
  printer.print();
  return renderLines(printer.lines, settings);
}

/** The lines as text: indents, code, two spaces before a trailing comment, one line ending after each. */
function renderLines(lines: readonly PrintedLine[], settings: LayoutSettings): string {
  if (lines.length === 0) return '';
  const rendered = lines.map((line) => {
    if (line === blankLine) return '';
    const code = settings.indent.repeat(line.indent) + line.code;
    if (line.comment === undefined) return code;
    return line.code === '' ? settings.indent.repeat(line.indent) + line.comment : `${code}  ${line.comment}`;
  });
  return rendered.join(settings.eol) + settings.eol;
}
