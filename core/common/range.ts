/** A span of source text as UTF-16 offsets (what JavaScript strings and LSP count); `end` is exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** Builds a range; callers pass offsets into the same text. */
export function range(start: number, end: number): TextRange {
  return { start, end };
}

/** The smallest range covering both. */
export function cover(a: TextRange, b: TextRange): TextRange {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** True when `inner` lies within `outer` (bounds included). */
export function contains(outer: TextRange, inner: TextRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** True when the offset touches the range (an offset at either end counts, as a cursor would). */
export function touches(r: TextRange, offset: number): boolean {
  return r.start <= offset && offset <= r.end;
}
