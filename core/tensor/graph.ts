import type { AdaptivePoolGeometry } from './kernels/adaptive-pool';
import type { AttentionLayout } from './kernels/attention';
import type { BatchGeometry } from './ops/batch-matmul';
import type { ConvGeometry } from './kernels/conv-geometry';
import type { Columns } from './kernels/conv2d';
import type { HeadsLayout } from './kernels/heads';
import type { UpsampleGeometry } from './kernels/upsample';
import type { PoolGeometry } from './kernels/pool-geometry';
import type { Tensor } from './tensor';

/**
 * What each operation saves for its gradient rule, by op name. The names are the keys of the one
 * gradient table (gradients.ts); `undefined` means the inputs and the output are enough.
 */
export interface OpAttributes {
  add: undefined;
  sub: undefined;
  mul: undefined;
  div: undefined;
  mulScalar: { readonly factor: number };
  addScalar: undefined;
  matmul: undefined;
  addBias: undefined;
  /** One [m, k]·[k, n] product per batch index (b stored [n, k] when `transposeB`). */
  batchMatmul: { readonly geometry: BatchGeometry; readonly transposeB: boolean };
  /** Softmax over j ≤ i in each row i of [..., T, T]. */
  causalSoftmax: undefined;
  /** The slice from `start` along `axis` (its length is the output's). */
  narrow: { readonly axis: number; readonly start: number };
  /** Inputs inputGates [N, T, 4h], and from the second step stateGates [N, 4h] and c_{t−1}; σ(i), σ(f), tanh(g) per row. */
  lstmCellState: { readonly step: number; readonly activations: Float32Array };
  /** Inputs inputGates [N, T, 4h], c_t, and from the second step stateGates [N, 4h]; σ(o), tanh(c_t) per row. */
  lstmCellOutput: { readonly step: number; readonly activations: Float32Array };
  /** Inputs inputGates [N, T, 3h], stateGates ([N, 3h], or [3h] at the first step) and from the second step h_{t−1}; r, z, n per row. */
  gruCell: { readonly step: number; readonly activations: Float32Array };
  /** Attention's heads taken from columns of a projection (see ops/heads.ts), times `scale`. */
  splitHeads: { readonly layout: HeadsLayout; readonly scale: number };
  /** Attention's heads joined side by side again. */
  mergeHeads: { readonly layout: HeadsLayout };
  /** Causal attention's core from the packed projection (ops/attention.ts); `weights`: the softmax's output. */
  causalAttention: { readonly layout: AttentionLayout; readonly scale: number; readonly weights: Float32Array };
  /** Inputs x, w and optionally bias: x·w + bias (dense). */
  linear: undefined;
  /** Inputs as linear's: GELU(x·w + bias) (dense(activation: gelu)); GELU′ at x·w + bias, as gelu's. */
  linearGelu: { readonly derivative: Float32Array };
  /** The mean of each plane of x [batch, C, H, W]: `planes` = batch·C runs of `length` = H·W floats, times `scale` = 1/length. */
  globalAvgPool2d: { readonly planes: number; readonly length: number; readonly scale: number };
  /** Sum over the middle axis of the input seen as [outer, length, inner], times `scale` (mean: 1/length). */
  sum: { readonly outer: number; readonly length: number; readonly inner: number; readonly scale: number };
  exp: undefined;
  log: undefined;
  sqrt: undefined;
  abs: undefined;
  pow: { readonly exponent: number };
  relu: undefined;
  leakyRelu: { readonly slope: number };
  elu: { readonly alpha: number };
  /** dGELU/dx at each input, computed with the output (one exponential for both). */
  gelu: { readonly derivative: Float32Array };
  tanh: undefined;
  sigmoid: undefined;
  softplus: undefined;
  silu: undefined;
  mish: undefined;
  hardswish: undefined;
  hardsigmoid: undefined;
  relu6: undefined;
  /** Inputs x and weight ([1] or [channels]); the layout is recomputed from their shapes. */
  prelu: undefined;
  softmax: undefined;
  logSoftmax: undefined;
  /** `columns` are every sample's im2col columns; empty for a depthwise convolution, whose rule reads x. */
  conv2d: { readonly geometry: ConvGeometry; readonly columns: Columns };
  /** relu(conv2d) as one op (conv2d(activation: relu)): conv2d's, and the output, whose sign is the pre-activation's. */
  conv2dRelu: { readonly geometry: ConvGeometry; readonly columns: Columns; readonly output: Float32Array };
  /** The geometry of the convolution whose adjoint this is (see convTransposeGeometry). */
  convTranspose2d: { readonly geometry: ConvGeometry };
  maxPool2d: { readonly geometry: PoolGeometry; readonly argmax: Int32Array };
  avgPool2d: { readonly geometry: PoolGeometry };
  adaptiveAvgPool2d: { readonly geometry: AdaptivePoolGeometry };
  upsample: { readonly geometry: UpsampleGeometry };
  /** out.shape[k] = x.shape[axes[k]]. */
  permute: { readonly axes: readonly number[] };
  /** The (non-negative) axis along which the inputs were joined. */
  concat: { readonly axis: number };
  reshape: undefined;
  gatherRows: { readonly indices: Int32Array };
  selectLast: { readonly indices: Int32Array };
  dropout: { readonly mask: Float32Array };
  /** x̂ = (x − mean)·invStd per channel; the input is seen as [batch, channels, spatial]. */
  batchNorm: { readonly statistics: Float64Array; readonly batch: number; readonly spatial: number };
  /** x̂ = (x − mean)·invStd per row of the last axis. */
  layerNorm: { readonly normalized: Float32Array; readonly inverseStd: Float32Array };
}

/** The name of a differentiable operation. */
export type OpName = keyof OpAttributes;

/** One recorded application of operation `K`. */
export interface NodeOf<K extends OpName> {
  readonly op: K;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attributes: OpAttributes[K];
  /** Traversal stamps of the topological sort (see backward.ts), so it needs no visited set. */
  entered: number;
  finished: number;
}

/** A recorded operation of any kind. */
export type Node = { [K in OpName]: NodeOf<K> }[OpName];

let gradEnabled = true;

/** Whether operations record nodes (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording: results do not require gradients (evaluation, metrics, updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Whether an operation on these inputs must record itself (and so save what its rule needs). */
export function needsGrad(inputs: readonly Tensor[]): boolean {
  if (!gradEnabled) return false;
  for (const input of inputs) if (input.requiresGrad) return true;
  return false;
}

/** Attaches a node to `output` when gradients must flow through it; returns `output`. */
export function record<K extends OpName>(op: K, inputs: readonly Tensor[], output: Tensor, attributes: OpAttributes[K]): Tensor {
  if (needsGrad(inputs)) {
    output.requiresGrad = true;
    output.node = { op, inputs, output, attributes, entered: 0, finished: 0 } as NodeOf<K> as Node;
  }
  return output;
}
