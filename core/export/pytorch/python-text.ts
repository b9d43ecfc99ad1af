/**
 * Arbitrary text (file names, .dlmodel source, data paths) inside generated Python: as a string
 * literal, inside a docstring, or in a `#` comment. Nothing the user wrote can end the string or
 * the comment, start a new line, or form an escape Python would read differently (`\N`, `\x`):
 * every character outside a small safe set is written as a Python escape, by code point.
 *
 * Python source is UTF-8, a comment runs to `\n` or `\r` (alone or as `\r\n`), and a NUL anywhere
 * is a syntax error. Form feed, vertical tab, NEL (U+0085) and U+2028/2029 end no line for
 * Python's tokenizer but do in some editors; bidirectional controls (U+202E, …) make code read
 * differently from what it is. All of these, every other control or format character, lone
 * surrogates and unassigned code points are escaped too.
 */

/** Printable ASCII, space included. */
const isPrintableAscii = (c: number): boolean => c >= 0x20 && c <= 0x7e;

/** A visible non-ASCII character: a letter, mark, number, punctuation or symbol (not a space, control or format character). */
const visible = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** A code point as Python writes it inside a string: `\n`, `\xe9`, `\u2028`, `\U0001f600`. */
function pythonEscape(c: number): string {
  switch (c) {
    case 0x09:
      return '\\t';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x5c:
      return '\\\\';
    case 0x22:
      return '\\"';
    case 0x27:
      return "\\'";
    default: {
      const hex = c.toString(16);
      if (c < 0x100) return `\\x${hex.padStart(2, '0')}`;
      if (c < 0x10000) return `\\u${hex.padStart(4, '0')}`;
      return `\\U${hex.padStart(8, '0')}`;
    }
  }
}

/** Each code point of `text` (a lone surrogate as itself), kept or escaped. */
function mapCodePoints(text: string, keep: (c: number, char: string) => boolean): string {
  let out = '';
  for (const char of text) {
    const c = char.codePointAt(0)!;
    out += keep(c, char) ? char : pythonEscape(c);
  }
  return out;
}

/** Whether a code point may appear as itself in a comment or docstring: printable ASCII or visible non-ASCII. */
const shownAsIs = (c: number, char: string): boolean => isPrintableAscii(c) || (c > 0x7f && (c < 0xd800 || c > 0xdfff) && visible.test(char));

/**
 * A double-quoted Python string literal whose value is exactly `value` (any code points: NUL,
 * CR, U+2028, quotes, backslashes, lone surrogates, astral characters). ASCII only.
 */
export function pyString(value: string): string {
  return `"${mapCodePoints(value, (c) => isPrintableAscii(c) && c !== 0x22 && c !== 0x5c)}"`;
}

/**
 * Text for the inside of a `"""…"""` docstring (not raw), whose value is exactly `text`:
 * backslashes and quotes escaped (so no `"""` and no `\N{…}` can form), line breaks and invisible
 * characters as escapes; visible non-ASCII characters stay readable.
 */
export function pyDocText(text: string): string {
  return mapCodePoints(text, (c, char) => c !== 0x22 && c !== 0x5c && shownAsIs(c, char));
}

/**
 * Text for the rest of a `#` comment line: always one line; line breaks, NUL and every invisible
 * character appear as Python-style escapes (`\n`, `\x00`, `\u202e`), everything else as written.
 */
export function pyComment(text: string): string {
  return mapCodePoints(text, shownAsIs);
}
