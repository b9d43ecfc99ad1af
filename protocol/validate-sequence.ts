import type { EmbeddingProjection, SequenceAttentionLayer, SequenceData, SequenceFrame, SequenceSample } from '../core/train/sequence-data';
import { arrayOf, integerIn, isBoolean, isCount, isExplainedVariance, isNumberArray, isString, nullable, objectOf, refine, type Guard, type Guarded, type SameShape } from './validate';

/**
 * The guard of the Sequence tab's data (core/train/sequence-data.ts) as it crosses into the webview
 * or a report: besides types it checks every size the tab indexes by — tokens per window, logits
 * per position and vocabulary entry, heads × T × T attention probabilities per layer, two PCA
 * coordinates per vocabulary entry — so a malformed record is refused instead of drawn wrongly.
 */

const isLayer = objectOf({ name: isString, heads: integerIn(1, 4096), causal: isBoolean });
const isEmbedding = objectOf({ layer: isString, points: isNumberArray, explainedVariance: isExplainedVariance });
export const isSequenceSample = objectOf({ tokens: isNumberArray, prompt: integerIn(1, 1_000_000), logits: isNumberArray, attention: arrayOf(isNumberArray) });
const isFrame = objectOf({ epoch: isCount, samples: arrayOf(isSequenceSample, 64) });

/** Sizes of one window against the data's vocabulary, context and layers. */
function sampleFits(data: Pick<SequenceData, 'vocabulary' | 'context' | 'layers'>, sample: SequenceSample): boolean {
  const { context, layers } = data;
  const size = data.vocabulary.length;
  return (
    sample.tokens.length === context &&
    sample.tokens.every((token) => Number.isInteger(token) && token >= 0 && token < size) &&
    sample.prompt <= context &&
    sample.logits.length === context * size &&
    sample.attention.length === layers.length &&
    sample.attention.every((values, i) => values.length === layers[i]!.heads * context * context)
  );
}

export const isSequenceData: Guard<SequenceData> = refine(
  objectOf({ vocabulary: arrayOf(isString, 100_000), context: integerIn(1, 4096), layers: arrayOf(isLayer, 1024), embedding: nullable(isEmbedding), frame: nullable(isFrame) }),
  (data) => (data.embedding === null || data.embedding.points.length === 2 * data.vocabulary.length) && (data.frame === null || data.frame.samples.every((sample) => sampleFits(data, sample))),
);

// Compile-time: each guard proves exactly its interface.
const _layer: SameShape<Guarded<typeof isLayer>, SequenceAttentionLayer> = true;
const _embedding: SameShape<Guarded<typeof isEmbedding>, EmbeddingProjection> = true;
const _sample: SameShape<Guarded<typeof isSequenceSample>, SequenceSample> = true;
const _frame: SameShape<Guarded<typeof isFrame>, SequenceFrame> = true;
const _data: SameShape<Guarded<typeof isSequenceData>, SequenceData> = true;
void [_layer, _embedding, _sample, _frame, _data];
