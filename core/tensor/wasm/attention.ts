import type { AttentionLayout } from '../kernels/attention';
import { align, type Arena, type CausalGemmMode } from './runtime';
import { gemmWorkBytes, splitGemm, takeGemmWorks } from './split-gemm';

/**
 * kernels/attention.ts's chain in one visit to WebAssembly. The packed projection is copied in
 * once and each head's q, k and v are read where they lie (a row stride of 3d): the gemm takes A
 * and B with any row stride and writes C with any row stride, so q·kᵀ, weights·v and the products
 * of the backward pass are the kernel calls of wasmBatchGemm on the same values (a transposed B
 * is transposed into a contiguous panel first, as there), and the same bits.
 */

/** Where one head's blocks are: byte addresses of its q, k, v (rows 4·3d bytes apart) and of its [T, T] weights. */
interface Head {
  readonly q: number;
  readonly k: number;
  readonly v: number;
  readonly weights: number;
  /** Its columns of a [T, d] block (joined, dJoined): rows 4·d bytes apart. */
  readonly joined: number;
}

function headAt(layout: AttentionLayout, o: number, h: number, packedAt: number, weightsAt: number, joinedAt: number): Head {
  const { heads, length, headSize } = layout;
  const width = heads * headSize;
  const q = packedAt + 4 * (o * length * 3 * width + h * headSize);
  return { q, k: q + 4 * width, v: q + 8 * width, weights: weightsAt + 4 * (o * heads + h) * length * length, joined: joinedAt + 4 * (o * length * width + h * headSize) };
}

/**
 * One head's product C[m×n] += op(A)·B (splitGemm's arguments; with `zero`, C = op(A)·B: C's rows
 * are zeroed just before they are computed, no fill of the whole C first) without the terms and
 * columns the causal mask makes zero or unread ($causalGemm's `mode`): the same bits for finite
 * operands, with about 45 % fewer multiply-adds at T = 64. A product large enough to split across
 * the kernel threads is split whole instead (the same bits too).
 */
function causalProduct(arena: Arena, works: readonly number[], mode: CausalGemmMode, zero: boolean, m: number, n: number, k: number, a: number, aRS: number, aCS: number, b: number, bRS: number, c: number, ldc: number): void {
  const threads = arena.threads;
  if (threads && works.length >= threads.count && threads.splits(m * n * k)) {
    if (zero) for (let row = 0; row < m; row++) arena.kernels.fillZero(c + 4 * row * ldc, n);
    splitGemm(arena, works, m, n, k, a, aRS, aCS, b, bRS, c, ldc);
  } else arena.kernels.causalGemm(mode, zero ? 1 : 0, m, n, k, a, aRS, aCS, b, bRS, c, ldc, works[0]!);
}

/** causalAttentionForward's results; false (nothing touched) when the arena cannot grow so far. */
export function wasmCausalAttentionForward(arena: Arena, packed: Float32Array, layout: AttentionLayout, scale: number, weights: Float32Array, joined: Float32Array): boolean {
  const { outer, heads, length, headSize } = layout;
  const width = heads * headSize;
  const k = Math.max(length, headSize);
  if (!arena.begin(align(4 * packed.length) + align(4 * weights.length) + align(4 * joined.length) + align(4 * length * headSize) + align(8 * length) + gemmWorkBytes(arena, k))) return false;
  const packedAt = arena.take(packed.length);
  const weightsAt = arena.take(weights.length);
  const joinedAt = arena.take(joined.length);
  const panelAt = arena.take(length * headSize);
  const scratchAt = arena.take(2 * length);
  const works = takeGemmWorks(arena, k);
  const kernels = arena.kernels;
  arena.put(packedAt, packed, 0, packed.length);
  const rowBytes = 12 * width;
  if (scale !== 1) kernels.scaleRows(packedAt, rowBytes, outer * length, width, scale);
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      const head = headAt(layout, o, h, packedAt, weightsAt, joinedAt);
      kernels.transposeRows(head.k, rowBytes, length, headSize, panelAt);
      causalProduct(arena, works, 0, true, length, length, headSize, head.q, rowBytes, 4, panelAt, 4 * length, head.weights, length);
    }
  }
  kernels.causalSoftmax(weightsAt, weightsAt, outer * heads * length, length, scratchAt);
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      const head = headAt(layout, o, h, packedAt, weightsAt, joinedAt);
      causalProduct(arena, works, 1, true, length, headSize, length, head.weights, 4 * length, 4, head.v, rowBytes, head.joined, width);
    }
  }
  arena.get(weightsAt, weights, 0, weights.length);
  arena.get(joinedAt, joined, 0, joined.length);
  return true;
}

