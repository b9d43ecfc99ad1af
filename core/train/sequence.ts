import { pca } from '../inspect/pca';
import * as t from '../tensor';
import type { EmbeddingProjection, SequenceAttentionLayer, SequenceData, SequenceFrame, SequenceSample } from './sequence-data';
import type { TrainingRun } from './run';
import { roundLogit, scoreWindows, sequenceScoring, shownAttentionLayers, windowSample, type SequenceScoring } from './sequence-scoring';
import { workYield, type WorkYield } from './work-yield';

/**
 * The Sequence tab's data for a character model (text(…)): a causal model trained on every position
 * (a GPT, an LSTM/GRU returning sequences) or one trained on the character after a window (an MLP,
 * an LSTM returning its last state) — see sequence-scoring.ts. For a few validation windows: the
 * next-token logits at every position, every attention layer's probabilities per head (reported by
 * the layers' forward through `ForwardOptions.observe`), and a PCA of the token embedding table.
 * Recorded at the latent recorder's epochs; only the latest is kept.
 *
 * Each window keeps its first `context − continuation` characters and continues greedily, one eval
 * pass per generated token over all samples at once (a position's numbers never depend on the
 * tokens after it), then one more pass records everything.
 */

export interface SequenceOptions {
  /** Validation windows shown. */
  readonly samples?: number;
  /** Tokens the model continues each window with (at most half the context). */
  readonly continuation?: number;
}

/** How the tab scores this run's windows, or undefined for a run it does not explain (not a character model). */
function runScoring(run: TrainingRun): SequenceScoring | undefined {
  const { validation, train } = run.data;
  const data = validation.count > 0 ? validation : train;
  if (data.targetKind !== 'classes' || !data.tokens || data.count === 0) return undefined;
  return sequenceScoring(run.plan.model, data.positions ?? 1, data.sampleSize, data.classCount);
}

/** True for a run the tab explains: a character model (text(…)) that sequence-scoring.ts can score at every position. */
export function recordsSequence(run: TrainingRun): boolean {
  return runScoring(run) !== undefined;
}

/** Records the latest weights' view of a few validation windows. */
export class SequenceRecorder {
  private readonly layers: readonly SequenceAttentionLayer[];
  private readonly windows: Float32Array;
  private readonly count: number;
  private readonly context: number;
  private readonly prompt: number;
  private readonly vocabulary: readonly string[];
  private readonly scoring: SequenceScoring;
  private readonly newline: number;
  private frame: SequenceFrame | null = null;
  private projection: EmbeddingProjection | null = null;
  /** One tape for every pass, so its buffers are recycled. */
  private readonly tape = new t.Tape();

  constructor(
    private readonly run: TrainingRun,
    options: SequenceOptions = {},
  ) {
    const { validation, train } = run.data;
    const data = validation.count > 0 ? validation : train;
    const scoring = runScoring(run);
    if (data.targetKind !== 'classes' || !scoring) throw new Error('sequence: not a character model the Sequence tab can score');
    this.scoring = scoring;
    this.context = data.sampleSize;
    this.vocabulary = data.classNames ?? Array.from({ length: data.classCount }, (_, i) => String(i));
    this.newline = Math.max(0, this.vocabulary.indexOf('\n'));
    this.count = Math.min(data.count, options.samples ?? 3);
    this.prompt = this.context - Math.min(options.continuation ?? 16, Math.floor(this.context / 2));
    // Windows spread evenly over the split, so they show different text.
    this.windows = new Float32Array(this.count * this.context);
    for (let s = 0; s < this.count; s++) {
      const index = Math.floor((s * data.count) / this.count);
      this.windows.set(data.inputs.subarray(index * this.context, (index + 1) * this.context), s * this.context);
    }
    this.layers = shownAttentionLayers(run.plan.model, scoring);
  }

  capture(epoch: number): void {
    for (const unit of this.captureWork(epoch)) void unit;
  }

  /** `capture` with a `workYield` after each forward pass (one per generated token, then the recording pass). */
  *captureWork(epoch: number): Generator<WorkYield, void, undefined> {
    const tokens = this.windows.slice();
    for (let position = this.prompt; position < this.context; position++) {
      this.continueAt(tokens, position);
      yield workYield;
    }
    const scores = this.score(tokens);
    const shape = { context: this.context, classes: this.vocabulary.length, prompt: this.prompt };
    const samples: SequenceSample[] = Array.from({ length: this.count }, (_, s) => windowSample(scores, tokens, s, shape, this.layers));
    this.frame = { epoch, samples };
    this.projection = this.embedding();
  }

  /** Sets each window's token at `position` to the argmax of the logits at the position before. */
  private continueAt(tokens: Float32Array, position: number): void {
    const vocabularySize = this.vocabulary.length;
    const { logits } = this.score(tokens);
    for (let s = 0; s < this.count; s++) tokens[s * this.context + position] = argmax(logits, (s * this.context + position - 1) * vocabularySize, vocabularySize);
  }

  /** One eval scoring of all windows (and, for a causal model, its attention weights). */
  private score(tokens: Float32Array): ReturnType<typeof scoreWindows> {
    return scoreWindows(this.run.network, this.scoring, tokens, this.count, this.context, this.newline, this.tape);
  }

  snapshot(): SequenceData {
    return { vocabulary: this.vocabulary, context: this.context, layers: this.layers, embedding: this.projection, frame: this.frame };
  }

  /** The first embedding layer's table [V, d] on its two principal components. */
  private embedding(): EmbeddingProjection | null {
    const node = this.run.plan.model.graph.nodes.find(({ layer }) => layer.kind === 'embedding');
    const weight = node ? this.run.network.stateOf(node.layer.name)?.weight : undefined;
    if (!node || !weight) return null;
    const [rows, cols] = weight.shape as [number, number];
    if (rows < 2 || cols < 2) return null;
    const result = pca(weight.data, rows, cols, { components: 2 });
    return { layer: node.layer.name, points: Array.from(result.projections, roundLogit), explainedVariance: [result.explainedVarianceRatio[0]!, result.explainedVarianceRatio[1]!] };
  }
}

/** The index of the largest of `size` values from `offset` (the first on ties, as torch.argmax). */
function argmax(values: Float32Array, offset: number, size: number): number {
  let best = 0;
  for (let i = 1; i < size; i++) if (values[offset + i]! > values[offset + best]!) best = i;
  return best;
}
