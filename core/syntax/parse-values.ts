import { isIntegerText, numberValue } from './number-literal';
import { type DelimitedSpec, parseDelimited, startsNewEntry } from './parse-delimited';
import { scanString } from './string-literal';
import { describeToken, isInputReference, isKeyword, isPunct, startsValue, type ParserCursor } from './parser-cursor';
import { type Token, rangeOf } from './token';
import type { TextRange } from '../common/range';
import type { Argument, Call, Identifier, ListLiteral, NumberLiteral, Value } from './tree';

/** The Identifier node for an identifier (or keyword) token. */
export function identifierNode(token: Token): Identifier {
  return { kind: 'Identifier', range: rangeOf(token), text: token.text };
}

/** The Number node for a number token. */
export function numberNode(token: Token): NumberLiteral {
  return numberLiteral(rangeOf(token), numberValue(token.text), token.text, isIntegerText(token.text));
}

/** The largest integer V8 keeps untagged in an object field on 64-bit builds with pointer compression (31-bit small integers). */
const maxSmallInteger = 2 ** 30 - 1;

/**
 * A Number node. The engine gives each object shape one representation per field: once a single
 * node whose shape is shared holds `0.1`, every node's `value` becomes a separately allocated
 * boxed double (75,000 extra objects that outlive a 20,000-line check, and every count read from
 * them, such as a repeat's, becomes a double too). So the common small integers are built by a
 * literal whose shape only ever holds small integers, and all other values (fractions, -0, huge
 * or malformed numbers) by property stores from an empty object, which has a different shape
 * with the same keys in the same order: equal JSON, equal under deepStrictEqual.
 */
export function numberLiteral(range: TextRange, value: number, text: string, isIntegerLiteral: boolean): NumberLiteral {
  if (Number.isInteger(value) && value <= maxSmallInteger && value >= -maxSmallInteger - 1 && !Object.is(value, -0)) {
    return { kind: 'Number', range, value, text, isIntegerLiteral };
  }
  const node: { kind?: 'Number'; range?: TextRange; value?: number; text?: string; isIntegerLiteral?: boolean } = {};
  node.kind = 'Number';
  node.range = range;
  node.value = value;
  node.text = text;
  node.isIntegerLiteral = isIntegerLiteral;
  return node as NumberLiteral;
}

/** True when a number token is a usable integer: written without `.`/exponent and well formed. */
export function isIntegerNumber(token: Token): boolean {
  return token.kind === 'number' && isIntegerText(token.text) && Number.isFinite(numberValue(token.text));
}

/**
 * Parses one value at the current token, which must satisfy `startsValue`. A name directly
 * followed by `(` is a call; otherwise it is a bare name such as `relu` or `same`.
 */
export function parseValue(cursor: ParserCursor): Value {
  const token = cursor.peek();
  if (token.kind === 'identifier' && isPunct(cursor.peek(1), '(')) return parseCall(cursor);
  if (isPunct(token, '[')) return parseList(cursor);
  cursor.advance();
  switch (token.kind) {
    case 'number':
      return numberNode(token);
    case 'string':
      return { kind: 'String', range: rangeOf(token), value: scanString(token.text, 0).value };
    case 'keyword':
      // `input` as a value names the model's input (`from: input`); the other keyword values are booleans.
      if (token.text === 'input') return { kind: 'Name', range: rangeOf(token), text: token.text };
      return { kind: 'Boolean', range: rangeOf(token), value: token.text === 'true' };
    case 'comment':
    case 'eof':
    case 'identifier':
    case 'newline':
    case 'punctuation':
    case 'unknown':
    case 'whitespace':
      return { kind: 'Name', range: rangeOf(token), text: token.text };
  }
}

/** `[value, …]`; the current token is `[`. */
function parseList(cursor: ParserCursor): ListLiteral {
  const start = cursor.peek().start;
  const { items } = parseDelimited(cursor, {
    closer: ']',
    code: 'DL202',
    what: 'the list',
    canStartItem: startsValue,
    parseItem: () => parseValue(cursor),
  });
  return { kind: 'List', range: cursor.rangeFrom(start), items };
}

