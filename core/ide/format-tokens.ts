import type { Token } from '../syntax';

// What the formatter's printer (format-printer.ts) knows about the tokens before it writes any:
// which bracket closes which, the source line of each token, where the comments are, and the
// next code token after each. The printer makes every decision that looks ahead from these
// tables (does this block fit on one line, did the user break this call), so each look-ahead is
// a lookup or a bounded scan rather than a second pass over the text.

/** Removes the spaces and tabs a comment may end with (the lexer includes them in the comment). */
export function trimComment(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 9)) end--;
  return text.slice(0, end);
}

/** Columns a piece of code takes: one per code point (an astral character in a string is one column). */
export function columnsOf(text: string): number {
  let columns = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) columns--;
    }
  }
  return columns;
}

/**
 * Whether one space separates two adjacent tokens on a line. Nothing before `,` `:` `)` `]` or a
 * call's `(`, nothing after `(` or `[`, and `{}` for an empty block; one space everywhere else
 * (`x = f`, `key: v`, `a, b`, `input [2]`, `repeat 2 {`, `{ f() }`, `} shortcut {`).
 */
export function needsSpace(previous: string | undefined, next: string): boolean {
  if (previous === undefined) return false;
  if (next === ',' || next === ':' || next === ')' || next === ']' || next === '(') return false;
  if (previous === '(' || previous === '[') return false;
  return !(previous === '{' && next === '}');
}

function isCode(token: Token): boolean {
  return token.kind !== 'newline' && token.kind !== 'comment';
}

/** For each bracket the index of its partner (-1 elsewhere); undefined if the brackets do not balance. */
function matchBrackets(tokens: readonly Token[]): Int32Array | undefined {
  const match = new Int32Array(tokens.length).fill(-1);
  const openers: number[] = [];
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== 'punctuation') continue;
    if (token.text === '{' || token.text === '(' || token.text === '[') openers.push(i);
    else if (token.text === '}' || token.text === ')' || token.text === ']') {
      const opener = openers.pop();
      if (opener === undefined || '{(['.indexOf((tokens[opener] as Token).text) !== '})]'.indexOf(token.text)) return undefined;
      match[opener] = i;
      match[i] = opener;
    }
  }
  return openers.length > 0 ? undefined : match;
}

/** The source line of each token, counted in newline tokens (a newline belongs to the line it ends). */
function sourceLines(tokens: readonly Token[]): Int32Array {
  const lineOf = new Int32Array(tokens.length);
  let line = 0;
  for (const [i, token] of tokens.entries()) {
    lineOf[i] = line;
    if (token.kind === 'newline') line++;
  }
  return lineOf;
}

/** Prefix counts: entry i is the number of comments among the first i tokens. */
function commentCounts(tokens: readonly Token[]): Int32Array {
  const before = new Int32Array(tokens.length + 1);
  for (const [i, token] of tokens.entries()) before[i + 1] = (before[i] as number) + (token.kind === 'comment' ? 1 : 0);
  return before;
}

/** The next code token (not a newline or comment) after each index, or the token count. */
function nextCodeIndexes(tokens: readonly Token[]): Int32Array {
  const nextCode = new Int32Array(tokens.length);
  let upcoming = tokens.length;
  for (let i = tokens.length - 1; i >= 0; i--) {
    nextCode[i] = upcoming;
    if (isCode(tokens[i] as Token)) upcoming = i;
  }
  return nextCode;
}

/** The tokens the printer writes, with the tables it looks ahead in. */
export class LayoutTokens {
  private constructor(
    private readonly tokens: readonly Token[],
    private readonly match: Int32Array,
    private readonly lineOf: Int32Array,
    private readonly commentsBefore: Int32Array,
    private readonly nextCode: Int32Array,
  ) {}

  /** Undefined when the brackets do not balance (the parser would have reported it). */
  static scan(allTokens: readonly Token[]): LayoutTokens | undefined {
    // Whitespace is what the printer rewrites, so it is dropped; newlines still tell where the
    // user broke lines, which decides blank lines, trailing comments and single-line constructs.
    const tokens = allTokens.filter((token) => token.kind !== 'whitespace' && token.kind !== 'eof');
    const match = matchBrackets(tokens);
    if (match === undefined) return undefined;
    return new LayoutTokens(tokens, match, sourceLines(tokens), commentCounts(tokens), nextCodeIndexes(tokens));
  }

