import type { SequenceData, SequenceSample } from '../../core/train/sequence-data';
import { viridis } from '../theme';

/**
 * The Sequence tab's arithmetic, kept free of the DOM so it is tested in Node: the temperature
 * softmax the slider reshapes live, its entropy, the top-k bars, one head's attention map and the
 * character classes of the embedding plot.
 */

/** p_i = exp(z_i / T) / Σ_j exp(z_j / T), computed after subtracting the largest z (no overflow). */
export function temperatureSoftmax(logits: readonly number[], temperature: number): number[] {
  const scaled = logits.map((z) => z / temperature);
  const top = Math.max(...scaled);
  const exps = scaled.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** H = −Σ p log₂ p in bits (0 log 0 = 0); never below 0 (a certain choice is 0 bits, not −0). */
export function entropyBits(probabilities: readonly number[]): number {
  return Math.max(0, -probabilities.reduce((sum, p) => (p > 0 ? sum + p * Math.log2(p) : sum), 0));
}

/** The k most probable tokens, most probable first (ties: the lower index first). */
export function topTokens(probabilities: readonly number[], k: number): { token: number; probability: number }[] {
  return probabilities
    .map((probability, token) => ({ token, probability }))
    .sort((a, b) => b.probability - a.probability || a.token - b.token)
    .slice(0, k);
}

/** The logits at one position of a window (its next-token scores). */
export function logitsAt(data: Pick<SequenceData, 'vocabulary'>, sample: SequenceSample, position: number): number[] {
  const size = data.vocabulary.length;
  return sample.logits.slice(position * size, (position + 1) * size);
}

/**
 * One head's attention probabilities over the first `length` positions (queries × keys), cut from
 * the recorded context × context map: a causal model's first positions do not depend on later ones.
 */
export function attentionMap(data: Pick<SequenceData, 'context' | 'layers'>, sample: SequenceSample, layer: number, head: number, length: number): number[][] {
  const context = data.context;
  const values = sample.attention[layer]!;
  return Array.from({ length }, (_, query) => values.slice((head * context + query) * context, (head * context + query) * context + length));
}

export type CharacterClass = 'letter' | 'digit' | 'punctuation' | 'whitespace';
export const characterClasses: readonly CharacterClass[] = ['letter', 'digit', 'punctuation', 'whitespace'];

/** The class a character is coloured by in the embedding plot (anything else that is not a letter, digit or space counts as punctuation). */
export function characterClass(character: string): CharacterClass {
  if (/^\s$/u.test(character)) return 'whitespace';
  if (/^\p{N}$/u.test(character)) return 'digit';
  if (/^\p{L}$/u.test(character)) return 'letter';
  return 'punctuation';
}

/** A character as the axes show it: whitespace made visible. */
export function visibleCharacter(character: string): string {
  switch (character) {
    case '\n':
      return '⏎';
    case ' ':
      return '␣';
    case '\t':
      return '⇥';
    default:
      return character;
  }
}

/** The colour of a visible cell: viridis over the probability, so 0 is dark violet and 1 yellow. */
export function attentionColour(probability: number): [number, number, number] {
  return viridis(probability);
}

/** The fill of a masked cell (a key after the query in a causal layer): a flat grey, hatched. */
export const maskedFill: readonly [number, number, number] = [128, 128, 128];

/** Canvas geometry: labels take `margin` pixels on the left (queries) and top (keys). */
export function cellGeometry(length: number): { cell: number; margin: number } {
  return { cell: Math.max(6, Math.min(24, Math.floor(560 / Math.max(1, length)))), margin: 20 };
}
