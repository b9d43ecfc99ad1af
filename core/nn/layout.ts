/**
 * Conversions between the layout a layer computes with and PyTorch's (`TensorSpec.torchLayout`):
 * a `transposed` tensor is stored [a, b] here and [b, a] in PyTorch (dense: x·W here, nn.Linear's xWᵀ).
 */
import type { TensorSpec } from '../analysis/catalog';

/** The tensor's shape as PyTorch holds it. */
export function torchShape(spec: Pick<TensorSpec, 'shape' | 'torchLayout'>): readonly number[] {
  return spec.torchLayout === 'transposed' ? [spec.shape[1]!, spec.shape[0]!] : spec.shape;
}

/** Values stored here, in PyTorch's layout (a copy when the layouts differ, else `stored` itself). */
export function toTorchLayout(spec: Pick<TensorSpec, 'shape' | 'torchLayout'>, stored: Float32Array): Float32Array {
  if (spec.torchLayout === 'same') return stored;
  const [rows, columns] = spec.shape as [number, number];
  const out = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = stored[r * columns + c]!;
  return out;
}

/** Writes values given in PyTorch's layout into `stored`. */
export function fromTorchLayout(spec: Pick<TensorSpec, 'shape' | 'torchLayout'>, values: Float32Array, stored: Float32Array): void {
  if (spec.torchLayout === 'same') {
    stored.set(values);
    return;
  }
  const [rows, columns] = spec.shape as [number, number];
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) stored[r * columns + c] = values[c * rows + r]!;
}
