import type { TextRange } from '../common/range';

/** What the lexer learns from one string literal. */
export interface ScannedString {
  /** End (exclusive) of the token: after the closing quote, or before the newline / end of text. */
  readonly end: number;
  /** The unescaped contents; an invalid escape is kept as written (backslash included). */
  readonly value: string;
  readonly terminated: boolean;
  /** The `\x` sequences that are not one of `\"`, `\\`, `\n`, `\t`. */
  readonly invalidEscapes: readonly TextRange[];
}

const escapes: Readonly<Record<number, string>> = { 34: '"', 92: '\\', 110: '\n', 116: '\t' };

function isLineEnd(text: string, offset: number): boolean {
  const code = text.charCodeAt(offset);
  return code === 10 || (code === 13 && text.charCodeAt(offset + 1) === 10);
}

/**
 * Scans a double-quoted string starting at the `"` at `start`. A string cannot span lines: at a
 * newline (or the end of the text) it stops, unterminated, and the newline stays a separate token
 * so the parser still sees the statement end. Text is sliced in runs between escapes, never
 * concatenated character by character.
 */
export function scanString(text: string, start: number): ScannedString {
  const parts: string[] = [];
  const invalidEscapes: TextRange[] = [];
  let i = start + 1;
  let runStart = i;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 34) {
      parts.push(text.slice(runStart, i));
      return { end: i + 1, value: parts.join(''), terminated: true, invalidEscapes };
    }
    if (isLineEnd(text, i)) break;
    if (code !== 92) {
      i++;
      continue;
    }
    // A backslash: at the end of the line or text it is just the last character of an unterminated string.
    if (i + 1 >= text.length || isLineEnd(text, i + 1)) {
      i++;
      break;
    }
    parts.push(text.slice(runStart, i));
    const next = text.charCodeAt(i + 1);
    const replacement = escapes[next];
    if (replacement !== undefined) {
      parts.push(replacement);
      i += 2;
    } else {
      // Keep a surrogate pair together so the escape's range never splits a character.
      const isPair = next >= 0xd800 && next <= 0xdbff && text.charCodeAt(i + 2) >= 0xdc00 && text.charCodeAt(i + 2) <= 0xdfff;
      const length = isPair ? 3 : 2;
      invalidEscapes.push({ start: i, end: i + length });
      parts.push(text.slice(i, i + length));
      i += length;
    }
    runStart = i;
  }
  parts.push(text.slice(runStart, i));
  return { end: i, value: parts.join(''), terminated: false, invalidEscapes };
}