  get count(): number {
    return this.tokens.length;
  }

  at(i: number): Token {
    return this.tokens[i] as Token;
  }

  /** The token's text; empty past the end, so a look-ahead off the end matches nothing. */
  textAt(i: number): string {
    return i < this.tokens.length ? (this.tokens[i] as Token).text : '';
  }

  /** The bracket that closes (or opens) the bracket at `i`. */
  partner(i: number): number {
    return this.match[i] as number;
  }

  nextCodeAfter(i: number): number {
    return this.nextCode[i] as number;
  }

  onSameSourceLine(a: number, b: number): boolean {
    return this.lineOf[a] === this.lineOf[b];
  }

  /** Whether a comment sits anywhere in `from..to` (inclusive). */
  hasComment(from: number, to: number): boolean {
    return (this.commentsBefore[to + 1] as number) > (this.commentsBefore[from] as number);
  }

  /** The grammar allows a comma before `)` or `]`; the canonical style has none. */
  isTrailingComma(i: number): boolean {
    if (this.textAt(i) !== ',') return false;
    const next = this.textAt(this.nextCodeAfter(i));
    return next === ')' || next === ']';
  }

  /** Width of `from..to` printed on one line; stops counting once past `limit`. */
  flatColumns(from: number, to: number, limit: number): number {
    let columns = 0;
    let previous: string | undefined;
    for (let i = from; i <= to && columns <= limit; i++) {
      const token = this.at(i);
      if (token.kind === 'newline' || token.text === ';' || this.isTrailingComma(i)) continue;
      // Callers only measure comment-free ranges; a comment would force a line break anyway.
      if (token.kind === 'comment') return Number.POSITIVE_INFINITY;
      if (needsSpace(previous, token.text)) columns++;
      columns += columnsOf(token.text);
      previous = token.text;
    }
    return columns;
  }

  /** True when the block holds nothing but line breaks and `;`: it prints as `{}`. */
  isEmptyBlock(open: number, close: number): boolean {
    for (let i = open + 1; i < close; i++) {
      const token = this.at(i);
      if (token.kind !== 'newline' && token.text !== ';') return false;
    }
    return true;
  }

  /**
   * True when the block may stay on one line: the user wrote it on one line, it has no comment,
   * it holds exactly one statement, and so does every block nested in it (two statements would
   * need a `;`, and the style turns every `;` into a line break).
   */
  isOneLineCandidate(open: number, close: number): boolean {
    if (!this.onSameSourceLine(open, close) || this.hasComment(open, close)) return false;
    // Per open block, innermost last: statements counted so far, and whether one is under way.
    const statements: number[] = [];
    const inStatement: boolean[] = [];
    for (let i = open; i <= close; i++) {
      const text = this.textAt(i);
      const depth = statements.length - 1;
      if (text === ';') {
        inStatement[depth] = false;
      } else if (text === '}') {
        const found = statements.pop() as number;
        inStatement.pop();
        if (found > 1 || (statements.length === 0 && found !== 1)) return false;
      } else {
        if (depth >= 0 && inStatement[depth] !== true) {
          statements[depth] = (statements[depth] as number) + 1;
          inStatement[depth] = true;
        }
        if (text === '{') {
          statements.push(0);
          inStatement.push(false);
        }
      }
    }
    return true;
  }

  /**
   * Columns taken after a block's `}` by a `shortcut { … }` that follows it on the same line, so
   * that a residual's one-line block stays on one line only if its shortcut fits too.
   */
  shortcutColumns(close: number, limit: number): number {
    const shortcut = this.nextCodeAfter(close);
    if (this.textAt(shortcut) !== 'shortcut' || this.hasComment(close, shortcut)) return 0;
    const open = this.nextCodeAfter(shortcut);
    if (this.textAt(open) !== '{') return 1 + 'shortcut'.length;
    const end = this.partner(open);
    const oneLine = this.isEmptyBlock(open, end) || this.isOneLineCandidate(open, end);
    return 1 + 'shortcut'.length + 1 + (oneLine ? this.flatColumns(open, end, limit) : 1);
  }
}
