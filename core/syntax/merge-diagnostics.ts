import type { Diagnostic } from '../common/diagnostic';
import { DiagnosticSink } from '../common/diagnostic-sink';
import type { TextRange } from '../common/range';

/** True when `offset` lies inside one of the sorted, non-overlapping `ranges`, after its start. */
function insideAfterStart(ranges: readonly TextRange[], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const r = ranges[mid] as TextRange;
    if (offset <= r.start) high = mid - 1;
    else if (offset >= r.end) low = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Merges the lexer's and the parser's diagnostics into one list in source order. A lexical
 * diagnostic inside a stretch the parser skipped as junk is dropped: the parser's one message at
 * the start of the junk already covers it (a `#` deleted from a comment line must not also give a
 * message per odd character in the comment's text). At one offset the lexer's diagnostic wins,
 * and at most one diagnostic starts at any offset; the total is capped like `DiagnosticSink`.
 */
export function mergeDiagnostics(lexical: readonly Diagnostic[], syntax: readonly Diagnostic[], junk: readonly TextRange[]): Diagnostic[] {
  const kept = lexical.filter((d) => !insideAfterStart(junk, d.range.start));
  // The sort is stable, so at equal starts the lexical diagnostic stays first.
  const all = [...kept, ...syntax].sort((a, b) => a.range.start - b.range.start);
  const merged: Diagnostic[] = [];
  for (const diagnostic of all) {
    if (merged.length >= DiagnosticSink.limit) break;
    if (merged.length > 0 && (merged[merged.length - 1] as Diagnostic).range.start === diagnostic.range.start) continue;
    merged.push(diagnostic);
  }
  return merged;
}
