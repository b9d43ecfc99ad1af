import type { DiagnosticCode } from '../common/codes';
import type { DiagnosticSink, ReportOptions } from '../common/diagnostic-sink';
import { range, type TextRange } from '../common/range';
import { showText } from './show-text';
import { scanString } from './string-literal';
import { type Token, rangeOf } from './token';
import { TokenCode, type TokenList } from './token-list';

/**
 * Errors that come from not finding what the grammar expects, after which the parser recovers by
 * guessing. Only the first in a statement is reported (see `ParserCursor.report`); DL203, the
 * model checks DL206–DL208, DL211 and DL215 are independent findings and always reported, and
 * DL210 is reported unless the statement is already broken.
 */
const recoveryCodes: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>(['DL201', 'DL202', 'DL204', 'DL205', 'DL209', 'DL212', 'DL213', 'DL214', 'DL216', 'DL217', 'DL218']);

/** How deeply calls, lists, shapes and blocks may nest before DL211; keeps recursion far from the stack limit. */
export const maxNestingDepth = 64;

/**
 * How many times the parser may look at tokens without consuming one. Every loop either consumes
 * or stops, so this never runs out in a correct parser; if a bug ever made it spin, the cursor
 * pretends the text ended there instead of hanging the editor.
 */
const fuelPerToken = 10_000;

/** How many recently seen tokens the cursor keeps as objects (a power of two, more than any lookahead needs). */
const recentSize = 16;

/** What `parseWithStats` reports for tests: where the step guard fired (it never should) and how much work the parse did. */
export interface ParserStats {
  stuckAt?: number;
  /**
   * Tokens looked at: one per `peek`, plus each token a newline scan passes. A count, not a time,
   * so the tests can hold the parser to linear work (steps per token) on any machine.
   */
  steps: number;
}

/**
 * The parser's view of the tokens: trivia (whitespace and comments) removed, newlines kept because
 * they end statements in blocks. Holds the shared state of one parse: diagnostics, nesting depth,
 * the closers of every open bracket, and the step guard.
 */
export class ParserCursor {
  private readonly tokens: TokenList;
  /** Indices into `tokens` of the significant ones (no comments), ending with `eof`. */
  private readonly significant: Int32Array;
  private readonly count: number;
  /**
   * The last few tokens handed out, as objects, by significant index: the parser looks at each
   * token a few times and keeps some, and one object per token (made when first seen, dying young
   * unless kept) is far cheaper than an object per token kept for the whole parse.
   */
  private readonly recent: (Token | undefined)[] = new Array<Token | undefined>(recentSize).fill(undefined);
  private readonly recentIndex = new Int32Array(recentSize).fill(-1);
  private index = 0;
  /** The token at `index`, the one `peek()` gives most often. */
  private current: Token;
  private readonly eof: Token;
  private fuel = fuelPerToken;
  /** End of the last consumed token other than a newline; nodes end here. */
  lastEnd = 0;
  /**
   * End of the blanks a construct left open has covered (see `coverBlanksAfterLastToken`); nodes
   * built after that end here when no token has been consumed since.
   */
  private coveredEnd = 0;
  /** The last consumed token other than a newline. */
  private lastToken: Token | undefined;
  /** Current nesting of calls, lists, shapes and blocks. */
  depth = 0;
  /** The closing punctuation each currently open construct waits for, innermost last. */
  readonly closers: string[] = [];
  readonly stats: ParserStats = { steps: 0 };
  /** Every range skipped as junk, in source order; lexical diagnostics inside them are noise. */
  readonly junk: TextRange[] = [];
  /** What the innermost block holds: statements of a model, or `key: value` entries of a train block. */
  blockKind: 'statement' | 'train' | undefined;
  /** Indentation of the line where the current statement or train entry starts. */
  statementIndent = 0;
  /** Where the current line starts (just after the last consumed newline). */
  private lineStart = 0;
  /** Indentation of the current line; valid once a token of the line has been consumed. */
  private lineIndent = 0;
  private atLineStart = true;
  /** True once the current statement has reported a recovery error. */
  private statementHasError = false;
  /**
   * The items of every list and block being read, innermost last, from `itemsStart` to the top.
   * Each list used to grow its own array by `push` (room for 17 at the first item) and then copy
   * it to its exact size: one short-lived array per call, list and block of a large file.
   */
  private readonly pendingItems: unknown[] = [];
  private pendingTop = 0;

