/**
 * Shares the strings of short, repeated token texts (`dense`, `relu`, two-space indents). A 20,000
 * line file holds ~170,000 tokens; slicing a fresh string for each one is most of the lexer's
 * garbage. A lookup hashes the few characters and compares with one cached string.
 */
export class SliceInterner {
  private static readonly size = 4096;
  private static readonly maxLength = 32;
  private readonly table: (string | undefined)[] = new Array<string | undefined>(SliceInterner.size).fill(undefined);

  /** `text.slice(start, end)`, reusing an earlier equal string when its hash slot holds one. */
  slice(text: string, start: number, end: number): string {
    const length = end - start;
    if (length > SliceInterner.maxLength) return text.slice(start, end);
    let hash = length;
    for (let i = start; i < end; i++) hash = (hash * 31 + text.charCodeAt(i)) | 0;
    const slot = (hash ^ (hash >>> 12)) & (SliceInterner.size - 1);
    const cached = this.table[slot];
    if (cached !== undefined && cached.length === length && text.startsWith(cached, start)) return cached;
    const fresh = text.slice(start, end);
    this.table[slot] = fresh;
    return fresh;
  }
}
