import { existsSync } from 'node:fs';
import { generateText, generationModelOf, openGeneration } from '../core/generate';
import { defaultWeightsPath } from '../node/weights-path';
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
    const found = generationModelOf(text, args.train);
    if (!found.ok) return fail(found.message);

    const weightsPath = args.weights ?? defaultWeightsPath(args.file);
    const trainHint = `dlmodel train ${args.file}${args.train === undefined ? '' : ` --train ${args.train}`} --save ${weightsPath}`;
    if (!existsSync(weightsPath)) return fail(`no trained weights at ${weightsPath} — train the model and save them first: ${trainHint}`);
    const weights = readNamedFile(weightsPath, { label: `--weights ${weightsPath}`, folderHint: 'pass a .safetensors file', maxBytes: maxDataFileBytes });
    if (weights.kind !== 'ok') throw new UsageError(`--weights ${weightsPath} is too large to be weights`);
    const opened = openGeneration(found.model, weights.bytes, args.prompt);
    if (!opened.ok) return fail(opened.reason === 'prompt' ? opened.message : `cannot generate from ${weightsPath}: ${opened.message}${opened.reason === 'no-vocabulary' ? ` — save them again with ${trainHint}` : ''}`);
    const characters = generateText(opened.model, opened.tokens, args.length, { temperature: args.temperature, topK: args.topK, seed: args.seed });
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
