/** A 0-based line and UTF-16 column, as LSP counts them. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/**
 * Converts between offsets and line/column positions. Built once per text in O(n); each
 * conversion is a binary search, so hover and diagnostics stay cheap on long files.
 * Lines end at `\n`; a `\r` before it belongs to the line ending, not the line.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset; offsets past the end clamp to the end. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - (this.lineStarts[low] as number) };
  }

  /**
   * The 0-based column of an offset in Unicode code points (characters): what compilers print and
   * what a reader counts. `positionAt` counts UTF-16 units (LSP's default), which differ after any
   * character outside the Basic Multilingual Plane, such as an emoji.
   */
  codePointColumn(offset: number): number {
    const { line, character } = this.positionAt(offset);
    const start = this.lineStarts[line] as number;
    let column = 0;
    for (let i = start; i < start + character; i++) {
      const unit = this.text.charCodeAt(i);
      // A high surrogate followed by a low one is one code point: skip the low half.
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < start + character && (this.text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
      column++;
    }
    return column;
  }

  /** The offset of a position; a column past the line's end clamps to the line's end. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line] as number;
    const next = position.line + 1 < this.lineStarts.length ? (this.lineStarts[position.line + 1] as number) : this.text.length + 1;
    let lineEnd = next - 1;
    if (lineEnd > start && this.text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    return Math.min(start + Math.max(0, position.character), Math.max(start, Math.min(lineEnd, this.text.length)));
  }

  /** The offset where a 0-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))] as number;
  }
}
