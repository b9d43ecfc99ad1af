/**
 * How the Sequence tab reads a text model's next-character scores at every position of a window,
 * for the two kinds of character model it explains (one place, used by the recorder during
 * training and by the tab's *Generate next character* step on the finished weights):
 *
 * - `causal`: trained on every position (`targets: all`) with layers that never read a later
 *   position (causal attention, `lstm`/`gru` with `return: sequences`, per-position layers): one
 *   forward pass of the window gives every position's scores, and each attention layer's weights.
 * - `windowed`: trained on the character after the context (`targets: next`: an MLP on a fixed
 *   window, an LSTM with `return: last`, …): position p's scores are the model's output for the
 *   `context` tokens ending at p, padded on the left with "\n" as text(…) pads a line's start —
 *   one batch of `context` shifted windows per window.
 */
import type { LayerSummary, ModelSummary } from '../analysis';
import { findMerge, layerEntry } from '../analysis/catalog';
import type { Network } from '../nn/network';
import * as t from '../tensor';
import type { SequenceAttentionLayer, SequenceSample } from './sequence-data';

export type SequenceScoring = 'causal' | 'windowed';

const positionwiseKinds: ReadonlySet<string> = new Set(['dense', 'layernorm', 'dropout', 'embedding', 'positional_embedding', 'sinusoidal_positions']);

/** Whether position p's output of this layer depends on positions ≤ p only. */
function causalLayer(layer: LayerSummary): boolean {
  if (findMerge(layer.kind)) return layer.kind === 'add';
  if (layer.kind === 'attention') return layer.args?.flag('causal') === true;
  if (layer.kind === 'lstm' || layer.kind === 'gru') return layer.args?.text('return') !== 'last';
  return positionwiseKinds.has(layer.kind) || layerEntry(layer.kind).category === 'activation';
}

/**
 * How the tab scores this model's windows, or undefined when it cannot: the model reads one line of
 * `context` tokens and outputs [context, V] from causal layers (`all` targets) or [V] (`next`).
 */
export function sequenceScoring(model: ModelSummary, positions: number, context: number, classes: number): SequenceScoring | undefined {
  const input = model.input;
  const output = model.output;
  if (input?.length !== 1 || input[0] !== context || !output) return undefined;
  if (positions === context && output.length === 2 && output[0] === context && output[1] === classes) return model.graph.nodes.every(({ layer }) => causalLayer(layer)) ? 'causal' : undefined;
  if (positions === 1 && output.length === 1 && output[0] === classes) return 'windowed';
  return undefined;
}

/** What one scoring pass gives: per window, context × V scores, and per attention layer heads × context × context weights. */
export interface WindowScores {
  readonly logits: Float32Array;
  readonly attention: ReadonlyMap<string, Float32Array>;
}

/** The `context` windows ending at each position of each of `count` windows ([count·context, context]). */
function shiftedWindows(tokens: Float32Array, count: number, context: number, newline: number): Float32Array {
  const shifted = new Float32Array(count * context * context).fill(newline);
  for (let s = 0; s < count; s++) {
    const window = tokens.subarray(s * context, (s + 1) * context);
    for (let p = 0; p < context; p++) shifted.set(window.subarray(0, p + 1), ((s * context + p) * context) + context - 1 - p);
  }
  return shifted;
}

/**
 * Scores `count` windows of `context` tokens (eval mode, no gradients, on `tape`). Attention weights
 * are recorded only for `causal` scoring (a windowed model's attention would be one per shifted window).
 */
export function scoreWindows(network: Network, scoring: SequenceScoring, tokens: Float32Array, count: number, context: number, newline: number, tape: t.Tape): WindowScores {
  const attention = new Map<string, Float32Array>();
  const rows = scoring === 'causal' ? tokens : shiftedWindows(tokens, count, context, newline);
  const batch = scoring === 'causal' ? count : count * context;
  tape.reset();
  try {
    const logits = tape.run(() =>
      t.noGrad(() => {
        const observe = scoring === 'causal' ? { observe: (layer: string, _name: string, value: t.Tensor) => void attention.set(layer, value.data.slice()) } : {};
        return network.forward(t.tensor(rows, [batch, context]), { training: false, ...observe }).logits.data.slice();
      }),
    );
    return { logits, attention };
  } finally {
    tape.reset();
  }
}

/** The attention layers whose weights the tab shows: a causal model's, in forward order (none for a windowed one). */
export function shownAttentionLayers(model: ModelSummary, scoring: SequenceScoring): SequenceAttentionLayer[] {
  if (scoring === 'windowed') return [];
  return model.graph.nodes.filter(({ layer }) => layer.kind === 'attention').map(({ layer }) => ({ name: layer.name, heads: layer.args!.number('heads'), causal: layer.args!.flag('causal') }));
}

/** Probabilities are shown to 4 decimals: enough for a heatmap and bars, a third of float32's JSON. */
const roundProbability = (value: number): number => Math.round(value * 1e4) / 1e4;
const roundLogit = (value: number): number => (Number.isFinite(value) ? Number(value.toPrecision(5)) : 0);
export { roundLogit };

/** Window `s` of a scoring pass as the tab receives it (logits to 5 digits, probabilities to 4 decimals). */
export function windowSample(scores: WindowScores, tokens: Float32Array, s: number, shape: { context: number; classes: number; prompt: number }, layers: readonly SequenceAttentionLayer[]): SequenceSample {
  const { context, classes, prompt } = shape;
  const window = (values: Float32Array, width: number): number[] => Array.from(values.subarray(s * width, (s + 1) * width));
  return {
    tokens: window(tokens, context),
    prompt,
    logits: window(scores.logits, context * classes).map(roundLogit),
    attention: layers.map(({ name, heads }) => window(scores.attention.get(name)!, heads * context * context).map(roundProbability)),
  };
}
