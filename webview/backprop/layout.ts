import type { BackpropTrace } from '../../core/inspect/backprop';

/** Geometry of the drawing, in SVG units. */
export const box = { width: 150, height: 34, gap: 6, tensorGap: 18, column: 210, margin: 12 } as const;

export interface ScalarPlace {
  readonly x: number;
  readonly y: number;
}

export interface GraphLayout {
  readonly places: readonly ScalarPlace[];
  readonly width: number;
  readonly height: number;
  /** Where each tensor's title goes (above its first scalar). */
  readonly titles: readonly ScalarPlace[];
}

/**
 * Columns left to right: a computed tensor one column right of its latest input, a leaf (the
 * example, a weight) one column left of its first consumer, the loss last; tensors of one column
 * stacked top to bottom in tape order, each scalar a box.
 */
export function layoutGraph(trace: BackpropTrace): GraphLayout {
  const tensorOf = (scalar: number): number => trace.scalars[scalar]!.tensor;
  const inputs = trace.tensors.map(() => new Set<number>());
  for (const edge of trace.edges) inputs[tensorOf(edge.to)]!.add(tensorOf(edge.from));
  const column = trace.tensors.map(() => 0);
  trace.tensors.forEach((tensor, k) => {
    if (tensor.role === 'value' || tensor.role === 'loss') column[k] = 1 + Math.max(0, ...[...inputs[k]!].filter((i) => trace.tensors[i]!.role === 'value').map((i) => column[i]!));
  });
  trace.tensors.forEach((tensor, k) => {
    if (tensor.role === 'value' || tensor.role === 'loss') return;
    const consumers = trace.tensors.map((_, c) => c).filter((c) => inputs[c]!.has(k));
    column[k] = consumers.length > 0 ? Math.min(...consumers.map((c) => column[c]!)) - 1 : 0;
  });
  const heights = new Map<number, number>();
  const titles: ScalarPlace[] = [];
  const places: ScalarPlace[] = new Array<ScalarPlace>(trace.scalars.length);
  trace.tensors.forEach((tensor, k) => {
    const x = box.margin + column[k]! * box.column;
    let y = (heights.get(column[k]!) ?? box.margin) + box.tensorGap;
    titles[k] = { x, y: y - 5 };
    for (let i = 0; i < tensor.size; i++) {
      places[tensor.firstScalar + i] = { x, y };
      y += box.height + box.gap;
    }
    heights.set(column[k]!, y);
  });
  const width = box.margin * 2 + (Math.max(...column) + 1) * box.column;
  const height = Math.max(...heights.values()) + box.margin;
  return { places, width, height, titles };
}
