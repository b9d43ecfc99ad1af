/**
 * Where the editor's cursor counts for "the layer under the cursor" (the graph view and the
 * step-through select that layer). A statement's range begins after its line's indentation, but
 * Go to Line and Home put the cursor at column 1, in that indentation: there the cursor counts as
 * on the line's first character, so it selects the layer written on the line and not the block
 * (`residual`, `repeat`) around it. Elsewhere, and on a blank line, the offset stays as it is.
 */
export function statementCursorOffset(lineText: string, lineStart: number, character: number): number {
  const firstNonBlank = lineText.search(/\S/);
  return firstNonBlank >= 0 && character < firstNonBlank ? lineStart + firstNonBlank : lineStart + character;
}
