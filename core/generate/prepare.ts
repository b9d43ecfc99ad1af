/**
 * What every way of generating does before the first character, in one place so that the CLI
 * (`dlmodel generate`) and the editor's worker (*Generate Text…*) read a file, open its weights and
 * encode a prompt identically: the same file, weights, prompt, options and seed give the same text.
 */
import { checkDocument, type ModelSummary } from '../analysis';
import { selectTrain } from '../train/plan';
import type { GenerationOptions } from './generator';
import { encodeText, promptProblem } from './encode';
import { openTextModel, type TextGenerationModel } from './text-model';

export type GenerationModelResult = { readonly ok: true; readonly model: ModelSummary } | { readonly ok: false; readonly message: string };

/**
 * The model a file's train block (`trainName`, or the only one) trains, when it can generate: its
 * declaration has no errors and its data, if named, is text(…). The data file itself is not read
 * (the weights carry the vocabulary), so it may be gone.
 */
export function generationModelOf(text: string, trainName: string | undefined): GenerationModelResult {
  const analysis = checkDocument(text, { documentFolder: '' });
  const train = selectTrain(analysis, trainName);
  if (typeof train === 'string') return { ok: false, message: train };
  const model = analysis.models.find((m) => m.name === train.modelName);
  if (!model) return { ok: false, message: 'the train block names no model' };
  const { start, end } = model.declaration.range;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error' && d.range.start >= start && d.range.end <= end);
  if (errors.length > 0) return { ok: false, message: `model ${model.name} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0]!.code} ${errors[0]!.message}) — run dlmodel check` };
  const dataName = train.settings.data?.name;
  if (dataName !== undefined && dataName !== 'text') return { ok: false, message: `model ${model.name} is trained on ${dataName}(…), not on text: generate needs a model trained on text(…) (a character model, e.g. examples/char-model.dlmodel)` };
  return { ok: true, model };
}

/** Everything one generation needs: a model with its weights, the prompt's tokens and the options. */
export interface GenerationRequest extends GenerationOptions {
  /** The .dlmodel file's text. */
  readonly text: string;
  readonly trainName?: string;
  /** Safetensors saved by a run on text(…) (dlmodel train --save, the editor's run, train.py --save). */
  readonly weights: Uint8Array;
  readonly prompt: string;
  readonly length: number;
}

export type PreparedGeneration =
  | { readonly ok: true; readonly model: TextGenerationModel; readonly tokens: readonly number[] }
  /**
   * `model`: the file cannot generate (errors, not a text model); `no-vocabulary`: the weights were
   * not saved from a text run; `mismatch`: they do not fit the model; `prompt`: it has characters
   * outside the vocabulary.
   */
  | { readonly ok: false; readonly reason: 'model' | 'no-vocabulary' | 'mismatch' | 'prompt'; readonly message: string };

/** `model` with these weights and the encoded prompt, or why generation cannot start from them. */
export function openGeneration(model: ModelSummary, weights: Uint8Array, prompt: string): PreparedGeneration {
  const opened = openTextModel(model, weights);
  if (!opened.ok) return opened;
  const encoded = encodeText(opened.model.info.vocabulary, prompt);
  if (!encoded.ok) return { ok: false, reason: 'prompt', message: promptProblem(opened.model.info.vocabulary, prompt)! };
  return { ok: true, model: opened.model, tokens: encoded.tokens };
}

/** The request's model with its weights and the encoded prompt, or why generation cannot start. */
export function prepareGeneration(request: Pick<GenerationRequest, 'text' | 'trainName' | 'weights' | 'prompt'>): PreparedGeneration {
  const found = generationModelOf(request.text, request.trainName);
  if (!found.ok) return { ok: false, reason: 'model', message: found.message };
  return openGeneration(found.model, request.weights, request.prompt);
}
