import { atDeclarationStart, atStatementEnd, describeToken, isKeyword, isPunct, maxNestingDepth, type ParserCursor } from './parser-cursor';
import { skipJunk } from './recovery';
import { type Token, rangeOf } from './token';
import type { Block } from './tree';

/** How the entries of one kind of block are read. */
export interface BlockSpec<T extends { readonly kind: string }> {
  /** What an entry is, for messages: `statement`, `entry`. */
  readonly entryName: string;
  /** Parses one entry at a token that is not a newline, `;`, `}`, a declaration or the end. */
  parseEntry(): T;
}

/**
 * Reads a block's entries up to `}`. `open` is the `{` token, which is the current token; pass
 * undefined for a block whose `{` is missing (already reported): it starts at the current token
 * and, ending without `}`, does not report DL203 a second time. The block also ends, unclosed, at
 * a new `model` or `train` declaration: that is where it "clearly ended", and the DL203 goes right
 * after its last token.
 */
export function parseBlock<T extends { readonly kind: string }>(cursor: ParserCursor, open: Token | undefined, spec: BlockSpec<T>): Block<T> {
  const start = cursor.peek().start;
  if (open !== undefined && cursor.depth + 1 > maxNestingDepth) {
    // Too deep to recurse into: skip the whole group (skipJunk reports DL211 at the `{`).
    const skipped = skipJunk(cursor, () => true);
    return { range: skipped.range, items: [], closed: skipped.balanced };
  }
  if (open !== undefined) cursor.advance();
  cursor.depth++;
  cursor.closers.push('}');
  const items: T[] = [];
  let closed = false;
  for (;;) {
    const token = cursor.peek();
    if (token.kind === 'newline' || isPunct(token, ';')) {
      cursor.advance();
      continue;
    }
    if (isPunct(token, '}')) {
      cursor.advance();
      closed = true;
      break;
    }
    if (token.kind === 'eof' || atDeclarationStart(cursor)) {
      if (open !== undefined && !cursor.afterUnterminatedString()) {
        cursor.report('DL203', cursor.missingRange(), `Expected '}' to close the block — found ${describeToken(token)}; add '}'`, {
          related: [{ range: rangeOf(open), message: "'{' opened here" }],
        });
      }
      break;
    }
    const entry = spec.parseEntry();
    items.push(entry);
    // (A `shortcut` gets its own, clearer DL215 from the statement parser.)
    if (entry.kind !== 'Error' && !atStatementEnd(cursor) && !isKeyword(cursor.peek(), 'shortcut')) {
      // Something follows a complete entry on the same line. Report it here; the next round
      // parses it as an entry (or skips it as junk, whose report at the same offset is dropped).
      const next = cursor.peek();
      cursor.report('DL209', rangeOf(next), `Expected the end of the ${spec.entryName} — found ${describeToken(next)}; start a new line or put ';' between ${spec.entryName}s`);
    }
  }
  cursor.closers.pop();
  cursor.depth--;
  return { range: cursor.rangeFrom(start), items, closed };
}
