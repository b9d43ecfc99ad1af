/**
 * Generating with a causal-attention model whose tokens keep their positions, so a key/value
 * cache (kv-cache.ts) can serve each step from the positions before it.
 *
 * The sequence the model reads starts at position 0 with "\n" followed by the current line, as
 * a training window reads a line after its padding (core/data/text.ts; with targets: all every
 * position is trained). A newline starts the sequence again. When the line fills the context, the
 * sequence restarts from its last half (those tokens are fed again at positions 0…), so a step
 * costs at most the re-feeding of half a context once every half context.
 *
 * `RecomputeScorer` computes the same scores by running the whole network on the sequence (padded
 * on the right: causal attention never reads later positions), the reference the cache must equal.
 */
import { Random } from '../common/random';
import * as t from '../tensor';
import type { GenerationOptions } from './generator';
import { KeyValueCache } from './kv-cache';
import { drawCategorical, samplingProbabilities, samplingProblem } from './sampling';
import type { TextGenerationModel } from './text-model';

/** Scores a sequence one appended token at a time: the model's output row at the token's position. */
export interface SequenceScorer {
  readonly context: number;
  reset(): void;
  append(token: number): Float32Array;
}

/** The reference: the whole network on the sequence so far, every time. */
export class RecomputeScorer implements SequenceScorer {
  readonly context: number;
  private readonly tokens: number[] = [];

  constructor(
    private readonly model: TextGenerationModel,
    private readonly padding: number,
  ) {
    this.context = model.info.context;
  }

  reset(): void {
    this.tokens.length = 0;
  }

  append(token: number): Float32Array {
    this.tokens.push(token);
    const window = new Float32Array(this.context).fill(this.padding);
    window.set(this.tokens);
    const classes = this.model.info.vocabulary.length;
    const row = this.tokens.length - 1;
    const tape = new t.Tape();
    const scores = tape.run(() => t.noGrad(() => this.model.network.forward(t.tensor(window, [1, this.context]), { training: false }).logits.data.slice(row * classes, (row + 1) * classes)));
    tape.reset();
    return scores;
  }
}

/** The cache as a scorer for this model, or undefined when the model cannot use one (kv-cache.ts). */
export function cachedScorer(model: TextGenerationModel): SequenceScorer | undefined {
  if (model.info.targets !== 'all') return undefined;
  return KeyValueCache.create(model.network);
}

/** A text generator over an anchored sequence (same interface as TextGenerator). */
export class AnchoredTextGenerator {
  private readonly newline: number;
  private readonly random: Random;
  /** The tokens at positions 0… of the sequence the scorer has read. */
  private readonly sequence: number[] = [];
  private scores: Float32Array;

  constructor(
    readonly model: TextGenerationModel,
    private readonly scorer: SequenceScorer,
    private readonly options: GenerationOptions,
  ) {
    const problem = samplingProblem(options);
    if (problem) throw new RangeError(problem);
    this.random = new Random(options.seed);
    this.newline = model.info.vocabulary.indexOf('\n');
    this.scores = this.restart([this.newline]);
  }

  private restart(tokens: readonly number[]): Float32Array {
    this.scorer.reset();
    this.sequence.length = 0;
    let scores: Float32Array = new Float32Array(0);
    for (const token of tokens) {
      this.sequence.push(token);
      scores = this.scorer.append(token);
    }
    return scores;
  }

  private push(token: number): void {
    if (token === this.newline) this.scores = this.restart([this.newline]);
    else if (this.sequence.length === this.scorer.context) this.scores = this.restart([...this.sequence.slice(this.sequence.length - Math.floor(this.scorer.context / 2) + 1), token]);
    else {
      this.sequence.push(token);
      this.scores = this.scorer.append(token);
    }
  }

  /** Feeds tokens (a prompt) without sampling. */
  feed(tokens: Iterable<number>): void {
    for (const token of tokens) this.push(token);
  }

  /** The model's scores for the next character (a copy: [V]). */
  nextScores(): Float32Array {
    return this.scores.slice();
  }

  nextProbabilities(): Float64Array {
    return samplingProbabilities(this.scores, this.options);
  }

  next(): string {
    const token = drawCategorical(this.nextProbabilities(), this.random);
    this.push(token);
    return this.model.info.vocabulary[token]!;
  }
}
