import type { TextRange } from '../common/range';
import { atDeclarationStart, isBooleanKeyword, isPunct, maxNestingDepth, type ParserCursor } from './parser-cursor';
import { rangeOf } from './token';

const closerOf: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/**
 * At a newline: true when the next line looks like a new statement or entry (a keyword, or a name
 * followed by `(`, `=` or `:`) indented no deeper than the statement being read.
 */
function nextLineStartsStatement(cursor: ParserCursor): boolean {
  const ahead = cursor.newlinesAhead();
  if (cursor.columnAfterNewline(ahead) > cursor.statementIndent) return false;
  const token = cursor.peek(ahead);
  if (token.kind === 'keyword') return !isBooleanKeyword(token);
  const next = cursor.peek(ahead + 1);
  return token.kind === 'identifier' && (isPunct(next, '(') || isPunct(next, '=') || isPunct(next, ':'));
}

/** What `skipJunk` passed over. */
export interface Skipped {
  readonly range: TextRange;
  /** True when every bracket opened inside the junk was closed again. */
  readonly balanced: boolean;
}

/**
 * Skips tokens the parser cannot place, always consuming at least the current one. Brackets opened
 * inside the junk are tracked on an explicit stack (not recursion, so 100,000 `[` cost nothing
 * but memory) and hide `stop` and newlines until they close again. The skip ends at `stop` (checked
 * only outside junk brackets), at a new `model`/`train` declaration, at a `}` met while a junk `(`
 * or `[` is open (it belongs to the enclosing block), and at the end of the file. Nesting deeper than
 * the limit is reported once as DL211. The skipped range is recorded in `cursor.junk`.
 */
export function skipJunk(cursor: ParserCursor, stop: () => boolean): Skipped {
  const start = cursor.peek().start;
  const open: string[] = [];
  let first = true;
  let reportedDepth = false;
  for (;;) {
    const token = cursor.peek();
    if (token.kind === 'eof') break;
    if (!first && (atDeclarationStart(cursor) || (open.length === 0 && stop()))) break;
    if (token.kind === 'punctuation') {
      const closer = closerOf[token.text];
      if (closer !== undefined) {
        open.push(closer);
        if (!reportedDepth && cursor.depth + open.length > maxNestingDepth) {
          reportedDepth = true;
          cursor.report('DL211', rangeOf(token), `Nesting too deep — more than ${maxNestingDepth} brackets and blocks are open here; simplify the expression`);
        }
      } else if (token.text === open[open.length - 1]) {
        open.pop();
      } else if (open.length > 0 && (token.text === '}' || cursor.closers.includes(token.text))) {
        // Unbalanced junk such as `( }` or `[(8]`: the closer belongs to an enclosing construct.
        break;
      }
    } else if (token.kind === 'newline' && open.length > 0 && cursor.blockKind !== undefined && nextLineStartsStatement(cursor)) {
      // An unclosed bracket in junk must not swallow the following statements.
      break;
    }
    first = false;
    cursor.advance();
  }
  const skipped = cursor.rangeFrom(start);
  cursor.junk.push(skipped);
  return { range: skipped, balanced: open.length === 0 };
}
