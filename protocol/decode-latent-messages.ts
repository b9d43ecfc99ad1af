import { maxDecodedPoints } from '../core/train/manifold';
import { arrayOf, integerIn, isFiniteNumber, isString, literal, nullable, objectOf, refine, stringUpTo, type Guarded, type SameShape } from './validate';

/**
 * The Latent manifold tab's interpolation decoded afresh: the panel asks for points of a kept
 * frame's plane (u, v pairs) and the run's worker answers with the decoder's output at each, under
 * that epoch's weights (`ManifoldRecorder.decodeAt`). In their own file so the panel's message
 * unions change by one member each.
 */

/** Decode these points of `epoch`'s plane (answered by `decoded-latent`). */
export interface DecodeLatentMessage {
  readonly type: 'decode-latent';
  readonly runId: string;
  readonly epoch: number;
  /** u₀, v₀, u₁, v₁, …: at most `maxDecodedPoints` points. */
  readonly points: readonly number[];
}

/** The decoder's outputs at the points asked (row after row), or why there are none (`decoded: null`). */
export interface DecodedLatentMessage {
  readonly type: 'decoded-latent';
  readonly runId: string;
  readonly epoch: number;
  readonly points: readonly number[];
  readonly decoded: readonly number[] | null;
  readonly message?: string;
}

const id = stringUpTo(256);
const epoch = integerIn(0, 1e9);
const points = refine(arrayOf(isFiniteNumber, 2 * maxDecodedPoints), (values) => values.length >= 2 && values.length % 2 === 0);

export const isDecodeLatentMessage = objectOf({ type: literal('decode-latent'), runId: id, epoch, points });
export const isDecodedLatentMessage = objectOf({ type: literal('decoded-latent'), runId: isString, epoch, points, decoded: nullable(arrayOf(isFiniteNumber)) }, { message: isString });

// Compile-time: each guard proves exactly its interface.
const _decode: SameShape<Guarded<typeof isDecodeLatentMessage>, DecodeLatentMessage> = true;
const _decoded: SameShape<Guarded<typeof isDecodedLatentMessage>, DecodedLatentMessage> = true;
void [_decode, _decoded];
