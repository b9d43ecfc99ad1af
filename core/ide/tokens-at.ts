import type { DocumentAnalysis } from '../analysis';
import { TokenCode, type Token, type TokenList } from '../syntax';

/** Index of the token that contains `offset - 1` (the character before the cursor), or -1. */
export function tokenIndexBefore(tokens: TokenList, offset: number): number {
  return tokens.lastStartingBefore(offset);
}

/** Index of the nearest significant token at or before `index` (skipping whitespace and comments; newlines count), or -1. */
export function significantIndexBefore(tokens: TokenList, index: number): number {
  for (let i = index; i >= 0; i--) {
    const code = tokens.code(i);
    if (code !== TokenCode.whitespace && code !== TokenCode.comment) return i;
  }
  return -1;
}

/** The word being typed at the cursor and what precedes it. */
export interface CursorContext {
  /** The identifier (or keyword) the cursor is in or right after; empty when none. */
  readonly prefix: string;
  /** Range the completion should replace (the whole word under the cursor). */
  readonly replaceStart: number;
  readonly replaceEnd: number;
  /** The significant token before the word (or before the cursor when there is no word). */
  readonly previous?: Token;
  /** The significant token before `previous`. */
  readonly beforePrevious?: Token;
  /** True inside a comment or a string, where nothing is completed. */
  readonly inTrivia: boolean;
}

/** Reads the tokens around the cursor. */
export function cursorContext(analysis: DocumentAnalysis, offset: number): CursorContext {
  const tokens = analysis.tokens;
  const index = tokenIndexBefore(tokens, offset);
  const token = index >= 0 ? tokens.at(index) : undefined;
  const inTrivia = token !== undefined && token.end >= offset && ((token.kind === 'comment' && token.start < offset) || (token.kind === 'string' && token.start < offset && (token.end > offset || !/"$/.test(token.text) || token.text.length === 1)));
  const isWord = token !== undefined && (token.kind === 'identifier' || token.kind === 'keyword') && token.end >= offset;
  const wordIndex = isWord ? index : index + 1;
  const previousIndex = significantIndexBefore(tokens, wordIndex - 1);
  const previous = previousIndex >= 0 ? tokens.at(previousIndex) : undefined;
  const beforePreviousIndex = previousIndex > 0 ? significantIndexBefore(tokens, previousIndex - 1) : -1;
  const beforePrevious = beforePreviousIndex >= 0 ? tokens.at(beforePreviousIndex) : undefined;
  return {
    prefix: isWord && token ? token.text.slice(0, offset - token.start) : '',
    replaceStart: isWord && token ? token.start : offset,
    replaceEnd: isWord && token ? token.end : offset,
    ...(previous ? { previous } : {}),
    ...(beforePrevious ? { beforePrevious } : {}),
    inTrivia,
  };
}
