import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { checkDocument } from '../core/analysis';
import { encodeText, generateText, openTextModel } from '../core/generate';
import { selectTrain } from '../core/train';
import { maxDataFileBytes } from '../node/node-file-access';
import { ModelFileError, readModelFile, readNamedFile } from './model-file';
import { UsageError, type Output } from './output';

export interface GenerateArguments {
  readonly file: string;
  /** The trained weights (default: FILE with .safetensors for .dlmodel). */
  readonly weights?: string;
  readonly train?: string;
  readonly prompt: string;
  readonly length: number;
  readonly temperature: number;
  readonly topK: number;
  readonly seed: number;
}

/** Where `dlmodel train FILE --save` is told to write when no --weights is given: next to FILE. */
export function defaultWeightsPath(file: string): string {
  return join(dirname(file), `${basename(file, extname(file))}.safetensors`);
}

/** A character as a message shows it: quoted, with "\n" and other invisible ones escaped. */
const shown = (character: string): string => JSON.stringify(character);

/**
 * `dlmodel generate FILE [--weights W] [--prompt TEXT] [--length N] [--temperature T] [--top-k K]
 * [--seed S]`: writes the prompt, then each sampled character as soon as it is drawn. Exit 0 when
 * the text was written, 1 when the model cannot generate (errors in the file, no weights, a model
 * that is not a text model, a prompt outside the vocabulary), 2 on a usage error.
 */
export function runGenerate(args: GenerateArguments, output: Output): number {
  const fail = (message: string): number => {
    output.stderr(`dlmodel: generate: ${message}`);
    return 1;
  };
  try {
    const text = readModelFile(args.file);
    // No file access: generating reads the model and its weights, never the training data.
    const analysis = checkDocument(text, { documentFolder: '' });
    const train = selectTrain(analysis, args.train);
    if (typeof train === 'string') return fail(train);
    const model = analysis.models.find((m) => m.name === train.modelName);
    if (!model) return fail('the train block names no model');
    // Only the model must be sound: the train block's data file may be gone (the weights carry the vocabulary).
    const { start, end } = model.declaration.range;
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error' && d.range.start >= start && d.range.end <= end);
    if (errors.length > 0) return fail(`model ${model.name} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first: ${errors[0]!.code} ${errors[0]!.message}) — run dlmodel check`);
    const dataName = train.settings.data?.name;
    if (dataName !== undefined && dataName !== 'text') return fail(`model ${model.name} is trained on ${dataName}(…), not on text: generate needs a model trained on text(…) (a character model, e.g. examples/char-model.dlmodel)`);

    const weightsPath = args.weights ?? defaultWeightsPath(args.file);
    const trainHint = `dlmodel train ${args.file}${args.train === undefined ? '' : ` --train ${args.train}`} --save ${weightsPath}`;
    if (!existsSync(weightsPath)) return fail(`no trained weights at ${weightsPath} — train the model and save them first: ${trainHint}`);
    const weights = readNamedFile(weightsPath, { label: `--weights ${weightsPath}`, folderHint: 'pass a .safetensors file', maxBytes: maxDataFileBytes });
    if (weights.kind !== 'ok') throw new UsageError(`--weights ${weightsPath} is too large to be weights`);
    const opened = openTextModel(model, weights.bytes);
    if (!opened.ok) return fail(`cannot generate from ${weightsPath}: ${opened.message}${opened.reason === 'no-vocabulary' ? ` — save them again with ${trainHint}` : ''}`);

    const encoded = encodeText(opened.model.info.vocabulary, args.prompt);
    if (!encoded.ok) {
      const list = encoded.unknown.slice(0, 10).map(shown).join(', ');
      return fail(`the prompt has characters the model never saw in training: ${list}${encoded.unknown.length > 10 ? `, … (${encoded.unknown.length} in all)` : ''} — use only characters of its ${opened.model.info.vocabulary.length}-character vocabulary`);
    }
    const characters = generateText(opened.model, encoded.tokens, args.length, { temperature: args.temperature, topK: args.topK, seed: args.seed });
    if (output.write) {
      output.write(args.prompt);
      for (const character of characters) output.write(character);
      output.write('\n');
    } else {
      output.stdout(args.prompt + [...characters].join(''));
    }
    return 0;
  } catch (error) {
    if (error instanceof ModelFileError) return fail(error.message);
    throw error;
  }
}
