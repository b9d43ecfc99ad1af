import type { TextRange } from '../common/range';

/**
 * The kinds of token the lexer produces. The lexer is total: every character of the text belongs
 * to exactly one token, so trivia (whitespace, comments) and junk (`unknown`) are tokens too.
 */
export type TokenKind =
  | 'identifier'
  | 'keyword'
  | 'number'
  | 'string'
  | 'punctuation'
  | 'newline'
  | 'comment'
  | 'whitespace'
  | 'unknown'
  | 'eof';

/**
 * One token; `text` is the exact source slice `[start, end)`. A token is a `TextRange` itself, and
 * every token has exactly these four fields (one object shape). The lexer stores tokens as numbers
 * in a `TokenList` (token-list.ts) and makes these objects only when asked. Values are derived
 * from `text` by the parser (see `parse-values.ts`).
 */
export interface Token extends TextRange {
  readonly kind: TokenKind;
  readonly text: string;
}

/** The reserved words of the language; everything else that looks like a name is an identifier. */
export const keywords: ReadonlySet<string> = new Set(['model', 'train', 'input', 'repeat', 'residual', 'shortcut', 'true', 'false']);

/** The punctuation characters, each a one-character token. `;` ends a statement like a newline. */
export const punctuationCharacters = '{}()[],:=;';

/** A fresh plain range for a token, for nodes and diagnostics (which must not hold tokens). */
export function rangeOf(token: TextRange): TextRange {
  return { start: token.start, end: token.end };
}
