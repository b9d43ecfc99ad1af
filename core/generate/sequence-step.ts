/**
 * The Sequence tab's *Generate next character* on a finished run's weights: sample the character
 * after a window's first `length` tokens at the tab's temperature from a seeded stream, append it,
 * and score the longer window again (logits at every position, attention), so the tab shows what
 * the model does with its own sampled character — not the recorded greedy continuation.
 *
 * The stream: draw k (0-based: the k-th character generated in this window) is the (k+1)-th
 * uniform of `new Random(seed)`, turned into a character by drawCategorical over
 * softmax(logits / T) exactly as `dlmodel generate` draws; so the same seed, window and temperature
 * give the same character, and a new seed another stream.
 */
import { Random } from '../common/random';
import * as t from '../tensor';
import type { SequenceSample } from '../train/sequence-data';
import { scoreWindows, sequenceScoring, shownAttentionLayers, windowSample } from '../train/sequence-scoring';
import { generationModelOf } from './prepare';
import { drawCategorical, samplingProbabilities, samplingProblem } from './sampling';
import { openTextModel } from './text-model';

export interface SequenceStepRequest {
  /** The .dlmodel text and train block the run trained, and its weights (safetensors with the vocabulary). */
  readonly text: string;
  readonly trainName?: string;
  readonly weights: Uint8Array;
  /** The window so far: its first `tokens.length` tokens (1 ≤ length < context). */
  readonly tokens: readonly number[];
  /** How many of them are the data's (the rest were generated): kept in the answer. */
  readonly prompt: number;
  readonly temperature: number;
  readonly seed: number;
  /** Which draw of the seed's stream this character is (0 for the first generated in the window). */
  readonly draw: number;
}

export type SequenceStepResult =
  | { readonly ok: true; readonly token: number; readonly sample: SequenceSample }
  | { readonly ok: false; readonly message: string };

/** The largest draw index accepted: a window is at most a few thousand positions long. */
const maxDraw = 1_000_000;

/** Samples the next token of the window and scores the window with it appended. */
export function sequenceStep(request: SequenceStepRequest): SequenceStepResult {
  const problem = samplingProblem({ temperature: request.temperature, topK: 0 });
  if (problem) return { ok: false, message: problem };
  if (!(Number.isInteger(request.draw) && request.draw >= 0 && request.draw <= maxDraw)) return { ok: false, message: `draw must be a whole number from 0 to ${maxDraw}` };
  const found = generationModelOf(request.text, request.trainName);
  if (!found.ok) return found;
  const opened = openTextModel(found.model, request.weights);
  if (!opened.ok) return opened;
  const { network, info } = opened.model;
  const { context, vocabulary } = info;
  const classes = vocabulary.length;
  const scoring = sequenceScoring(found.model, info.targets === 'all' ? context : 1, context, classes);
  if (!scoring) return { ok: false, message: `model ${found.model.name} is not a character model the Sequence tab can score at every position` };
  const length = request.tokens.length;
  if (length < 1 || length >= context) return { ok: false, message: `the window holds ${length} tokens: it must hold 1 to ${context - 1} to take one more` };
  if (!request.tokens.every((token) => Number.isInteger(token) && token >= 0 && token < classes)) return { ok: false, message: `a token is not an index into the ${classes}-character vocabulary` };
  if (!(Number.isInteger(request.prompt) && request.prompt >= 1 && request.prompt <= length)) return { ok: false, message: `prompt must be from 1 to ${length}` };
  const newline = vocabulary.indexOf('\n');
  // Positions after the window's end are padding: no position's scores depend on later tokens.
  const tokens = new Float32Array(context).fill(newline);
  tokens.set(request.tokens);
  const tape = new t.Tape();
  const before = scoreWindows(network, scoring, tokens, 1, context, newline, tape);
  const random = new Random(request.seed);
  for (let i = 0; i < request.draw; i++) random.nextFloat();
  const token = drawCategorical(samplingProbabilities(before.logits.subarray((length - 1) * classes, length * classes), { temperature: request.temperature, topK: 0 }), random);
  tokens[length] = token;
  const after = scoreWindows(network, scoring, tokens, 1, context, newline, tape);
  return { ok: true, token, sample: windowSample(after, tokens, 0, { context, classes, prompt: request.prompt }, shownAttentionLayers(found.model, scoring)) };
}
