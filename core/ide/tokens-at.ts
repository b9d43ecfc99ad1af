import type { DocumentAnalysis } from '../analysis';
import type { Token } from '../syntax';

/** Index of the token that contains `offset - 1` (the character before the cursor), or -1. */
export function tokenIndexBefore(tokens: readonly Token[], offset: number): number {
  let low = 0;
  let high = tokens.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const token = tokens[mid] as Token;
    if (token.start < offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Index of the nearest significant token at or before `index` (skipping whitespace and comments; newlines count), or -1. */
export function significantIndexBefore(tokens: readonly Token[], index: number): number {
  for (let i = index; i >= 0; i--) {
    const kind = (tokens[i] as Token).kind;
    if (kind !== 'whitespace' && kind !== 'comment') return i;
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
  const token = index >= 0 ? tokens[index] : undefined;
  const inTrivia = token !== undefined && token.end >= offset && ((token.kind === 'comment' && token.start < offset) || (token.kind === 'string' && token.start < offset && (token.end > offset || !/"$/.test(token.text) || token.text.length === 1)));
  const isWord = token !== undefined && (token.kind === 'identifier' || token.kind === 'keyword') && token.end >= offset;
  const wordIndex = isWord ? index : index + 1;
  const previousIndex = significantIndexBefore(tokens, wordIndex - 1);
  const previous = previousIndex >= 0 ? tokens[previousIndex] : undefined;
  const beforePreviousIndex = previousIndex > 0 ? significantIndexBefore(tokens, previousIndex - 1) : -1;
  const beforePrevious = beforePreviousIndex >= 0 ? tokens[beforePreviousIndex] : undefined;
  return {
    prefix: isWord && token ? token.text.slice(0, offset - token.start) : '',
    replaceStart: isWord && token ? token.start : offset,
    replaceEnd: isWord && token ? token.end : offset,
    ...(previous ? { previous } : {}),
    ...(beforePrevious ? { beforePrevious } : {}),
    inTrivia,
  };
}
