import type { Brush } from './sweep-data';

/** How far one arrow key moves or resizes a brush, in axis positions (the axis is 0–1). */
export const brushStep = 0.05;
/** The brush an arrow key starts on an axis without one: the middle fifth. */
const firstBrush: Brush = { low: 0.4, high: 0.6 };
const narrowest = 0.02;

/** What a key does to an axis's brush: the new brush, null to clear it, or undefined when the key is not a brush key. */
export type BrushKeyResult = Brush | null | undefined;

/**
 * Keyboard brushing on a parallel-coordinates axis (the mouse drags one): ↑/↓ move the brush
 * (starting one in the middle if there is none), Shift+↑/↓ widen/narrow it at both ends, Home/End
 * take it to the bottom/top, Escape clears it. Kept inside the axis; pure.
 */
export function brushAfterKey(brush: Brush | undefined, key: string, shift: boolean): BrushKeyResult {
  if (key === 'Escape') return brush ? null : undefined;
  const current = brush ?? firstBrush;
  const width = current.high - current.low;
  const moveTo = (low: number): Brush => {
    const start = Math.min(1 - width, Math.max(0, low));
    return { low: round(start), high: round(start + width) };
  };
  switch (key) {
    case 'ArrowUp':
    case 'ArrowDown': {
      const sign = key === 'ArrowUp' ? 1 : -1;
      if (!brush) return firstBrush;
      if (!shift) return moveTo(current.low + sign * brushStep);
      const half = Math.max(narrowest, width + sign * 2 * brushStep) / 2;
      const middle = (current.low + current.high) / 2;
      return { low: round(Math.max(0, middle - half)), high: round(Math.min(1, middle + half)) };
    }
    case 'Home':
      return moveTo(0);
    case 'End':
      return moveTo(1);
    default:
      return undefined;
  }
}

/** Positions to 1e-9, so repeated steps land on the same numbers (0.45, not 0.45000000000000007). */
const round = (value: number): number => Math.round(value * 1e9) / 1e9;

/** What a screen reader says of an axis's brush. */
export function brushText(label: string, brush: Brush | undefined): string {
  if (!brush) return `${label}: no brush — arrow keys start one`;
  return `${label}: brushed from ${Math.round(brush.low * 100)}% to ${Math.round(brush.high * 100)}% of the axis`;
}
