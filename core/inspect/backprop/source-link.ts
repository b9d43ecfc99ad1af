import type { BackpropTrace } from './trace';

/**
 * The layer whose statement contains this offset of the document (the editor's cursor), or null:
 * the step-through then selects that layer's first node. The narrowest range wins when statements
 * nest (a layer inside a `repeat` body).
 */
export function layerAtOffset(trace: BackpropTrace, offset: number): string | null {
  let best: { layer: string; length: number } | null = null;
  for (const tensor of trace.tensors) {
    const { range, layer } = tensor;
    if (range === null || layer === null || offset < range.start || offset > range.end) continue;
    const length = range.end - range.start;
    if (best === null || length < best.length) best = { layer, length };
  }
  return best?.layer ?? null;
}
