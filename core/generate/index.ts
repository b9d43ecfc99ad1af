/** Text generation from a trained text model: sampling (pure), the model with its vocabulary, and the character iterator. */
export { drawCategorical, samplingProbabilities, samplingProblem, type SamplingOptions } from './sampling';
export { openTextModel, textModelShapeProblem, type OpenTextModelResult, type TextGenerationModel } from './text-model';
export { createTextGenerator, encodeText, generateText, TextGenerator, type CharacterGenerator, TokenWindow, type EncodeResult, type GenerationOptions } from './generator';
export { AnchoredTextGenerator, cachedScorer, RecomputeScorer, type SequenceScorer } from './anchored-generator';
export { anchoredSequence, KeyValueCache } from './kv-cache';
