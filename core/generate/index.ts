/** Text generation from a trained text model: sampling (pure), the model with its vocabulary, and the character iterator. */
export { drawCategorical, samplingProbabilities, samplingProblem, type SamplingOptions } from './sampling';
export { openTextModel, textModelShapeProblem, type OpenTextModelResult, type TextGenerationModel } from './text-model';
export { createTextGenerator, generateText, TextGenerator, type CharacterGenerator, TokenWindow, type GenerationOptions } from './generator';
export { encodeText, promptProblem, type EncodeResult } from './encode';
export { AnchoredTextGenerator, cachedScorer, RecomputeScorer, type SequenceScorer } from './anchored-generator';
export { anchoredSequence, KeyValueCache } from './kv-cache';
export { generationModelOf, openGeneration, prepareGeneration, type GenerationModelResult, type GenerationRequest, type PreparedGeneration } from './prepare';
