/**
 * Quoting source text inside diagnostic messages. Invisible or confusable characters (control
 * characters, odd spaces, a BOM, lone surrogates) are written as `U+XXXX` so a message never
 * contains a character the reader cannot see.
 */

const maxShownCodePoints = 12;

function isVisible(codePoint: number): boolean {
  if (codePoint <= 0x20 || (codePoint >= 0x7f && codePoint <= 0xa0)) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false; // a lone surrogate
  if (codePoint === 0xad || codePoint === 0x1680 || codePoint === 0x3000 || codePoint === 0xfeff || codePoint === 0xfffd) return false;
  if (codePoint >= 0x2000 && codePoint <= 0x200f) return false; // spaces and zero-width marks
  if (codePoint >= 0x2028 && codePoint <= 0x202f) return false;
  if (codePoint >= 0x205f && codePoint <= 0x206f) return false;
  return true;
}

/** `U+00A0` style name of a code point. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The code points of a string (lone surrogates count as one each). */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; ) {
    const point = text.codePointAt(i) as number;
    points.push(point);
    i += point > 0xffff ? 2 : 1;
  }
  return points;
}

/** Text for a message: `'@#'` when every character is visible, else a list such as `'a' U+00A0`. */
export function showText(text: string): string {
  const points = codePoints(text);
  const shown = points.slice(0, maxShownCodePoints);
  const more = points.length > shown.length ? ' …' : '';
  if (shown.every(isVisible)) return `'${String.fromCodePoint(...shown)}'${more}`;
  return shown.map((p) => (isVisible(p) ? `'${String.fromCodePoint(p)}'` : codePointName(p))).join(' ') + more;
}
