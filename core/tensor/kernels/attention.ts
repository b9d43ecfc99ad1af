import { wasmCausalAttentionBackward, wasmCausalAttentionForward } from '../wasm/attention';
import { allocateFloat32 } from '../tape';
import { fastArena } from './backend';
import { causalSoftmaxBackwardRows, causalSoftmaxRows } from './causal-softmax';
import { mergeHeadsBackward, mergeHeadsForward, splitHeadsBackward, splitHeadsForward, type HeadsLayout } from './heads';
import { batchGemmAccumulate } from './matmul';

/**
 * Causal self-attention's core from the packed projection [outer, T, 3d] (q, k, v side by side):
 * per head, weights = causalSoftmax(scale·q·kᵀ), joined = weights·v with the heads side by side
 * [outer, T, d]. It is splitHeads (×3) → batchMatmul(q, k, transposed) → causalSoftmax →
 * batchMatmul(·, v) → mergeHeads as one op: this file composes exactly those kernels, so the bits
 * are those of the five ops. With the fast backend, where each of those kernels would run in
 * WebAssembly, the whole chain is one visit to it (wasm/attention.ts, the same kernel calls on
 * strided views of the packed projection): the heads are never copied out and back in, nor the
 * scores and weights between the products and the softmax (in the tiny GPT these copies and the
 * JavaScript head loops took about a tenth of a training step).
 */
export interface AttentionLayout {
  readonly outer: number;
  readonly heads: number;
  readonly length: number;
  readonly headSize: number;
}

/** The three head splits of the packed projection and the join, as the separate ops lay them out. */
function headsLayouts({ outer, heads, length, headSize }: AttentionLayout): { q: HeadsLayout; k: HeadsLayout; v: HeadsLayout; joined: HeadsLayout } {
  const width = heads * headSize;
  const split = (start: number): HeadsLayout => ({ outer, heads, length, headSize, columns: 3 * width, start });
  return { q: split(0), k: split(width), v: split(2 * width), joined: { outer, heads, length, headSize, columns: width, start: 0 } };
}

/** The fast backend's arena when every kernel of the chain would run in WebAssembly, else undefined. */
function chainArena({ outer, heads, length, headSize }: AttentionLayout): ReturnType<typeof fastArena> {
  if (!fastArena('elementwise', outer * heads * length * length)) return undefined;
  return fastArena('matmul', length * length * headSize);
}

/** weights [outer, heads, T, T] and joined [outer, T, d] (both overwritten) from packed. */
export function causalAttentionForward(packed: Float32Array, layout: AttentionLayout, scale: number, weights: Float32Array, joined: Float32Array): void {
  const arena = chainArena(layout);
  if (arena && wasmCausalAttentionForward(arena, packed, layout, scale, weights, joined)) return;
  const { outer, heads, length, headSize } = layout;
  const layouts = headsLayouts(layout);
  const [q, k, v] = splitAll(packed, layout, scale);
  const scores = allocateFloat32(weights.length, false);
  batchGemmAccumulate('nt', q, k, scores, outer * heads, length, headSize, length, true);
  causalSoftmaxRows(scores, weights, outer * heads * length, length);
  const mixed = allocateFloat32(q.length, false);
  batchGemmAccumulate('nn', weights, v, mixed, outer * heads, length, length, headSize, true);
  mergeHeadsForward(mixed, layouts.joined, joined);
}

/** q (scaled), k and v [outer, heads, T, s] as splitHeads makes them. */
function splitAll(packed: Float32Array, layout: AttentionLayout, scale: number): [Float32Array, Float32Array, Float32Array] {
  const layouts = headsLayouts(layout);
  const count = packed.length / 3;
  const [q, k, v] = [allocateFloat32(count, false), allocateFloat32(count, false), allocateFloat32(count, false)];
  splitHeadsForward(packed, layouts.q, scale, q);
  splitHeadsForward(packed, layouts.k, 1, k);
  splitHeadsForward(packed, layouts.v, 1, v);
  return [q, k, v];
}

/**
 * dPacked += the gradient through the chain, given dJoined and the forward's weights. `fresh`: dPacked
 * is its first gradient, taken as zeros whatever it holds (it may come unzeroed from the tape), which
 * lets the fast path write the products into it without copying it in.
 */
export function causalAttentionBackward(packed: Float32Array, weights: Float32Array, dJoined: Float32Array, layout: AttentionLayout, scale: number, dPacked: Float32Array, fresh: boolean): void {
  const arena = chainArena(layout);
  if (fresh && arena && wasmCausalAttentionBackward(arena, packed, weights, dJoined, layout, scale, dPacked)) return;
  if (fresh) dPacked.fill(0);
  const { outer, heads, length, headSize } = layout;
  const batch = outer * heads;
  const layouts = headsLayouts(layout);
  const [q, k, v] = splitAll(packed, layout, scale);
  const count = q.length;
  // The separate ops' backward passes in the tape's order, each into a fresh (zeroed) gradient.
  const dMixed = allocateFloat32(count, true);
  mergeHeadsBackward(dJoined, layouts.joined, dMixed);
  const dWeights = allocateFloat32(weights.length, false);
  batchGemmAccumulate('nt', dMixed, v, dWeights, batch, length, headSize, length, true);
  const dv = allocateFloat32(count, false);
  batchGemmAccumulate('tn', weights, dMixed, dv, batch, length, length, headSize, true);
  const dScores = allocateFloat32(weights.length, true);
  causalSoftmaxBackwardRows(weights, dWeights, dScores, batch * length, length);
  const dq = allocateFloat32(count, false);
  batchGemmAccumulate('nn', dScores, k, dq, batch, length, length, headSize, true);
  const dk = allocateFloat32(count, false);
  batchGemmAccumulate('tn', dScores, q, dk, batch, length, length, headSize, true);
  splitHeadsBackward(dv, layouts.v, 1, dPacked);
  splitHeadsBackward(dk, layouts.k, 1, dPacked);
  splitHeadsBackward(dq, layouts.q, scale, dPacked);
}
