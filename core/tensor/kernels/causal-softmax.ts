import { wasmCausalSoftmax } from '../wasm/elementwise';
import { fastArena } from './backend';
import { exp } from './exp';

/**
 * Softmax over the last axis of [..., T, T] with a causal mask: row i (the query position, the
 * row's index modulo T) normalises over columns 0…i only and is 0 beyond, which equals adding −∞
 * above the diagonal before a softmax (PyTorch's attention with a causal attn_mask) without
 * materialising the mask. Stable (shifted by the row's maximum) with float64 sums. The 'fast'
 * backend runs it in WebAssembly from `thresholds.elementwise` elements on, with the same bits
 * (kernels.wat's $causalSoftmax: the exponentials two at a time, the same sums in the same order).
 */
export function causalSoftmaxRows(x: Float32Array, out: Float32Array, rows: number, length: number): void {
  const arena = fastArena('elementwise', x.length);
  if (arena && wasmCausalSoftmax(arena, x, out, rows, length)) return;
  const exponentials = rowScratch(length);
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    const visible = (r % length) + 1;
    const end = start + visible;
    let max = -Infinity;
    for (let i = start; i < end; i++) if (x[i]! > max) max = x[i]!;
    // Each exponential once, kept in float64 (the same bits as computing it again for the output).
    let sum = 0;
    for (let i = start, j = 0; i < end; i++, j++) {
      const e = exp(x[i]! - max);
      exponentials[j] = e;
      sum += e;
    }
    const inverse = 1 / sum;
    for (let i = start, j = 0; i < end; i++, j++) out[i] = exponentials[j]! * inverse;
    out.fill(0, end, start + length);
  }
}

let scratch = new Float64Array(0);

/** A reused float64 row of at least `length` (no allocation per call once the longest row was seen). */
function rowScratch(length: number): Float64Array {
  if (scratch.length < length) scratch = new Float64Array(length);
  return scratch;
}

/**
 * dx += y ⊙ (dy − Σⱼ dy·y) per row of the causal softmax's output y: only the visible columns
 * 0…i of row i, since y is 0 beyond them (their term adds nothing): half the work of the dense
 * rule on a [T, T] score matrix, the same sums in the same order.
 */
export function causalSoftmaxBackwardRows(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, length: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    const end = start + (r % length) + 1;
    let dot = 0;
    for (let i = start; i < end; i++) dot += dy[i]! * y[i]!;
    for (let i = start; i < end; i++) dx[i] = dx[i]! + y[i]! * (dy[i]! - dot);
  }
}
