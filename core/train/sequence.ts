import { anchoredSequence } from '../generate/kv-cache';
import { pca } from '../inspect/pca';
import type { ForwardResult } from '../nn/network';
import * as t from '../tensor';
import type { EmbeddingProjection, SequenceAttentionLayer, SequenceData, SequenceFrame, SequenceSample } from './sequence-data';
import type { TrainingRun } from './run';
import { workYield, type WorkYield } from './work-yield';

/**
 * The Sequence tab's data for a causal text model trained with `text(…, targets: all)`: for a few
 * validation windows, the next-token logits at every position and every attention layer's
 * probabilities per head (reported by the layers' forward through `ForwardOptions.observe`), and a
 * PCA of the token embedding table. Recorded at the latent recorder's epochs; only the latest is kept.
 *
 * Each window keeps its first `context − continuation` characters and continues greedily, one eval
 * forward pass per generated token over all samples at once (the model is causal, so the tokens
 * after a position never change its numbers), then one more pass records everything.
 */

export interface SequenceOptions {
  /** Validation windows shown. */
  readonly samples?: number;
  /** Tokens the model continues each window with (at most half the context). */
  readonly continuation?: number;
}

/** Probabilities are shown to 4 decimals: enough for a heatmap and bars, a third of float32's JSON. */
const roundProbability = (value: number): number => Math.round(value * 1e4) / 1e4;
const roundLogit = (value: number): number => (Number.isFinite(value) ? Number(value.toPrecision(5)) : 0);

/** True for a run the tab explains: a text model whose every position is a target and whose layers are causal (the generator's anchored sequence). */
export function recordsSequence(run: TrainingRun): boolean {
  const { validation, train } = run.data;
  const data = validation.count > 0 ? validation : train;
  return data.targetKind === 'classes' && data.tokens && data.positions === data.sampleSize && data.count > 0 && anchoredSequence(run.plan.model, 'all');
}

/** Records the latest weights' view of a few validation windows. */
export class SequenceRecorder {
  private readonly layers: readonly SequenceAttentionLayer[];
  private readonly windows: Float32Array;
  private readonly count: number;
  private readonly context: number;
  private readonly prompt: number;
  private readonly vocabulary: readonly string[];
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
    if (data.targetKind !== 'classes') throw new Error('sequence: a text data set has class targets');
    this.context = data.sampleSize;
    this.vocabulary = data.classNames ?? Array.from({ length: data.classCount }, (_, i) => String(i));
    this.count = Math.min(data.count, options.samples ?? 3);
    this.prompt = this.context - Math.min(options.continuation ?? 16, Math.floor(this.context / 2));
    // Windows spread evenly over the split, so they show different text.
    this.windows = new Float32Array(this.count * this.context);
    for (let s = 0; s < this.count; s++) {
      const index = Math.floor((s * data.count) / this.count);
      this.windows.set(data.inputs.subarray(index * this.context, (index + 1) * this.context), s * this.context);
    }
    this.layers = run.plan.model.graph.nodes
      .filter(({ layer }) => layer.kind === 'attention')
      .map(({ layer }) => ({ name: layer.name, heads: layer.args!.number('heads'), causal: layer.args!.flag('causal') }));
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
    const attention = new Map<string, Float32Array>();
    const logits = this.forward(tokens, (result) => result.logits.data.slice(), (layer, weights) => attention.set(layer, weights.slice()));
    const vocabularySize = this.vocabulary.length;
    const samples: SequenceSample[] = [];
    for (let s = 0; s < this.count; s++) {
      const window = (values: Float32Array, width: number): number[] => Array.from(values.subarray(s * width, (s + 1) * width));
      samples.push({
        tokens: window(tokens, this.context),
        prompt: this.prompt,
        logits: window(logits, this.context * vocabularySize).map(roundLogit),
        attention: this.layers.map(({ name, heads }) => window(attention.get(name)!, heads * this.context * this.context).map(roundProbability)),
      });
    }
    this.frame = { epoch, samples };
    this.projection = this.embedding();
  }

  /** Sets each window's token at `position` to the argmax of the logits at the position before. */
  private continueAt(tokens: Float32Array, position: number): void {
    const vocabularySize = this.vocabulary.length;
    const logits = this.forward(tokens, (result) => result.logits.data.slice());
    for (let s = 0; s < this.count; s++) tokens[s * this.context + position] = argmax(logits, (s * this.context + position - 1) * vocabularySize, vocabularySize);
  }

  /** One eval pass over all windows; `observe` receives each attention layer's weights while the tape holds them. */
  private forward<T>(tokens: Float32Array, use: (result: ForwardResult) => T, observe?: (layer: string, weights: Float32Array) => void): T {
    const tape = this.tape;
    try {
      return tape.run(() =>
        t.noGrad(() => use(this.run.network.forward(t.tensor(tokens, [this.count, this.context]), { training: false, ...(observe ? { observe: (layer, _name, value) => observe(layer, value.data) } : {}) }))),
      );
    } finally {
      tape.reset();
    }
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