  /** `tokens`: the tokens of `text` without whitespace (comments are skipped here), ending with `eof`. */
  constructor(
    private readonly text: string,
    tokens: TokenList,
    readonly sink: DiagnosticSink,
  ) {
    this.tokens = tokens;
    const significant = new Int32Array(tokens.length);
    let count = 0;
    for (let i = 0; i < tokens.length; i++) if (tokens.code(i) !== TokenCode.comment) significant[count++] = i;
    this.significant = significant;
    this.count = count;
    this.current = this.tokenAt(0);
    this.eof = count === 1 ? this.current : tokens.at(tokens.length - 1);
  }

  /** The significant token at `index` (< count) as an object, the same object while it is recent. */
  private tokenAt(index: number): Token {
    const slot = index & (recentSize - 1);
    if (this.recentIndex[slot] === index) return this.recent[slot] as Token;
    const token = this.tokens.at(this.significant[index] as number);
    this.recent[slot] = token;
    this.recentIndex[slot] = index;
    return token;
  }

  private burn(): void {
    this.stats.steps++;
    if (this.stats.stuckAt !== undefined) return;
    if (--this.fuel < 0) this.stats.stuckAt = this.tokens.start(this.significant[Math.min(this.index, this.count - 1)] as number);
  }

  /** The token `ahead` places from the current one (newlines included); `eof` past the end or once stuck. */
  peek(ahead = 0): Token {
    this.burn();
    if (this.stats.stuckAt !== undefined) return this.eof;
    if (ahead === 0) return this.current;
    return this.tokenAt(Math.min(this.index + ahead, this.count - 1));
  }

  /** How many newline tokens come next, starting `from` places ahead. */
  newlinesAhead(from = 0): number {
    // Scans the kinds directly: a run of blank lines must cost one step, not one per line.
    this.burn();
    if (this.stats.stuckAt !== undefined) return 0;
    const first = Math.min(this.index + from, this.count - 1);
    let end = first;
    while (this.tokens.code(this.significant[end] as number) === TokenCode.newline) end++;
    this.stats.steps += end - first;
    return end - first;
  }

  /** Consumes and returns the current token (at the end, stays at `eof`). */
  advance(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') {
      this.index++;
      this.current = this.tokenAt(this.index);
      this.fuel = fuelPerToken;
      if (token.kind === 'newline') {
        this.lineStart = token.end;
        this.atLineStart = true;
      } else {
        if (this.atLineStart) this.lineIndent = token.start - this.lineStart;
        this.atLineStart = false;
        this.lastEnd = token.end;
        this.lastToken = token;
      }
    }
    return token;
  }

  /** True when the current token is the first of its line. */
  isAtLineStart(): boolean {
    return this.atLineStart;
  }

  /** Indentation (in characters) of the line that holds the current token. */
  currentLineIndent(): number {
    return this.atLineStart ? this.peek().start - this.lineStart : this.lineIndent;
  }

  /** Column of the token `ahead` places on, which must directly follow a newline token. */
  columnAfterNewline(ahead: number): number {
    return this.peek(ahead).start - this.peek(ahead - 1).end;
  }

  /** Consumes newlines. */
  skipNewlines(): void {
    while (this.peek().kind === 'newline') this.advance();
  }

  /**
   * True right after a string that lacks its closing quote. A closer that seems missing there was
   * most likely swallowed by the string (`csv("a.csv)`), and DL102 already says so.
   */
  afterUnterminatedString(): boolean {
    const token = this.lastToken;
    return token !== undefined && token.kind === 'string' && !scanString(token.text, 0).terminated;
  }

  /**
   * Reports a diagnostic (dropped if another one already starts at the same offset). Of the
   * recovery errors — the ones that follow from not finding what the grammar expects — only the
   * first of each statement is kept: the rest of a broken statement is usually fallout of the
   * same typo. (Call `startStatement` at each statement or entry.)
   */
  report(code: DiagnosticCode, at: TextRange, message: string, options?: ReportOptions): void {
    if (recoveryCodes.has(code)) {
      if (this.statementHasError) return;
      this.statementHasError = true;
    } else if (code === 'DL210' && this.statementHasError) {
      // A positional argument after a named one, once the statement is broken, is usually a
      // fragment of a misread argument (`gamma]: 0.5` leaves `0.5` behind).
      return;
    }
    this.sink.report(code, at, message, options);
  }

  /** Starts collecting the items of a list or block; pass the result to `takeItems`. */
  itemsStart(): number {
    return this.pendingTop;
  }

  /** Adds an item to the innermost list being collected. */
  pushItem(item: unknown): void {
    this.pendingItems[this.pendingTop++] = item;
  }

  /** The items pushed since `itemsStart` returned `base`, as an array of exactly their number; ends that list. */
  takeItems<T>(base: number): T[] {
    const items = this.pendingItems.slice(base, this.pendingTop) as T[];
    this.pendingTop = base;
    return items;
  }

  /** Marks the start of a statement, entry or declaration; returns the previous state for `endStatement`. */
  startStatement(): boolean {
    const outer = this.statementHasError;
    this.statementHasError = false;
    return outer;
  }

  /** Restores the state of the enclosing statement after a nested block. */
  endStatement(outer: boolean): void {
    this.statementHasError = outer;
  }

  /** An empty range just after the last consumed token: where a missing piece belongs. */
  missingRange(): TextRange {
    return range(this.lastEnd, this.lastEnd);
  }

  /** Where to report "expected X, found T": T itself when it is on this line, else just after the last token. */
  foundRange(found: Token): TextRange {
    return found.kind === 'newline' || found.kind === 'eof' ? this.missingRange() : rangeOf(found);
  }

  /**
   * Lets the nodes that end now also cover the spaces and tabs after the last token, up to the
   * line break or comment. Called when a bracket is left open: a user typing `dense(4, activation: `
   * in an editor that does not close brackets has the cursor after those blanks, and completion
   * and signature help find the call only if its range reaches the cursor. Diagnostics still use
   * `lastEnd`, so a missing `)` is reported right after the token.
   */
  coverBlanksAfterLastToken(): void {
    let end = this.lastEnd;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    this.coveredEnd = end;
  }

  /** A range from `start` to the end of the last consumed token or covered blanks (never inverted). */
  rangeFrom(start: number): TextRange {
    return range(start, Math.max(start, this.lastEnd, this.coveredEnd));
  }

  /**
   * `rangeFrom(start)`, but `same` itself when it already spans exactly that: a node that only
   * wraps another (a positional argument, an unnamed layer statement) shares its child's range,
   * one long-lived object fewer per node in a large file.
   */
  rangeFromReusing(start: number, same: TextRange): TextRange {
    const end = Math.max(start, this.lastEnd, this.coveredEnd);
    return same.start === start && same.end === end ? same : range(start, end);
  }
}

