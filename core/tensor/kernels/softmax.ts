/**
 * Softmax and log-softmax over the last axis of a [rows, n] view, fused and stable: each row is
 * shifted by its maximum before exponentiating (so e^x never overflows) and the sum of
 * exponentials is accumulated in float64.
 */

/** out[r, j] = e^(x[r, j] − max) / Σⱼ e^(x[r, j] − max). */
export function softmaxRows(x: Float32Array, out: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    const end = start + n;
    const max = rowMax(x, start, end);
    let sum = 0;
    for (let i = start; i < end; i++) sum += Math.exp(x[i]! - max);
    const inverse = 1 / sum;
    for (let i = start; i < end; i++) out[i] = Math.exp(x[i]! - max) * inverse;
  }
}

/** out[r, j] = x[r, j] − max − ln Σⱼ e^(x[r, j] − max). */
export function logSoftmaxRows(x: Float32Array, out: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    const end = start + n;
    const max = rowMax(x, start, end);
    let sum = 0;
    for (let i = start; i < end; i++) sum += Math.exp(x[i]! - max);
    const shift = max + Math.log(sum);
    for (let i = start; i < end; i++) out[i] = x[i]! - shift;
  }
}

/** dx += y ⊙ (dy − Σⱼ dy·y) per row, y being softmax's output. */
export function softmaxBackwardRows(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    const end = start + n;
    let dot = 0;
    for (let i = start; i < end; i++) dot += dy[i]! * y[i]!;
    for (let i = start; i < end; i++) dx[i] = dx[i]! + y[i]! * (dy[i]! - dot);
  }
}

/** dx += dy − e^y · Σⱼ dy per row, y being log-softmax's output (so e^y is the softmax). */
export function logSoftmaxBackwardRows(y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * n;
    const end = start + n;
    let sum = 0;
    for (let i = start; i < end; i++) sum += dy[i]!;
    for (let i = start; i < end; i++) dx[i] = dx[i]! + (dy[i]! - Math.exp(y[i]!) * sum);
  }
}

function rowMax(x: Float32Array, start: number, end: number): number {
  let max = -Infinity;
  for (let i = start; i < end; i++) if (x[i]! > max) max = x[i]!;
  // A row of −∞ (everything masked) would give NaN from ∞ − ∞; shifting by 0 keeps it a plain 0/0.
  return max === -Infinity ? 0 : max;
}
