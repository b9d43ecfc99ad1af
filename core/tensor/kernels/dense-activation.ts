import { wasmDenseActivate } from '../wasm/matmul';
import { fastArena } from './backend';

/**
 * The loss landscape's dense layer in WebAssembly (core/inspect/dense-evaluator.ts): out[m×n] =
 * f(A[m×k]·W + bias), W the [k×n] block of `w` at `wOffset`, f none, relu ((x + |x|)·½) or tanh
 * (core/inspect/fast-tanh.ts's rational function), the sum and f in float64: the bits of the
 * evaluator's own loops after the engine's fast matmul. There is no reference loop here: it returns
 * false (touching nothing) whenever the fast backend would not run the product, and the caller
 * keeps its loops.
 */
export type DenseActivation = 'none' | 'relu' | 'tanh';

const kinds = { none: 0, relu: 1, tanh: 2 } as const satisfies Record<DenseActivation, 0 | 1 | 2>;

export function fastDenseActivate(a: Float32Array, w: Float32Array, wOffset: number, bias: Float32Array, out: Float32Array, m: number, k: number, n: number, activation: DenseActivation): boolean {
  const arena = fastArena('matmul', m * n * k);
  return arena !== undefined && wasmDenseActivate(arena, a, w, wOffset, bias, out, m, k, n, kinds[activation]);
}
