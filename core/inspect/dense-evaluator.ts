/**
 * The fast loss evaluator for dense stacks (see dense-stack.ts), for grids of thousands of points.
 * Instead of the engine's per-op tensors it runs the whole model on blocks of 32 rows, layer after
 * layer, in float64 buffers that stay in the L1 cache, reads the weights straight from θ, uses a
 * faithful rational tanh and sums the loss without computing its gradient.
 *
 * It agrees with the network's own evaluation to float32 rounding (a test holds it to 1e-6 of the
 * loss), not bit for bit: the engine stores every intermediate in float32. The landscape evaluator
 * therefore answers at θ* itself with the network (landscape-evaluator.ts). Gradients come from the
 * network (`gradientFrom`), which is what they need to be exact.
 */
import type { Targets } from '../nn/losses';
import { applyElementwise, denseForward } from './dense-kernels';
import type { DenseStackPlan } from './dense-stack';
import type { LossData } from './loss-data';
import { checkVector, type LossEvaluator } from './loss-evaluator';
import { lossSum, lossTerms } from './loss-sums';

/** Rows per block: 32 rows × 16–64 units of float64 stay within the L1 cache. */
const blockRows = 32;

export class DenseStackEvaluator implements LossEvaluator {
  readonly parameterCount: number;
  private readonly weights: Float64Array[];
  private readonly biases: Float64Array[];
  private readonly input: Float64Array;
  private readonly buffers: [Float64Array, Float64Array];

  constructor(
    private readonly plan: DenseStackPlan,
    private readonly data: LossData,
    private readonly gradientFrom: LossEvaluator,
  ) {
    this.parameterCount = gradientFrom.parameterCount;
    if (data.inputs.length !== data.rows * plan.inputSize) throw new Error(`dense evaluator: ${data.inputs.length} input values are not ${data.rows} rows of ${plan.inputSize}`);
    this.weights = plan.layers.map((l) => new Float64Array(l.inputs * l.units));
    // A layer without a bias gets zeros, so the kernel has one form.
    this.biases = plan.layers.map((l) => new Float64Array(l.units));
    const widest = Math.max(plan.inputSize, ...plan.layers.map((l) => l.units));
    this.input = new Float64Array(blockRows * plan.inputSize);
    this.buffers = [new Float64Array(blockRows * widest), new Float64Array(blockRows * widest)];
  }

  loss(theta: Float32Array): number {
    checkVector(this, theta, 'loss');
    this.plan.layers.forEach((layer, i) => {
      this.weights[i]!.set(theta.subarray(layer.weightOffset, layer.weightOffset + layer.inputs * layer.units));
      if (layer.biasOffset >= 0) this.biases[i]!.set(theta.subarray(layer.biasOffset, layer.biasOffset + layer.units));
    });
    const { rows, inputs, targets, loss } = this.data;
    const width = this.plan.outputWidth;
    let sum = 0;
    for (let start = 0; start < rows; start += blockRows) {
      const count = Math.min(blockRows, rows - start);
      const scores = this.forwardBlock(inputs, start, count);
      sum += lossSum(loss, scores, targets as Targets, start, count, width);
    }
    return sum / lossTerms(loss, rows, width);
  }

  lossAndGradient(theta: Float32Array, gradient: Float32Array): number {
    return this.gradientFrom.lossAndGradient(theta, gradient);
  }

  /** The scores of rows [start, start + count), in one of the block buffers. */
  private forwardBlock(inputs: Float32Array, start: number, count: number): Float64Array {
    const size = this.plan.inputSize;
    const x = this.input;
    for (let i = 0; i < count * size; i++) x[i] = inputs[start * size + i]!;
    for (const step of this.plan.before) applyElementwise(step, x, count * size);
    let current = x;
    this.plan.layers.forEach((layer, i) => {
      const out = this.buffers[i % 2]!;
      denseForward(current, this.weights[i]!, this.biases[i]!, out, count, layer.inputs, layer.units);
      for (const step of layer.after) applyElementwise(step, out, count * layer.units);
      current = out;
    });
    return current;
  }
}