/** causalAttentionBackward's gradient into a zeroed dPacked; false (nothing touched) when the arena cannot grow so far. */
export function wasmCausalAttentionBackward(arena: Arena, packed: Float32Array, weights: Float32Array, dJoined: Float32Array, layout: AttentionLayout, scale: number, dPacked: Float32Array): boolean {
  const { outer, heads, length, headSize } = layout;
  const width = heads * headSize;
  const square = length * length;
  const k = Math.max(length, headSize);
  const bytes = 2 * align(4 * packed.length) + align(4 * weights.length) + align(4 * dJoined.length) + 2 * align(4 * square) + 2 * align(4 * length * headSize) + gemmWorkBytes(arena, k);
  if (!arena.begin(bytes)) return false;
  const packedAt = arena.take(packed.length);
  const weightsAt = arena.take(weights.length);
  const dJoinedAt = arena.take(dJoined.length);
  const dPackedAt = arena.take(packed.length);
  const dWeightsAt = arena.take(square);
  const dScoresAt = arena.take(square);
  const panelAt = arena.take(length * headSize);
  const dqAt = arena.take(length * headSize);
  const works = takeGemmWorks(arena, k);
  const kernels = arena.kernels;
  arena.put(packedAt, packed, 0, packed.length);
  const rowBytes = 12 * width;
  if (scale !== 1) kernels.scaleRows(packedAt, rowBytes, outer * length, width, scale);
  arena.put(weightsAt, weights, 0, weights.length);
  arena.put(dJoinedAt, dJoined, 0, dJoined.length);
  kernels.fillZero(dPackedAt, packed.length);
  for (let o = 0; o < outer; o++) {
    for (let h = 0; h < heads; h++) {
      const head = headAt(layout, o, h, packedAt, weightsAt, dJoinedAt);
      const grad = headAt(layout, o, h, dPackedAt, weightsAt, dJoinedAt);
      // dWeights = dMixed·vᵀ; dv = weightsᵀ·dMixed (dMixed: this head's columns of dJoined).
      kernels.transposeRows(head.v, rowBytes, length, headSize, panelAt);
      causalProduct(arena, works, 0, true, length, length, headSize, head.joined, 4 * width, 4, panelAt, 4 * length, dWeightsAt, length);
      causalProduct(arena, works, 2, false, length, headSize, length, head.weights, 4, 4 * length, head.joined, 4 * width, grad.v, 3 * width);
      // dScores through the causal softmax, then dq = dScores·k (scaled into dPacked) and dk = dScoresᵀ·q.
      kernels.fillZero(dScoresAt, square);
      kernels.causalSoftmaxBackward(head.weights, dWeightsAt, dScoresAt, length, length);
      causalProduct(arena, works, 1, true, length, headSize, length, dScoresAt, 4 * length, 4, head.k, rowBytes, dqAt, headSize);
      kernels.addScaledRows(dqAt, 4 * headSize, grad.q, rowBytes, length, headSize, scale);
      causalProduct(arena, works, 2, false, length, headSize, length, dScoresAt, 4, 4 * length, head.q, rowBytes, grad.k, 3 * width);
    }
  }
  arena.get(dPackedAt, dPacked, 0, dPacked.length);
  return true;
}
