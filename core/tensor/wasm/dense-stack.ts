import { denseLayerInArena } from './matmul';
import { align, type Arena } from './runtime';

/** The activations $addBiasActivate applies, by its `kind` argument. */
export const denseActivationKinds = { none: 0, relu: 1, tanh: 2 } as const;

/** One dense layer of `wasmDenseStack`: an [inputs, units] weight and a bias (−1: none) at offsets in θ. */
export interface WasmDenseLayer {
  readonly inputs: number;
  readonly units: number;
  readonly weightOffset: number;
  readonly biasOffset: number;
  readonly activation: keyof typeof denseActivationKinds;
}

/**
 * A stack of dense layers on `rows` rows in one visit to the arena (the loss landscape's forward
 * pass, core/inspect/dense-evaluator.ts): θ and the input are copied in once, each layer is the
 * step of `wasmDenseActivate` (`denseLayerInArena`) on values already in wasm memory,
 * so the bits are those of the layer-by-layer visits. The last layer's values are copied to `out`;
 * with `rowSums`, also $crossEntropyRowSums of them (each row's maximum and Σ exp(s − max), the
 * bits of rowLogSumExp's before its logarithm).
 */
export function wasmDenseStack(arena: Arena, input: Float32Array, rows: number, theta: Float32Array, layers: readonly WasmDenseLayer[], out: Float32Array, rowSums?: { readonly maxes: Float64Array; readonly sums: Float64Array }): boolean {
  let widest = 0;
  let deepest = 0;
  for (const layer of layers) {
    widest = Math.max(widest, layer.units);
    deepest = Math.max(deepest, layer.inputs);
  }
  const inputCount = rows * layers[0]!.inputs;
  const bytes = align(4 * inputCount) + align(4 * theta.length) + align(4 * widest) + 2 * align(4 * rows * widest) + align(48 * deepest) + (rowSums ? 2 * align(8 * rows) : 0);
  if (!arena.begin(bytes)) return false;
  const inputAt = arena.take(inputCount);
  const thetaAt = arena.take(theta.length);
  const zerosAt = arena.take(widest);
  const buffers = [arena.take(rows * widest), arena.take(rows * widest)] as const;
  const work = arena.take(12 * deepest);
  arena.put(inputAt, input, 0, inputCount);
  arena.put(thetaAt, theta, 0, theta.length);
  const kernels = arena.kernels;
  kernels.fillZero(zerosAt, widest);
  let current = inputAt;
  for (let i = 0; i < layers.length; i++) {
    const { inputs, units, weightOffset, biasOffset, activation } = layers[i]!;
    const target = buffers[i % 2]!;
    denseLayerInArena(kernels, rows, inputs, units, current, thetaAt + 4 * weightOffset, biasOffset >= 0 ? thetaAt + 4 * biasOffset : zerosAt, denseActivationKinds[activation], target, work);
    current = target;
  }
  const classes = layers[layers.length - 1]!.units;
  arena.get(current, out, 0, rows * classes);
  if (rowSums) {
    const [maxesAt, sumsAt] = [arena.take(2 * rows), arena.take(2 * rows)];
    kernels.crossEntropyRowSums(current, rows, classes, maxesAt, sumsAt);
    const buffer = arena.f32.buffer;
    rowSums.maxes.set(new Float64Array(buffer, maxesAt, rows));
    rowSums.sums.set(new Float64Array(buffer, sumsAt, rows));
  }
  return true;
}
