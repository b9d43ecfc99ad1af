/**
 * Orders strings by Unicode code point — the order of Python's `sorted` — rather than by UTF-16
 * code unit (JavaScript's default sort), which puts characters above U+FFFF before U+E000–U+FFFF.
 */
export function compareByCodePoint(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const left = a.codePointAt(i) as number;
    const right = b.codePointAt(i) as number;
    if (left !== right) return left - right;
    if (left > 0xffff) i++; // equal astral characters: both strings skip the low surrogate
  }
  return a.length - b.length;
}
