/**
 * The Sequence tab's data (a causal text model trained on every position): what a few validation
 * texts look like inside the model under the latest recorded weights. Plain JSON-safe types, carried
 * on the latent data (panel-data.ts) to the webview and the report; core/train/sequence.ts records it.
 */

export interface SequenceData {
  /** Token index → its character (the text data set's sorted vocabulary). */
  readonly vocabulary: readonly string[];
  /** The model's window: T positions. */
  readonly context: number;
  /** The attention layers in forward order, with their head counts and whether they mask the future. */
  readonly layers: readonly SequenceAttentionLayer[];
  /** The token embedding table projected on its first two principal components; null without an `embedding` layer. */
  readonly embedding: EmbeddingProjection | null;
  /** The samples under the latest recorded weights (older frames are not kept: each is ~100k numbers). */
  readonly frame: SequenceFrame | null;
}

export interface SequenceAttentionLayer {
  readonly name: string;
  readonly heads: number;
  readonly causal: boolean;
}

export interface EmbeddingProjection {
  readonly layer: string;
  /** 2 values per token, in vocabulary order. */
  readonly points: readonly number[];
  readonly explainedVariance: readonly [number, number];
}

export interface SequenceFrame {
  readonly epoch: number;
  readonly samples: readonly SequenceSample[];
}

/**
 * One validation window: its first `prompt` tokens are the data set's text, the rest the model's own
 * greedy continuation (token p is the argmax of the logits at position p − 1), so *Generate next
 * character* reveals one more position without a new forward pass. The model is causal, so a
 * position's logits and attention do not depend on the tokens after it: one pass over the whole
 * window gives every prefix's numbers exactly.
 */
export interface SequenceSample {
  /** `context` token indices. */
  readonly tokens: readonly number[];
  readonly prompt: number;
  /** The next-token logits at each position: context × vocabulary, row-major. */
  readonly logits: readonly number[];
  /** Per attention layer (in `layers` order): the attention probabilities, heads × context (query) × context (key), row-major. */
  readonly attention: readonly (readonly number[])[];
}
