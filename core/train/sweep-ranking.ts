import type { SweepMetric } from '../analysis/catalog';

/** A run's final numbers, as its `done` event reports them (null where the run has none). */
export interface SweepMetrics {
  readonly loss: number;
  readonly accuracy: number | null;
  readonly valLoss: number | null;
  readonly valAccuracy: number | null;
}

/** The metric's value of a run; null when the run has none (no validation split, a regression, a failure). */
export function metricValue(metrics: SweepMetrics | undefined, metric: SweepMetric): number | null {
  if (!metrics) return null;
  switch (metric) {
    case 'loss':
      return Number.isFinite(metrics.loss) ? metrics.loss : null;
    case 'val_loss':
      return metrics.valLoss;
    case 'accuracy':
      return metrics.accuracy;
    case 'val_accuracy':
      return metrics.valAccuracy;
    default: {
      const unreachable: never = metric;
      return unreachable;
    }
  }
}

/** Losses are better lower, accuracies higher. */
export const higherIsBetter = (metric: SweepMetric): boolean => metric === 'accuracy' || metric === 'val_accuracy';

/**
 * The rows best first by the metric; rows without a value (failed or stopped runs) last, and ties
 * in the sweep's order, so the table is the same whatever order the runs ended in.
 */
export function rankRuns<T extends { readonly index: number; readonly metrics?: SweepMetrics }>(rows: readonly T[], metric: SweepMetric): T[] {
  const sign = higherIsBetter(metric) ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = metricValue(a.metrics, metric);
    const y = metricValue(b.metrics, metric);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    return sign * (x - y) || a.index - b.index;
  });
}

/**
 * A sweep's final order with successive halving: the runs that trained to the end ranked by the
 * metric, then the runs stopped early, the later rung first (they got further), each rung's runs
 * by their metric at that rung. Without stopped runs this is `rankRuns`.
 */
export function rankWithStopped<T extends { readonly index: number; readonly metrics?: SweepMetrics; readonly stoppedAt?: number }>(rows: readonly T[], metric: SweepMetric): T[] {
  const rungs = [...new Set(rows.flatMap((r) => (r.stoppedAt === undefined ? [] : [r.stoppedAt])))].sort((a, b) => b - a);
  return [rankRuns(rows.filter((r) => r.stoppedAt === undefined), metric), ...rungs.map((rung) => rankRuns(rows.filter((r) => r.stoppedAt === rung), metric))].flat();
}
