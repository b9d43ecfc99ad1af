/**
 * Generating text one character at a time, as an iterator the caller pulls (the CLI writes each
 * character as it comes; the editor's worker can pull between messages and stop at any time).
 *
 * The model sees what it saw in training (core/data/text.ts): the last `context` tokens of the
 * current line, padded on the left with "\n", so after a newline the window is all newlines again.
 * Its scores for the next character are its output [V] (targets: next) or the last row of its
 * [context, V] output (targets: all). The forward pass runs in eval mode (no dropout, running
 * statistics) without recording gradients, on the generator's own tape.
 */
import { Random } from '../common/random';
import * as t from '../tensor';
import { drawCategorical, samplingProbabilities, samplingProblem, type SamplingOptions } from './sampling';
import type { TextGenerationModel } from './text-model';
import { AnchoredTextGenerator, cachedScorer } from './anchored-generator';

export interface GenerationOptions extends SamplingOptions {
  /** Seeds the draws: the same model, prompt, options and seed give the same text. */
  readonly seed: number;
}

/** The window of the last `context` tokens of the current line, as the model reads it. */
export class TokenWindow {
  readonly tokens: Float32Array;

  constructor(
    readonly context: number,
    private readonly newline: number,
  ) {
    this.tokens = new Float32Array(context).fill(newline);
  }

  push(token: number): void {
    if (token === this.newline) {
      this.tokens.fill(this.newline);
      return;
    }
    this.tokens.copyWithin(0, 1);
    this.tokens[this.context - 1] = token;
  }
}

/** A model generating text: feed it characters, read its next-character distribution, sample. */
export class TextGenerator {
  readonly window: TokenWindow;
  private readonly tape = new t.Tape();
  private readonly random: Random;
  private readonly options: GenerationOptions;

  constructor(
    readonly model: TextGenerationModel,
    options: GenerationOptions,
  ) {
    const problem = samplingProblem(options);
    if (problem) throw new RangeError(problem);
    this.options = options;
    this.random = new Random(options.seed);
    const { vocabulary, context } = model.info;
    this.window = new TokenWindow(context, vocabulary.indexOf('\n'));
  }

  /** Feeds tokens (a prompt) without sampling. */
  feed(tokens: Iterable<number>): void {
    for (const token of tokens) this.window.push(token);
  }

  /** The model's scores for the next character after the current window (a copy: [V]). */
  nextScores(): Float32Array {
    const { network, info } = this.model;
    const classes = info.vocabulary.length;
    this.tape.reset();
    try {
      return this.tape.run(() =>
        t.noGrad(() => {
          const result = network.forward(t.tensor(this.window.tokens, [1, info.context]), { training: false });
          const scores = result.logits.data;
          return scores.slice(scores.length - classes);
        }),
      );
    } finally {
      this.tape.reset();
    }
  }

  /** The distribution the next character is drawn from (after temperature and top-k). */
  nextProbabilities(): Float64Array {
    return samplingProbabilities(this.nextScores(), this.options);
  }

  /** Samples the next character, feeds it back and returns it. */
  next(): string {
    const token = drawCategorical(this.nextProbabilities(), this.random);
    this.window.push(token);
    return this.model.info.vocabulary[token]!;
  }
}

/** What generates text: both generators feed a prompt, score and sample the same way. */
export type CharacterGenerator = Pick<TextGenerator, 'feed' | 'nextScores' | 'nextProbabilities' | 'next'>;

/**
 * The generator for this model: with a key/value cache (anchored-generator.ts) when the model is a
 * causal-attention model trained on every position, else the sliding window of TextGenerator.
 */
export function createTextGenerator(model: TextGenerationModel, options: GenerationOptions): CharacterGenerator {
  const scorer = cachedScorer(model);
  return scorer ? new AnchoredTextGenerator(model, scorer, options) : new TextGenerator(model, options);
}

/** `length` characters after `prompt` (already encoded), one at a time. */
export function* generateText(model: TextGenerationModel, prompt: readonly number[], length: number, options: GenerationOptions): Generator<string, void, undefined> {
  const generator = createTextGenerator(model, options);
  generator.feed(prompt);
  for (let i = 0; i < length; i++) yield generator.next();
}
