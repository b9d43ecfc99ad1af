import type { Dataset } from '../data';
import { computeLoss, lossScores, scoreRows, type LossSetting, type LossTerms } from '../nn/losses';
import type { Network } from '../nn/network';
import * as t from '../tensor';
import { BatchBuffers, identityOrder } from './batch-buffers';
import { latentValues, LossTermSums } from './loss-terms';
import { drain } from '../inspect/progress';
import { correctCount } from './probe-statistics';
import { onTapeWithoutGrad, workYield, type WorkYield } from './work-yield';

export interface Evaluation {
  /** Mean loss over every sample (as the training loss is defined). */
  readonly loss: number;
  /** Share of correct predictions; null for regression. */
  readonly accuracy: number | null;
  /** A VAE loss's reconstruction and KL terms (means over every sample); undefined for other losses. */
  readonly terms?: LossTerms;
}

/**
 * Sees one chunk's scores (the loss's scores: before a final softmax or sigmoid) for the `samples`
 * samples from `start`, while they exist: a recorder of validation predictions reads the
 * evaluation's own forward pass instead of running another.
 */
export type ScoresObserver = (start: number, samples: number, scores: Float32Array) => void;

/**
 * True when the targets are classes, so accuracy means something: always for the classification
 * losses, and for mse/mae when they regress onto classes (docs/language.md, section 10).
 */
export const isClassification = (dataset: Pick<Dataset, 'targetKind'>): boolean => dataset.targetKind === 'classes';

/**
 * Evaluates a network on a whole data set in eval mode (running batch-norm statistics, no dropout),
 * in chunks, without recording gradients, on its own tape.
 */
export class Evaluator {
  private readonly tape = new t.Tape();
  private readonly buffers: BatchBuffers;
  private readonly order: Int32Array;
  private grad: Float32Array = new Float32Array(0);

  constructor(
    private readonly network: Network,
    private readonly dataset: Dataset,
    private readonly loss: LossSetting,
    private readonly chunk = 256,
  ) {
    this.buffers = new BatchBuffers(dataset, Math.max(1, Math.min(chunk, dataset.count)));
    this.order = identityOrder(dataset.count);
  }

  /** The whole evaluation at once. */
  evaluate(): Evaluation {
    return drain(this.chunks());
  }

  /**
   * The evaluation in pieces: yields `workYield` after each layer of each chunk (at most `chunk`
   * samples) and returns the evaluation, so a caller with a clock (the training worker) can answer
   * Stop within a large validation split and within a deep net. `observe` sees each chunk's scores.
   */
  *chunks(observe?: ScoresObserver): Generator<WorkYield, Evaluation, undefined> {
    const n = this.dataset.count;
    if (n === 0) return { loss: Number.NaN, accuracy: null };
    let lossSum = 0;
    let lossWeight = 0;
    let correct = 0;
    let predictions = 0;
    const terms = new LossTermSums();
    for (let start = 0; start < n; start += this.chunk) {
      const end = Math.min(n, start + this.chunk);
      this.tape.reset();
      const batch = this.tape.run(() => this.buffers.fill(this.order, start, end));
      // One layer per pull: a 256-row chunk through a deep net is too long a stretch for Stop.
      const forward = yield* onTapeWithoutGrad(this.tape, this.network.forwardWork(batch.input, { training: false }));
      this.tape.run(() =>
        t.noGrad(() => {
          const scores = lossScores(this.loss, forward);
          observe?.(start, end - start, scores.data);
          if (this.grad.length < scores.size) this.grad = new Float32Array(scores.size);
          const result = computeLoss(this.loss, scores.data, batch.targets, batch.rows, this.grad.subarray(0, scores.size), latentValues(forward.latent));
          terms.add(result.terms, result.weight);
          lossSum += result.value * result.weight;
          lossWeight += result.weight;
          correct += correctCount(this.loss.name, scores.data, batch.targets, batch.rows);
          predictions += scoreRows(this.loss.name, batch.targets, batch.rows);
        }),
      );
      this.tape.reset();
      yield workYield;
    }
    const means = terms.mean();
    return { loss: lossSum / lossWeight, accuracy: isClassification(this.dataset) ? correct / predictions : null, ...(means ? { terms: means } : {}) };
  }
}
