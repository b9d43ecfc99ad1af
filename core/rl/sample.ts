import type { Random } from '../common/random';

/**
 * Samples an action from softmax(logits) by the inverse CDF with one uniform draw u: the first
 * action whose cumulative probability exceeds u (the last one if rounding leaves u above them
 * all). Also returns the distribution's entropy in nats, for the episode's record.
 */
export function sampleAction(logits: Float32Array, random: Random): { action: number; entropy: number } {
  const k = logits.length;
  let max = -Infinity;
  for (let j = 0; j < k; j++) max = Math.max(max, logits[j]!);
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp(logits[j]! - max);
  const logSum = max + Math.log(sum);
  const u = random.nextFloat();
  let cumulative = 0;
  let action = -1;
  let entropy = 0;
  for (let j = 0; j < k; j++) {
    const logp = logits[j]! - logSum;
    const p = Math.exp(logp);
    entropy -= p * logp;
    cumulative += p;
    if (action < 0 && u < cumulative) action = j;
  }
  return { action: action < 0 ? k - 1 : action, entropy };
}

/** The most probable action (the first on a tie): how a trained policy is evaluated. */
export function greedyAction(logits: Float32Array): number {
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j]! > logits[best]!) best = j;
  return best;
}
