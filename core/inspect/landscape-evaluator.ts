/**
 * The evaluator the landscape computations use: the fast dense-stack path when the model has one,
 * the network's own evaluation otherwise, and in every case the network's own value at θ* (the
 * network's parameters when the evaluator is made). So the centre of every grid, and t = 1 of every
 * interpolation, equals the trained loss exactly: it is computed by the same code.
 */
import type { Network } from '../nn/network';
import { DenseStackEvaluator } from './dense-evaluator';
import { denseStackPlan } from './dense-stack';
import type { LossData } from './loss-data';
import type { LossEvaluator } from './loss-evaluator';
import { NetworkLossEvaluator } from './network-evaluator';
import { readParameters } from './parameter-vector';

export interface LandscapeEvaluatorOptions {
  /** Use the fast path for dense stacks (default true). */
  readonly fast?: boolean;
  /** Rows per forward pass of the network's own evaluation (default 256, as the training's). */
  readonly chunk?: number;
}

export interface LandscapeEvaluator extends LossEvaluator {
  /** θ*: the network's parameters when the evaluator was made (a copy). */
  readonly centre: Float32Array;
  /** The loss at θ*, by the network's own evaluation. */
  readonly centreLoss: number;
  /** Which code evaluates the other points. */
  readonly path: 'dense-fast' | 'network';
}

export function createLandscapeEvaluator(network: Network, data: LossData, options: LandscapeEvaluatorOptions = {}): LandscapeEvaluator {
  const exact = new NetworkLossEvaluator(network, data, options.chunk === undefined ? {} : { chunk: options.chunk });
  const plan = options.fast === false ? undefined : denseStackPlan(network, data.loss);
  const fast = plan ? new DenseStackEvaluator(plan, data, exact) : exact;
  const centre = readParameters(network);
  const centreLoss = exact.loss(centre);
  return {
    parameterCount: exact.parameterCount,
    centre,
    centreLoss,
    path: plan ? 'dense-fast' : 'network',
    loss: (theta) => (sameValues(theta, centre) ? centreLoss : fast.loss(theta)),
    lossAndGradient: (theta, gradient) => exact.lossAndGradient(theta, gradient),
  };
}

/** Element-wise equality (so −0 and +0 count as equal, as they give the same loss). */
function sameValues(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
