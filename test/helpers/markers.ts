/**
 * Cursor markers in fixture text, as Langium and rust-analyzer tests write them: `dense(<|>`
 * marks an offset. Returns the text without markers and the marked offsets in order.
 */
export function extractMarkers(textWithMarkers: string, marker = '<|>'): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  let rest = textWithMarkers;
  for (let at = rest.indexOf(marker); at >= 0; at = rest.indexOf(marker)) {
    text += rest.slice(0, at);
    offsets.push(text.length);
    rest = rest.slice(at + marker.length);
  }
  return { text: text + rest, offsets };
}

/** Applies non-overlapping edits (offsets into the original text). */
export function applyEdits(text: string, edits: readonly { range: { start: number; end: number }; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}
