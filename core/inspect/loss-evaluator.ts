/**
 * What the landscape code needs from a model: its loss at any point θ of parameter space (a flat
 * vector in `network.parameters` order, see parameter-vector.ts), and the gradient there.
 * Evaluations are in eval mode (running batch-norm statistics, no dropout) over a whole data set.
 */
export interface LossEvaluator {
  /** The length of θ. */
  readonly parameterCount: number;
  /** The mean loss over the data at θ. */
  loss(theta: Float32Array): number;
  /** The mean loss at θ; ∂loss/∂θ is written into `gradient` (same layout as θ). */
  lossAndGradient(theta: Float32Array, gradient: Float32Array): number;
}

export function checkVector(evaluator: LossEvaluator, vector: ArrayLike<number>, what: string): void {
  if (vector.length !== evaluator.parameterCount) throw new Error(`${what}: the vector has ${vector.length} values, the model ${evaluator.parameterCount} parameters`);
}
