/**
 * Sampling the next token from a model's scores, pure and seeded: softmax with a temperature,
 * optionally only over the top k scores, and a categorical draw from the run's generator. The
 * probabilities are computed in float64 from the float32 scores, as PyTorch does for
 * `torch.softmax(logits.double() / T)`; scripts/reference/sampling_fixtures.py checks them.
 */
import type { Random } from '../common/random';

export interface SamplingOptions {
  /** Divides the scores before the softmax: below 1 sharper, above 1 flatter; 0 always takes the most likely token. */
  readonly temperature: number;
  /** Sample only among the k highest scores (ties with the k-th kept, as `logits < topk(logits, k)[-1]` masks); 0 for all. */
  readonly topK: number;
}

/** Why these options cannot sample, or undefined when they can. */
export function samplingProblem(options: SamplingOptions): string | undefined {
  if (!(Number.isFinite(options.temperature) && options.temperature >= 0)) return `temperature must be a number ≥ 0; got ${options.temperature}`;
  if (!(Number.isInteger(options.topK) && options.topK >= 0)) return `top-k must be a whole number ≥ 0 (0: every token); got ${options.topK}`;
  return undefined;
}

/** The k-th largest of the scores (k ≥ 1, at most their count). */
function kthLargest(scores: ArrayLike<number>, k: number): number {
  const sorted = Float64Array.from(scores).sort();
  return sorted[sorted.length - k]!;
}

/**
 * The distribution the next token is drawn from: softmax(scores / temperature) over the scores
 * not below the k-th largest (the others get probability 0). Temperature 0 puts all the mass on
 * the first highest score (greedy decoding).
 */
export function samplingProbabilities(scores: ArrayLike<number>, options: SamplingOptions): Float64Array {
  const problem = samplingProblem(options);
  if (problem) throw new RangeError(problem);
  const count = scores.length;
  const probabilities = new Float64Array(count);
  if (count === 0) return probabilities;
  const floor = options.topK > 0 && options.topK < count ? kthLargest(scores, options.topK) : -Infinity;
  let best = 0;
  for (let i = 1; i < count; i++) if (scores[i]! > scores[best]!) best = i;
  if (options.temperature === 0) {
    probabilities[best] = 1;
    return probabilities;
  }
  const max = scores[best]! / options.temperature;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const kept = scores[i]! >= floor;
    const weight = kept ? Math.exp(scores[i]! / options.temperature - max) : 0;
    probabilities[i] = weight;
    sum += weight;
  }
  for (let i = 0; i < count; i++) probabilities[i] = probabilities[i]! / sum;
  return probabilities;
}

/**
 * Draws an index with the given probabilities (summing to 1) from one uniform of `random`: the
 * first index whose running sum exceeds it. Rounding can leave the total a hair below the draw:
 * then the last index with a positive probability is taken, never one with probability 0.
 */
export function drawCategorical(probabilities: ArrayLike<number>, random: Random): number {
  const u = random.nextFloat();
  let sum = 0;
  let last = -1;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (p <= 0) continue;
    last = i;
    sum += p;
    if (u < sum) return i;
  }
  if (last < 0) throw new RangeError('no index has a positive probability');
  return last;
}
