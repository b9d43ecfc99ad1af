/**
 * The data a loss landscape is evaluated on (which model output a loss reads is core/nn/losses.ts's lossScores, re-exported here).
 */
import type { LossSetting, Targets } from '../nn/losses';
export { lossScores, readsLogits } from '../nn/losses';
import type { Network } from '../nn/network';

export interface LossData {
  /** rows × (the model's input size) values, row-major. */
  readonly inputs: Float32Array;
  /** Class indices (one per row) or real values (rows × output size), as `computeLoss` takes them. */
  readonly targets: Targets;
  readonly rows: number;
  readonly loss: LossSetting;
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
