import type { Random } from '../../common/random';
import type { ClassDataset } from '../dataset';
import { classCounts } from './labelled-points';

/** The wave shapes in class order; `signals(classes: K)` uses the first K. */
export const signalWaves = ['sine', 'square', 'sawtooth', 'triangle'] as const;

/** One period of each wave at phase u ∈ [0, 1), with values in [−1, 1]. */
const waveAt: Record<(typeof signalWaves)[number], (u: number) => number> = {
  sine: (u) => Math.sin(2 * Math.PI * u),
  square: (u) => (u < 0.5 ? 1 : -1),
  sawtooth: (u) => 2 * u - 1,
  triangle: (u) => 1 - 4 * Math.abs(u - 0.5),
};

/**
 * Noisy periodic signals, one wave shape per class (sine, square, sawtooth, triangle): samples
 * [1, length]. Sample s of class k draws its number of periods over the signal c = 2 + 4u and its
 * phase φ = u, then value i = wave_k(frac(c·i/length + φ)) + noise·z (z = normal(), i = 0 first).
 * The frequency and phase vary, so the class is the shape, not a position: a job for convolutions
 * and a global pooling. Samples are split evenly over the classes; the first (samples mod K) take one more.
 */
export function generateSignals(classes: number, length: number, samples: number, noise: number, random: Random): ClassDataset {
  if (!Number.isInteger(classes) || classes < 2 || classes > signalWaves.length) throw new RangeError(`signals needs 2 to ${signalWaves.length} classes; got ${classes}`);
  const inputs = new Float32Array(samples * length);
  const targets = new Int32Array(samples);
  let s = 0;
  classCounts(samples, classes).forEach((count, label) => {
    const wave = waveAt[signalWaves[label]!];
    for (let n = 0; n < count; n++, s++) {
      const periods = 2 + 4 * random.nextFloat();
      const phase = random.nextFloat();
      for (let i = 0; i < length; i++) {
        const t = (periods * i) / length + phase;
        inputs[s * length + i] = wave(t - Math.floor(t)) + noise * random.normal();
      }
      targets[s] = label;
    }
  });
  return { count: samples, inputs, sampleShape: [1, length], sampleSize: length, tokens: false, targetKind: 'classes', targets, classCount: classes };
}
