/**
 * A trained text model ready to generate: its network with the saved weights, and the vocabulary
 * and context the weights file records (core/export/text-metadata.ts). Opening checks that the
 * model reads `context` tokens and scores the vocabulary — [V] (targets: next) or [context, V]
 * (targets: all, whose last position scores the next character) — and says what is wrong when not.
 */
import type { ModelSummary } from '../analysis';
import { formatShape } from '../common/format';
import { Random } from '../common/random';
import { decodeSafetensors } from '../export/safetensors';
import { readTextMetadata, type TextModelInfo } from '../export/text-metadata';
import { loadSafetensorsInto } from '../export/weights';
import { Network } from '../nn/network';

export interface TextGenerationModel {
  readonly network: Network;
  readonly info: TextModelInfo;
}

export type OpenTextModelResult =
  | { readonly ok: true; readonly model: TextGenerationModel }
  /** `no-vocabulary`: the weights were not saved from a text run; `mismatch`: they or the model do not fit. */
  | { readonly ok: false; readonly reason: 'no-vocabulary' | 'mismatch'; readonly message: string };

/** Why `model` cannot generate with this vocabulary and context, or undefined. */
export function textModelShapeProblem(model: ModelSummary, info: TextModelInfo): string | undefined {
  const vocabulary = info.vocabulary.length;
  const input = model.input;
  if (!input || input.length !== 1 || input[0] !== info.context) return `model ${model.name} takes input ${input ? formatShape(input) : '(unknown)'}, but the weights were trained on text with context ${info.context}: it needs input [${info.context}]`;
  const output = model.output;
  const next = output?.length === 1 && output[0] === vocabulary;
  const everyPosition = output?.length === 2 && output[0] === info.context && output[1] === vocabulary;
  if (!next && !everyPosition) return `model ${model.name} outputs ${output ? formatShape(output) : '(unknown)'}, but the vocabulary has ${vocabulary} characters: it needs [${vocabulary}] or [${info.context}, ${vocabulary}]`;
  return undefined;
}

/** The model with these weights (a safetensors file written by `dlmodel train --save` or train.py --save). */
export function openTextModel(model: ModelSummary, weights: Uint8Array): OpenTextModelResult {
  const decoded = decodeSafetensors(weights);
  if (!decoded.ok) return { ok: false, reason: 'mismatch', message: decoded.message };
  const read = readTextMetadata(decoded.file.metadata);
  if (!read.ok) return { ok: false, reason: 'mismatch', message: read.message };
  if (!read.info) return { ok: false, reason: 'no-vocabulary', message: 'the weights record no vocabulary: they were not saved from a run on text(…)' };
  const problem = textModelShapeProblem(model, read.info);
  if (problem) return { ok: false, reason: 'mismatch', message: problem };
  let network: Network;
  try {
    // The seed does not matter: every weight is replaced by the file's.
    network = new Network(model, new Random(0));
  } catch (error) {
    return { ok: false, reason: 'mismatch', message: error instanceof Error ? error.message : String(error) };
  }
  const loaded = loadSafetensorsInto(network, weights);
  if (!loaded.ok) return { ok: false, reason: 'mismatch', message: loaded.message };
  return { ok: true, model: { network, info: read.info } };
}
