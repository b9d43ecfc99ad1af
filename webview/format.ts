/** Number formatting for labels, ticks and tooltips. */

/** A compact number: 3 significant digits, exponent notation outside [1e-3, 1e5). */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
  return String(Number(value.toPrecision(digits)));
}

/** A share as a percentage (0.9583 → "95.8%"). */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** "PC1 (62.3% of variance)", or "PC1" when the share is unknown. */
export function componentLabel(index: number, share: number | null | undefined, prefix = 'PC'): string {
  return share === null || share === undefined ? `${prefix}${index}` : `${prefix}${index} (${formatPercent(share)} of variance)`;
}

/** Nice tick values covering [min, max] (about `count` of them). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return Number.isFinite(min) ? [min] : [];
  const rough = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  // Round to the step's own decimals (not to significant digits, which can carry a tick past `max`
  // when the range is narrow far from zero, e.g. [999999.9999995, 1000000.000006]).
  const decimals = Math.min(100, Math.max(0, 1 - Math.floor(Math.log10(step))));
  for (let k = first; k <= last && ticks.length < 50; k++) ticks.push(k === 0 ? 0 : Number((k * step).toFixed(decimals)));
  // A range too narrow for the float's precision still gets one tick.
  return ticks.length > 0 ? ticks : [(min + max) / 2];
}
