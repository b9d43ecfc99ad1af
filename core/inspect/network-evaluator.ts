/**
 * The reference evaluator: the network's own forward pass and the fused losses of core/nn, run the
 * way the training evaluates a data set (eval mode, chunks of `chunk` rows, each chunk's mean loss
 * weighted by its rows), so at the trained θ* it gives the trained loss exactly. Works for every
 * model (convolutions, batch-norm, residual blocks).
 *
 * θ is written into the network's parameter tensors in place for the evaluation and the network's
 * own values are written back afterwards, so the network is never left changed. One tape is reused
 * for every evaluation: after the first, an evaluation allocates no typed array.
 */
import { computeLoss, latentValues, lossWeight, scoreRows } from '../nn/losses';
import type { Network } from '../nn/network';
import * as t from '../tensor';
import { inputSize, lossScores, type LossData } from './loss-data';
import { checkVector, type LossEvaluator } from './loss-evaluator';
import { parameterCount, readParameters, writeParameters } from './parameter-vector';

export interface NetworkEvaluatorOptions {
  /** Rows per forward pass (default 256, as the training's evaluation). */
  readonly chunk?: number;
}

export class NetworkLossEvaluator implements LossEvaluator {
  readonly parameterCount: number;
  private readonly tape = new t.Tape();
  private readonly original: Float32Array;
  private readonly sampleSize: number;
  private readonly targetWidth: number;
  private readonly chunk: number;
  private lossGrad = new Float32Array(0);

  constructor(
    private readonly network: Network,
    private readonly data: LossData,
    options: NetworkEvaluatorOptions = {},
  ) {
    this.parameterCount = parameterCount(network);
    this.original = readParameters(network);
    this.sampleSize = inputSize(network, data);
    this.targetWidth = data.targets.length / data.rows;
    this.chunk = Math.max(1, Math.floor(options.chunk ?? 256));
  }

  loss(theta: Float32Array): number {
    checkVector(this, theta, 'loss');
    return this.withParameters(theta, () => t.noGrad(() => this.sweep(false)));
  }

  lossAndGradient(theta: Float32Array, gradient: Float32Array): number {
    checkVector(this, theta, 'lossAndGradient');
    checkVector(this, gradient, 'lossAndGradient');
    const parameters = this.network.parameters.map((p) => p.tensor);
    return this.withParameters(theta, () => {
      t.zeroGrad(parameters);
      const value = this.sweep(parameters.length > 0);
      let offset = 0;
      for (const p of parameters) {
        gradient.set(p.grad, offset);
        offset += p.size;
      }
      t.zeroGrad(parameters);
      return value;
    });
  }

  private withParameters(theta: Float32Array, evaluate: () => number): number {
    writeParameters(this.network, theta);
    try {
      return evaluate();
    } finally {
      writeParameters(this.network, this.original);
      this.tape.reset();
    }
  }

  /**
   * The mean loss over every chunk: each chunk's mean weighted by its share of the divisor (its rows,
   * or for class-weighted cross-entropy its class weights); with `backward`, its gradient too.
   */
  private sweep(backward: boolean): number {
    const { rows, inputs, targets, loss } = this.data;
    const shape = this.network.model.input!;
    const total = lossWeight(loss, targets, 0, scoreRows(loss.name, targets, rows));
    let sum = 0;
    for (let start = 0; start < rows; start += this.chunk) {
      const end = Math.min(rows, start + this.chunk);
      const count = end - start;
      this.tape.reset();
      sum += this.tape.run(() => {
        const input = t.tensor(inputs.subarray(start * this.sampleSize, end * this.sampleSize), [count, ...shape]);
        const forward = this.network.forward(input, { training: false });
        const scores = lossScores(loss, forward);
        if (this.lossGrad.length < scores.size) this.lossGrad = new Float32Array(scores.size);
        const grad = this.lossGrad.subarray(0, scores.size);
        const latent = latentValues(forward.latent);
        const result = computeLoss(loss, scores.data, targets.subarray(start * this.targetWidth, end * this.targetWidth), count, grad, latent);
        if (backward) {
          const share = result.weight / total;
          for (let i = 0; i < grad.length; i++) grad[i] = grad[i]! * share;
          t.backward(scores, grad);
          if (forward.latent && latent && result.terms) t.backward(forward.latent, latent.grad.map((g) => g * share));
        }
        return result.value * result.weight;
      });
    }
    return sum / total;
  }
}
