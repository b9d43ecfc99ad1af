import type { TextRange } from '../common/range';
import { describeToken, isBooleanKeyword, isInputReference, isPunct, maxNestingDepth, type ParserCursor } from './parser-cursor';
import { skipJunk } from './recovery';
import { type Token, rangeOf } from './token';

/** How one bracketed, comma-separated list is read: a call's arguments, a list value, a shape. */
export interface DelimitedSpec<T> {
  /** `)` or `]`. */
  readonly closer: ')' | ']';
  /** DL201 for `)`, DL202 for `]`. */
  readonly code: 'DL201' | 'DL202';
  /** What is being closed, for messages: `'dense('`, `the list`, `the shape`. */
  readonly what: string;
  /** True when the token can begin an item. */
  canStartItem(token: Token): boolean;
  /** Parses one item; called only where `canStartItem` holds. */
  parseItem(): T;
}

/** The items read and whether the closing bracket was found. */
export interface Delimited<T> {
  readonly items: T[];
  readonly closed: boolean;
}

/**
 * True when the token `ahead` places on cannot continue a bracketed list and so shows that its
 * closer is missing: the end of the file, `}`, `;`, a keyword other than `true`/`false`, the
 * closer of an enclosing bracket, or (in a list) `name:`. In a call, `input` not followed by `[`
 * is a value (`concat(input, b)`), not the input statement.
 */
function endsList(cursor: ParserCursor, ahead: number, closer: string): boolean {
  const token = cursor.peek(ahead);
  if (token.kind === 'eof' || isPunct(token, '}') || isPunct(token, ';')) return true;
  if (token.kind === 'keyword' && !isBooleanKeyword(token) && !(closer === ')' && isInputReference(cursor, ahead))) return true;
  if (isPunct(token, ')') || isPunct(token, ']')) return cursor.closers.slice(0, -1).includes(token.text);
  // `key:` cannot be an item of a list or shape: the list's ']' is missing before a named argument.
  if (closer === ']' && token.kind === 'identifier' && isPunct(cursor.peek(ahead + 1), ':')) return true;
  return false;
}

/**
 * True when the line starting `ahead` tokens on (just after a newline) looks like the next
 * statement rather than more items: `name =` anywhere; or, when it is indented no deeper than the
 * statement being read, `name(` in a model block or `key:` in a train block. Continuation lines of
 * a call are normally indented deeper, so `dense(8, activation: tanh,` followed by `dense(3)` on
 * the next line closes the first call instead of swallowing the second.
 */
export function startsNewEntry(cursor: ParserCursor, ahead: number): boolean {
  const token = cursor.peek(ahead);
  const next = cursor.peek(ahead + 1);
  if (token.kind === 'identifier' && isPunct(next, '=')) return true;
  if (cursor.columnAfterNewline(ahead) > cursor.statementIndent) return false;
  if (cursor.blockKind === 'statement') return token.kind === 'identifier' && isPunct(next, '(');
  if (cursor.blockKind === 'train') return (token.kind === 'identifier' || token.kind === 'keyword') && isPunct(next, ':');
  return false;
}

/** DL201/DL202 for a list whose closer is missing (not after an unterminated string, unless `at` is given). */
function reportMissingCloser<T>(cursor: ParserCursor, spec: DelimitedSpec<T>, opener: Token, found: Token, at?: TextRange): void {
  if (at === undefined && cursor.afterUnterminatedString()) return;
  cursor.report(spec.code, at ?? cursor.missingRange(), `Expected '${spec.closer}' to close ${spec.what} — found ${describeToken(found)}; add '${spec.closer}'`, {
    related: [{ range: rangeOf(opener), message: `'${opener.text}' opened here` }],
  });
}

/**
 * Reads `item, item, …` up to the closer; the opener is the current token. Newlines are ignored
 * between items, except that a missing closer must not swallow the next statement: after an
 * item, a line break followed by anything but `,`, the closer or a deeper-indented item ends the
 * list, and so does a line that looks like the next statement (see `startsNewEntry`). A missing
 * closer is reported at the end of the last token read, where the `)` belongs. Junk inside is
 * reported once per run and skipped.
 */
export function parseDelimited<T>(cursor: ParserCursor, spec: DelimitedSpec<T>): Delimited<T> {
  const opener = cursor.peek();
  if (cursor.depth + 1 > maxNestingDepth) {
    // Too deep to recurse into: skip the whole group (skipJunk reports DL211 at the opener).
    return { items: [], closed: skipJunk(cursor, () => true).balanced };
  }
  cursor.advance();
  cursor.depth++;
  cursor.closers.push(spec.closer);
  const itemsStart = cursor.itemsStart();
  let closed = false;
  let expectItem = true;
  let junkReported = false;
  for (;;) {
    const newlines = cursor.newlinesAhead();
    const token = cursor.peek(newlines);
    if (isPunct(token, spec.closer)) {
      cursor.skipNewlines();
      cursor.advance();
      closed = true;
      break;
    }
    if (isPunct(token, ',')) {
      cursor.skipNewlines();
      if (expectItem && !junkReported) cursor.report('DL204', rangeOf(token), `Expected a value before this ',' — remove the extra ',' or add the missing value`);
      cursor.advance();
      expectItem = true;
      junkReported = false;
      continue;
    }
    const lineBreak = newlines > 0;
    if (endsList(cursor, newlines, spec.closer) || (lineBreak && startsNewEntry(cursor, newlines))) {
      reportMissingCloser(cursor, spec, opener, lineBreak ? cursor.peek() : token);
      break;
    }
    // After an item, a line break ends the list (its closer was forgotten) unless the next line
    // is indented deeper than the statement and starts an item: then only a ',' is missing.
    const continuation = lineBreak && spec.canStartItem(token) && cursor.columnAfterNewline(newlines) > cursor.statementIndent;
    if (!expectItem && lineBreak && !continuation) {
      reportMissingCloser(cursor, spec, opener, cursor.peek());
      break;
    }
    if ((isPunct(token, ')') || isPunct(token, ']')) && token.text !== spec.closer) {
      // A wrong closer that matches nothing open. At the end of the line (`dense(3]`) it is most
      // likely a typo for ours; followed by more items it is junk, skipped below.
      const after = cursor.peek(newlines + 1);
      if (after.kind === 'newline' || after.kind === 'eof' || isPunct(after, '}') || isPunct(after, ';')) {
        reportMissingCloser(cursor, spec, opener, token, rangeOf(token));
        cursor.skipNewlines();
        cursor.advance();
        break;
      }
    }
    cursor.skipNewlines();
    if (spec.canStartItem(token)) {
      if (!expectItem && !junkReported) cursor.report(spec.code, rangeOf(token), `Expected ',' or '${spec.closer}' after the previous item — found ${describeToken(token)}; separate items with ','`);
      cursor.pushItem(spec.parseItem());
      expectItem = false;
      junkReported = false;
      continue;
    }
    if (!junkReported) {
      const message = expectItem
        ? `Expected a value — found ${describeToken(token)}; remove it`
        : `Expected ',' or '${spec.closer}' — found ${describeToken(token)}; remove it`;
      cursor.report(expectItem ? 'DL204' : spec.code, rangeOf(token), message);
      junkReported = true;
    }
    skipJunk(cursor, () => true);
  }
  if (!closed) cursor.coverBlanksAfterLastToken();
  cursor.closers.pop();
  cursor.depth--;
  return { items: cursor.takeItems<T>(itemsStart), closed };
}
