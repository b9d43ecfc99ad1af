/**
 * Thins long series for drawing: the points are cut into `buckets` runs of consecutive indices
 * (one per pixel column) and each run keeps, for every series, its lowest and highest value — in
 * the order they came — at the run's first and last x. Drawn, that is the same picture as every
 * point (the vertical extent of each pixel column), from at most 2·buckets points per series
 * instead of tens of thousands, so a redraw while a long run streams in stays within a frame.
 * Null values (gaps) are skipped; a bucket of only nulls stays a gap. Series shorter than
 * 2·buckets are returned as they are.
 */
export function decimateMinMax(
  x: readonly number[],
  series: readonly (readonly (number | null)[])[],
  buckets: number,
): { x: readonly number[]; series: readonly (readonly (number | null)[])[] } {
  const n = x.length;
  buckets = Math.max(1, Math.floor(buckets));
  if (n <= 2 * buckets) return { x, series };
  const outX = new Array<number>(2 * buckets);
  const outSeries = series.map(() => new Array<number | null>(2 * buckets));
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets); // exclusive, > from since n > 2·buckets
    outX[2 * b] = x[from]!;
    outX[2 * b + 1] = x[to - 1]!;
    series.forEach((values, s) => {
      let min: number | null = null;
      let max: number | null = null;
      let minAt = 0;
      let maxAt = 0;
      for (let i = from; i < to; i++) {
        const v = values[i];
        if (v === null || v === undefined) continue;
        if (min === null || v < min) {
          min = v;
          minAt = i;
        }
        if (max === null || v > max) {
          max = v;
          maxAt = i;
        }
      }
      const out = outSeries[s]!;
      // Keep the order in which the extremes occurred, so the line runs the way the data went.
      out[2 * b] = minAt <= maxAt ? min : max;
      out[2 * b + 1] = minAt <= maxAt ? max : min;
    });
  }
  return { x: outX, series: outSeries };
}
