/**
 * The data a loss landscape is evaluated on, and which model output a loss reads.
 */
import type { LossName, Targets } from '../nn/losses';
import type { ForwardResult, Network } from '../nn/network';

export interface LossData {
  /** rows × (the model's input size) values, row-major. */
  readonly inputs: Float32Array;
  /** Class indices (one per row) or real values (rows × output size), as `computeLoss` takes them. */
  readonly targets: Targets;
  readonly rows: number;
  readonly loss: LossName;
}

/**
 * The likelihood losses (cross-entropy, binary cross-entropy) read the scores before a final
 * softmax/sigmoid, as the training does; every other loss reads the model's output.
 */
export function readsLogits(loss: LossName): boolean {
  return loss === 'cross_entropy' || loss === 'binary_cross_entropy';
}

/** The tensor a loss is computed from. */
export function lossScores(loss: LossName, result: ForwardResult): ForwardResult['output'] {
  return readsLogits(loss) ? result.logits : result.output;
}

/** The values of one input row, checked against the data's length. */
export function inputSize(network: Network, data: LossData): number {
  const shape = network.model.input!;
  const size = shape.reduce((product, d) => product * d, 1);
  if (!Number.isInteger(data.rows) || data.rows < 1) throw new Error(`loss data: rows must be a positive integer, got ${data.rows}`);
  if (data.inputs.length !== data.rows * size) throw new Error(`loss data: ${data.inputs.length} input values are not ${data.rows} rows of ${size}`);
  if (data.targets.length % data.rows !== 0) throw new Error(`loss data: ${data.targets.length} targets for ${data.rows} rows`);
  return size;
}
