import { SliceInterner } from './slice-interner';
import { punctuationCharacters, type Token, type TokenKind } from './token';

/** The kinds in the order of their codes in a `TokenList` (`TokenCode`). */
export const tokenKinds: readonly TokenKind[] = ['identifier', 'keyword', 'number', 'string', 'punctuation', 'newline', 'comment', 'whitespace', 'unknown', 'eof'];

/** A token kind's code in a `TokenList`: its index in `tokenKinds`. */
export const TokenCode = {
  identifier: 0,
  keyword: 1,
  number: 2,
  string: 3,
  punctuation: 4,
  newline: 5,
  comment: 6,
  whitespace: 7,
  unknown: 8,
  eof: 9,
} as const satisfies Record<TokenKind, number>;

/** The one-character texts of punctuation, by character code: shared, never sliced. */
const punctuationText: string[] = [];
for (const character of punctuationCharacters) punctuationText[character.charCodeAt(0)] = character;

/**
 * The tokens of a text as three parallel typed arrays (kind code, start, end) instead of one
 * object each. A 20,000-line file has ~220,000 tokens that live as long as its analysis; as
 * objects they were most of what the collector had to copy and promote during a check (on this
 * machine an object that stays alive costs about 40× one that dies young), as numbers in typed
 * arrays they cost it nothing. A token's text is sliced from the source when asked for.
 */
export class TokenList {
  private readonly interner = new SliceInterner();

  constructor(
    /** The text the offsets point into. */
    readonly source: string,
    private readonly codes: Uint8Array,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    /** How many tokens there are (the arrays may be longer). */
    readonly length: number,
  ) {}

  /** The kind code (`TokenCode`) of token `i`; the cheap test for hot loops. */
  code(i: number): number {
    return this.codes[i] as number;
  }

  kind(i: number): TokenKind {
    return tokenKinds[this.codes[i] as number] as TokenKind;
  }

  start(i: number): number {
    return this.starts[i] as number;
  }

  end(i: number): number {
    return this.ends[i] as number;
  }

  /** The exact source slice of token `i`; short, repeated texts (names, numbers, punctuation) are shared strings. */
  text(i: number): string {
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    const code = this.codes[i] as number;
    if (code === TokenCode.punctuation) return punctuationText[this.source.charCodeAt(start)] as string;
    if (code === TokenCode.newline) return end - start === 1 ? '\n' : '\r\n';
    if (code === TokenCode.identifier || code === TokenCode.keyword || code === TokenCode.number || code === TokenCode.whitespace) return this.interner.slice(this.source, start, end);
    return this.source.slice(start, end);
  }

  /** Token `i` as a fresh object. */
  at(i: number): Token {
    return { kind: this.kind(i), start: this.starts[i] as number, end: this.ends[i] as number, text: this.text(i) };
  }

  /** Index of the last token that starts before `offset`, or -1. */
  lastStartingBefore(offset: number): number {
    let low = 0;
    let high = this.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((this.starts[mid] as number) < offset) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  }

  /** Every token as an object, in order (for the formatter and tests; the hot paths read by index). */
  toArray(): Token[] {
    const tokens: Token[] = new Array<Token>(this.length);
    for (let i = 0; i < this.length; i++) tokens[i] = this.at(i);
    return tokens;
  }
}

/** Collects tokens into growing typed arrays; `finish` hands them to a `TokenList`. */
export class TokenListBuilder {
  private codes: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  length = 0;

  constructor(expected: number) {
    const capacity = Math.max(16, expected);
    this.codes = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(code: number, start: number, end: number): void {
    if (this.length === this.codes.length) this.grow();
    this.codes[this.length] = code;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  private grow(): void {
    const capacity = this.codes.length * 2;
    const codes = new Uint8Array(capacity);
    codes.set(this.codes);
    const starts = new Int32Array(capacity);
    starts.set(this.starts);
    const ends = new Int32Array(capacity);
    ends.set(this.ends);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
  }

  finish(source: string): TokenList {
    return new TokenList(source, this.codes, this.starts, this.ends, this.length);
  }
}