/** How a token reads in a message: `'dense'`, `the end of the line`, `the end of the file`. */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'the end of the file';
  if (token.kind === 'newline') return 'the end of the line';
  const maxShown = 24;
  return token.text.length > maxShown ? `${showText(token.text.slice(0, maxShown))}…` : showText(token.text);
}

/** True for a punctuation token with exactly this text. */
export function isPunct(token: Token, text: string): boolean {
  return token.kind === 'punctuation' && token.text === text;
}

/** True for a keyword token with exactly this text. */
export function isKeyword(token: Token, text: string): boolean {
  return token.kind === 'keyword' && token.text === text;
}

/** True for `true` and `false`, the keywords that are values. */
export function isBooleanKeyword(token: Token): boolean {
  return token.kind === 'keyword' && (token.text === 'true' || token.text === 'false');
}

/** True when a token can begin a value: number, string, `true`/`false`, a name or call, or `[`. */
export function startsValue(token: Token): boolean {
  return token.kind === 'number' || token.kind === 'string' || token.kind === 'identifier' || isBooleanKeyword(token) || isPunct(token, '[');
}

/**
 * True when the token `ahead` places on is `input` used as a value (`from: input`,
 * `concat(input, b)`): the keyword not followed by `[`, which would make it the input statement.
 */
export function isInputReference(cursor: ParserCursor, ahead = 0): boolean {
  return isKeyword(cursor.peek(ahead), 'input') && !isPunct(cursor.peek(ahead + 1), '[');
}

/**
 * True when the current token starts a new `model` or `train` declaration. `model: Spirals` is a
 * train key, so the keyword followed by `:` does not count.
 */
export function atDeclarationStart(cursor: ParserCursor): boolean {
  const token = cursor.peek();
  if (token.kind !== 'keyword' || (token.text !== 'model' && token.text !== 'train')) return false;
  const next = cursor.peek(1);
  if (isPunct(next, ':')) return false;
  if (cursor.blockKind !== 'train') return true;
  // Inside a train block `model Spirals` is far more likely the key with its ':' forgotten than a
  // new declaration, so there a declaration must show its '{' on the same line.
  return isPunct(next, '{') || (next.kind === 'identifier' && isPunct(cursor.peek(2), '{'));
}

/** True at a token that certainly ends a statement: newline, `;`, `}`, end of file, or a new declaration. */
export function atStatementEnd(cursor: ParserCursor): boolean {
  const token = cursor.peek();
  return token.kind === 'newline' || token.kind === 'eof' || isPunct(token, ';') || isPunct(token, '}') || atDeclarationStart(cursor);
}
