/**
 * Softmax over the last axis of [..., T, T] with a causal mask: row i (the query position, the
 * row's index modulo T) normalises over columns 0…i only and is 0 beyond, which equals adding −∞
 * above the diagonal before a softmax (PyTorch's attention with a causal attn_mask) without
 * materialising the mask. Stable (shifted by the row's maximum) with float64 sums.
 */
export function causalSoftmaxRows(x: Float32Array, out: Float32Array, rows: number, length: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * length;
    const visible = (r % length) + 1;
    const end = start + visible;
    let max = -Infinity;
    for (let i = start; i < end; i++) if (x[i]! > max) max = x[i]!;
    let sum = 0;
    for (let i = start; i < end; i++) sum += Math.exp(x[i]! - max);
    const inverse = 1 / sum;
    for (let i = start; i < end; i++) out[i] = Math.exp(x[i]! - max) * inverse;
    out.fill(0, end, start + length);
  }
}
