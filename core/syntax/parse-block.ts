import { atDeclarationStart, atStatementEnd, describeToken, isKeyword, isPunct, maxNestingDepth, type ParserCursor } from './parser-cursor';
import { skipJunk } from './recovery';
import { type Token, rangeOf } from './token';
import type { Block, ErrorNode } from './tree';
import type { TextRange } from '../common/range';

function errorEntry(range: TextRange): ErrorNode {
  return { kind: 'Error', range };
}

/** How the entries of one kind of block are read. */
export interface BlockSpec<T extends { readonly kind: string }> {
  /** What the block holds: model statements or train entries. */
  readonly kind: 'statement' | 'train';
  /** What an entry is, for messages: `statement`, `entry`. */
  readonly entryName: string;
  /** Parses one entry at a token that is not a newline, `;`, `}`, a declaration or the end. */
  parseEntry(): T | ErrorNode;
  /** True when the current token clearly begins an entry (`dense(`, `x =`, `repeat`; `key:`). */
  startsEntry(): boolean;
}

/**
 * Reads a block's entries up to `}`. `open` is the `{` token, which is the current token; pass
 * undefined for a block whose `{` is missing (already reported): it starts at the current token
 * and, ending without `}`, does not report DL203 a second time. The block also ends, unclosed, at
 * a new `model` or `train` declaration: that is where it "clearly ended", and the DL203 goes right
 * after its last token.
 *
 * A block without `{` may be given `ownerIndent`, the indentation of the line of the statement
 * that owns it: it then also ends at the first line indented no deeper than that (a `}` at
 * exactly that indentation is its own closing brace), as its layout shows.
 */
export function parseBlock<T extends { readonly kind: string }>(
  cursor: ParserCursor,
  open: Token | undefined,
  spec: BlockSpec<T>,
  ownerIndent?: number,
): Block<T | ErrorNode> {
  const start = cursor.peek().start;
  if (open !== undefined && cursor.depth + 1 > maxNestingDepth) {
    // Too deep to recurse into: skip the whole group (skipJunk reports DL211 at the `{`).
    const skipped = skipJunk(cursor, () => true);
    return { range: skipped.range, items: [], closed: skipped.balanced };
  }
  if (open !== undefined) cursor.advance();
  cursor.depth++;
  cursor.closers.push('}');
  const outerKind = cursor.blockKind;
  const outerIndent = cursor.statementIndent;
  const outerHasError = cursor.startStatement();
  cursor.blockKind = spec.kind;
  const itemsStart = cursor.itemsStart();
  let closed = false;
  for (;;) {
    const token = cursor.peek();
    if (token.kind === 'newline' || isPunct(token, ';')) {
      cursor.advance();
      continue;
    }
    if (open === undefined && ownerIndent !== undefined && cursor.isAtLineStart()) {
      const indent = cursor.currentLineIndent();
      if (indent < ownerIndent || (indent === ownerIndent && !isPunct(token, '}'))) break;
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
    cursor.statementIndent = cursor.currentLineIndent();
    cursor.startStatement();
    const entry = spec.parseEntry();
    cursor.pushItem(entry);
    // Something follows a complete entry on the same line (a `shortcut` gets its own, clearer
    // DL215 from the statement parser). If it clearly starts another entry, it is only missing
    // a line break: report that, and the next round parses it. Otherwise it is junk: report it
    // and skip to the end of the entry, so the rest of the line gives no further messages.
    // (An entry that ends with a body read by indentation has already passed its line break.)
    if (entry.kind !== 'Error' && !atStatementEnd(cursor) && !cursor.isAtLineStart() && !isKeyword(cursor.peek(), 'shortcut')) {
      const next = cursor.peek();
      const startsEntry = spec.startsEntry();
      const fix = startsEntry ? `start a new line or put ';' before it` : 'remove it';
      cursor.report('DL209', rangeOf(next), `Expected the end of the ${spec.entryName} — found ${describeToken(next)}; ${fix}`);
      if (!startsEntry) cursor.pushItem(errorEntry(skipJunk(cursor, () => atStatementEnd(cursor)).range));
    }
  }
  cursor.blockKind = outerKind;
  cursor.statementIndent = outerIndent;
  cursor.endStatement(outerHasError);
  cursor.closers.pop();
  cursor.depth--;
  return { range: cursor.rangeFrom(start), items: cursor.takeItems<T | ErrorNode>(itemsStart), closed };
}
