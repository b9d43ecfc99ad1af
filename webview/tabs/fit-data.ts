import type { FitData, FitFrame } from '../../core/train/panel-data';

/**
 * The fit chart's x values: the curve's inputs and the training points' inputs, sorted, with each
 * series on them (null where a series has no value): uPlot draws every series over one x array.
 */
export function fitChartData(data: FitData, frame: FitFrame | undefined): { x: number[]; target: (number | null)[]; curve: (number | null)[]; points: (number | null)[] } {
  const rows: { x: number; target: number | null; curve: number | null; point: number | null }[] = [];
  data.xs.forEach((x, i) => rows.push({ x, target: data.target?.[i] ?? null, curve: frame?.curve[i] ?? null, point: null }));
  for (let i = 0; i < data.points.length; i += 2) rows.push({ x: data.points[i]!, target: null, curve: null, point: data.points[i + 1]! });
  rows.sort((a, b) => a.x - b.x);
  return { x: rows.map((r) => r.x), target: rows.map((r) => r.target), curve: rows.map((r) => r.curve), points: rows.map((r) => r.point) };
}

/** Σ_j w_j·h_j(x) + b at each x: what the unit contributions add up to (the curve, for a plain `dense(1)` output). */
export function unitsSum(frame: FitFrame): number[] {
  return frame.curve.map((_, i) => frame.units.reduce((sum, unit) => sum + unit[i]!, frame.bias ?? 0));
}
