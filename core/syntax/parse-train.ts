import { parseBlock } from './parse-block';
import { identifierNode, parseValue } from './parse-values';
import { atStatementEnd, describeToken, isBooleanKeyword, isPunct, startsValue, type ParserCursor } from './parser-cursor';
import { skipJunk } from './recovery';
import { type Token, rangeOf } from './token';
import type { Block, ErrorNode, TrainEntry } from './tree';

/** True at a token that can be a train key: an identifier, or a keyword directly followed by `:` (`model: Spirals`). */
export function startsTrainEntry(cursor: ParserCursor, ahead = 0): boolean {
  const token = cursor.peek(ahead);
  if (token.kind === 'identifier') return true;
  return token.kind === 'keyword' && isPunct(cursor.peek(ahead + 1), ':');
}

/** Reads a train block's `key: value` entries; `open` is the `{` (current token) or undefined when it is missing. */
export function parseTrainBlock(cursor: ParserCursor, open: Token | undefined): Block<TrainEntry | ErrorNode> {
  return parseBlock<TrainEntry>(cursor, open, {
    kind: 'train',
    entryName: 'entry',
    parseEntry: () => parseTrainEntry(cursor),
    startsEntry: () => startsTrainEntry(cursor) && isPunct(cursor.peek(1), ':'),
  });
}

/**
 * `key: value`. A missing `:` (DL213) before a value on the same line is read as if it were there,
 * so `epochs 200` still yields the entry `epochs` = 200 with a single diagnostic.
 */
function parseTrainEntry(cursor: ParserCursor): TrainEntry | ErrorNode {
  // Any keyword but true/false may be a key here: `model Spirals` (its ':' forgotten) reaches this
  // point only because, without a '{', it is not read as a new model declaration.
  const first = cursor.peek();
  if (first.kind !== 'identifier' && (first.kind !== 'keyword' || isBooleanKeyword(first))) {
    const token = cursor.peek();
    cursor.report('DL209', rangeOf(token), `Expected a 'key: value' entry such as loss: cross_entropy — found ${describeToken(token)}; remove it`);
    return { kind: 'Error', range: skipJunk(cursor, () => atStatementEnd(cursor)).range };
  }
  const keyToken = cursor.advance();
  const key = identifierNode(keyToken);
  const next = cursor.peek();
  if (isPunct(next, ':')) {
    cursor.advance();
    const valueToken = cursor.peek();
    // `target: input`: the keyword that starts a model's input is a plain name as a train value
    // (a train block has no `input` statement to confuse it with). Only here, so recovery elsewhere
    // still reads `input` as the start of a statement.
    if (valueToken.kind === 'keyword' && valueToken.text === 'input') {
      cursor.advance();
      return { kind: 'TrainEntry', range: cursor.rangeFrom(keyToken.start), key, value: { kind: 'Name', range: rangeOf(valueToken), text: valueToken.text } };
    }
    if (!startsValue(valueToken)) {
      cursor.report('DL204', cursor.foundRange(valueToken), `Expected a value after '${key.text}:' — found ${describeToken(valueToken)}; write the value on the same line, as in ${key.text}: …`);
      return { kind: 'TrainEntry', range: cursor.rangeFrom(keyToken.start), key };
    }
  } else {
    const lineEnds = next.kind === 'newline' || next.kind === 'eof';
    const shown = isPunct(cursor.peek(1), '(') ? `${next.text}(…)` : next.text;
    const example = startsValue(next) ? `${key.text}: ${shown}` : `${key.text}: …`;
    cursor.report('DL213', lineEnds ? key.range : rangeOf(next), `Expected ':' after '${key.text}' — found ${describeToken(next)}; write ${example}`);
    if (!startsValue(next)) return { kind: 'TrainEntry', range: cursor.rangeFrom(keyToken.start), key };
  }
  const value = parseValue(cursor);
  return { kind: 'TrainEntry', range: cursor.rangeFrom(keyToken.start), key, value };
}