/** One argument, `value` or `name: value`; `seenNamed` tracks DL210 across the list. */
function parseArgument(cursor: ParserCursor, state: { seenNamed: boolean }): Argument {
  const first = cursor.peek();
  const start = first.start;
  if (first.kind === 'identifier' && isPunct(cursor.peek(1), ':')) {
    cursor.advance();
    cursor.advance();
    state.seenNamed = true;
    const name = identifierNode(first);
    const newlines = cursor.newlinesAhead();
    const next = cursor.peek(newlines);
    // The value may stand on the next line, unless that line looks like the next statement:
    // `dense(4, activation:` typed above `dense(3)` must not take that layer as its value.
    const startsArgumentValue = startsValue(next) || isInputReference(cursor, newlines);
    if (!startsArgumentValue || (newlines > 0 && startsNewEntry(cursor, newlines))) {
      const found = startsArgumentValue ? cursor.peek() : next;
      const at = newlines > 0 ? cursor.missingRange() : rangeOf(next);
      cursor.report('DL204', at, `Expected a value after '${first.text}:' — found ${describeToken(found)}; write e.g. ${first.text}: 1, or remove '${first.text}:'`);
      return { kind: 'Argument', range: cursor.rangeFrom(start), name };
    }
    cursor.skipNewlines();
    const value = parseValue(cursor);
    return { kind: 'Argument', range: cursor.rangeFrom(start), name, value };
  }
  const value = parseValue(cursor);
  if (state.seenNamed) {
    cursor.report('DL210', value.range, `Positional argument after a named argument — put positional arguments first, or give this one its name (name: value)`);
  }
  return { kind: 'Argument', range: cursor.rangeFromReusing(start, value.range), value };
}

function startsArgument(token: Token): boolean {
  return startsValue(token) || isKeyword(token, 'input');
}

/**
 * How a call's arguments are read, and whether a named one has been seen (for DL210). One object
 * per call instead of a spec, two closures and a state: a large file has a call on most lines.
 */
class ArgumentListSpec implements DelimitedSpec<Argument> {
  readonly closer = ')';
  readonly code = 'DL201';
  readonly canStartItem = startsArgument;
  seenNamed = false;

  constructor(
    private readonly cursor: ParserCursor,
    private readonly callee: string,
  ) {}

  /** Built only for a message. */
  get what(): string {
    return `'${this.callee}('`;
  }

  parseItem(): Argument {
    return parseArgument(this.cursor, this);
  }
}

/**
 * A call `name(args)`; the current token is the name. When `(` does not follow (only possible for
 * a layer statement such as `dense 16`), reports DL218 and returns a call without `argsRange`.
 */
export function parseCall(cursor: ParserCursor): Call {
  const calleeToken = cursor.advance();
  const callee = identifierNode(calleeToken);
  const open = cursor.peek();
  if (!isPunct(open, '(')) {
    const lineEnds = open.kind === 'newline' || open.kind === 'eof' || isPunct(open, ';') || isPunct(open, '}');
    const simple = open.kind === 'number' || open.kind === 'identifier' || open.kind === 'string';
    const example = simple ? `${callee.text}(${open.text})` : `${callee.text}(…)`;
    const message = lineEnds
      ? `Expected '(' after '${callee.text}' — write ${callee.text}() even when there are no arguments`
      : `Expected '(' after '${callee.text}' — found ${describeToken(open)}; arguments go in parentheses, as in ${example}`;
    cursor.report('DL218', lineEnds ? callee.range : rangeOf(open), message);
    return { kind: 'Call', range: callee.range, callee, args: [], closed: false };
  }
  const { items, closed } = parseDelimited(cursor, new ArgumentListSpec(cursor, callee.text));
  return { kind: 'Call', range: cursor.rangeFrom(calleeToken.start), callee, args: items, argsRange: cursor.rangeFrom(open.start), closed };
}
