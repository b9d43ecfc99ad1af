import type { RandomState } from '../common/random';
import type { OptimizerSetting, OptimizerState } from '../nn/optimizers';
import type { PlateauState } from '../nn/plateau';

/**
 * Everything besides the weights that the next epoch of a run reads: where it stands, what the
 * optimizer remembers, the positions of the random streams still drawn from (the data, split and
 * init streams are spent when the run is built), and the plateau rule's memory. Taken at an epoch
 * boundary; a run built from the same plan and seed and given this state continues exactly as the
 * run it came from would have.
 */
export interface TrainingState {
  /** Epochs completed. */
  readonly epochsDone: number;
  /** Minibatch steps taken. */
  readonly steps: number;
  /** The run's planned epochs (the horizon of cosine and one_cycle). */
  readonly epochs: number;
  readonly seed: number;
  readonly optimizer: OptimizerSetting['name'];
  readonly optimizerState: OptimizerState;
  readonly streams: { readonly shuffle: RandomState; readonly dropout: RandomState; readonly augment: RandomState };
  readonly plateau: PlateauState | null;
  /** The factor a `set-lr` change put on the schedule's rates (1 without one). */
  readonly lrScale: number;
}
