/**
 * Edit distance with adjacent transpositions (optimal string alignment), so `rleu` is one edit
 * from `relu`. Strings here are short names, so the O(n·m) table is cheap.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) table[i * cols] = i;
  for (let j = 0; j < cols; j++) table[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(table[(i - 1) * cols + j]! + 1, table[i * cols + j - 1]! + 1, table[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, table[(i - 2) * cols + j - 2]! + 1);
      table[i * cols + j] = best;
    }
  }
  return table[rows * cols - 1]!;
}

/** Names longer than this get no suggestion: they are not typos of a name, and comparing them is costly. */
const maxSuggestedLength = 100;

/**
 * The closest candidate to a misspelt name, or undefined when nothing is close enough to be
 * a plausible typo (at most a third of the name's length in edits, and at least one).
 * Case is ignored when comparing, so `Dense` suggests `dense`.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > maxSuggestedLength) return undefined;
  const lower = name.toLowerCase();
  const allowed = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: skip the table for those too far apart.
    if (Math.abs(candidate.length - name.length) > allowed) continue;
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance && distance <= allowed) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** ` — did you mean 'relu'?` or an empty string. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` — did you mean '${suggestion}'?`;
}
