import { denseActivationKinds, wasmDenseStack, type WasmDenseLayer } from '../wasm/dense-stack';
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
export type DenseActivation = keyof typeof denseActivationKinds;

export function fastDenseActivate(a: Float32Array, w: Float32Array, wOffset: number, bias: Float32Array, out: Float32Array, m: number, k: number, n: number, activation: DenseActivation): boolean {
  const arena = fastArena('matmul', m * n * k);
  return arena !== undefined && wasmDenseActivate(arena, a, w, wOffset, bias, out, m, k, n, denseActivationKinds[activation]);
}

/** One layer of `fastDenseStack`: an [inputs, units] weight and a bias (−1: none) at offsets in θ. */
export type DenseStackLayer = WasmDenseLayer;

/**
 * `fastDenseActivate` layer after layer on `rows` rows of `input` with every weight and bias read
 * from θ, in one WebAssembly visit (the same bits; the values between layers stay in wasm
 * memory): the last layer's values into `out`, and with `rowSums` each of their rows' maximum and
 * Σ exp(s − max) as rowLogSumExp computes them before its logarithm. False (touching nothing)
 * where the fast backend would not run the products.
 */
export function fastDenseStack(input: Float32Array, rows: number, theta: Float32Array, layers: readonly DenseStackLayer[], out: Float32Array, rowSums?: { readonly maxes: Float64Array; readonly sums: Float64Array }): boolean {
  if (layers.length === 0) return false;
  let work = 0;
  for (const layer of layers) work = Math.max(work, rows * layer.inputs * layer.units);
  const arena = fastArena('matmul', work);
  return arena !== undefined && wasmDenseStack(arena, input, rows, theta, layers, out, rowSums);
}
