import { wasmGelu } from '../wasm/elementwise';
import { geluWithDerivative } from './activation-math';
import { fastArena } from './backend';

/**
 * GELU of `source` into `target` and, when given, dGELU/dx into `derivative`: the reference loop
 * (activation-math.ts), run in WebAssembly SIMD by the 'fast' backend from
 * `thresholds.elementwise` elements on with the same bits either way: a cheaper float64
 * evaluation where its float32 rounding is certain, the reference's operations (fdlibm's
 * exponential and Cody's erfc, two lanes at a time) elsewhere (see wasm/elementwise.ts's
 * wasmGelu). In JavaScript it was the tiny GPT's second-largest cost (~14 % of a training step,
 * ~23 ms per million elements).
 */
export function geluForward(source: Float32Array, target: Float32Array, derivative: Float32Array | undefined): void {
  const arena = fastArena('elementwise', source.length);
  if (arena && wasmGelu(arena, source, target, derivative)) return;
  geluWithDerivative(source, target, derivative);
}
