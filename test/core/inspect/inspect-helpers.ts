// Models and data sets for the core/inspect tests: a model is checked from its .dlmodel text by
// the real checker and built into a Network, as the training does.
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import type { LossData } from '../../../core/inspect';
import { comparesElements, type LossName, type LossSetting } from '../../../core/nn/losses';
import { defaultLoss } from '../../../core/nn/settings';
import { Network } from '../../../core/nn/network';

export function buildNetwork(text: string, seed = 1): Network {
  const analysis = checkDocument(text);
  assert.deepEqual(
    analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  return new Network(analysis.models[0]!, new Random(seed));
}

/** `rows` random rows for `network`'s input, with targets fitting `loss` and the model's output. */
export function randomData(network: Network, lossOrName: LossName | LossSetting, rows: number, seed = 7): LossData {
  const loss = typeof lossOrName === 'string' ? defaultLoss(lossOrName) : lossOrName;
  const random = new Random(seed);
  const inputSize = network.model.input!.reduce((a, b) => a * b, 1);
  const outputSize = network.model.output!.reduce((a, b) => a * b, 1);
  const inputs = Float32Array.from({ length: rows * inputSize }, () => 1.5 * random.normal());
  const targets =
    comparesElements(loss.name) || loss.name === 'kl_div'
      ? Float32Array.from({ length: rows * outputSize }, () => random.normal())
      : Int32Array.from({ length: rows }, () => random.int(loss.name === 'cross_entropy' || loss.name === 'nll' ? outputSize : 2));
  return { inputs, targets, rows, loss };
}

/** A copy of θ moved by a Gaussian step of relative size `scale`. */
export function perturbed(theta: Float32Array, scale: number, seed: number): Float32Array {
  const random = new Random(seed);
  return theta.map((v) => v + scale * (Math.abs(v) + 0.1) * random.normal());
}

export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
}

export const spiralsText = `model Spirals {
  input [2]
  dense(16, activation: relu)
  dense(16, activation: tanh)
  dense(3)
  softmax()
}
`;
