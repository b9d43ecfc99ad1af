/**
 * The fast loss evaluator for dense stacks (see dense-stack.ts), for grids of thousands of points.
 * It runs the model on up to 512 rows at a time without the engine's per-op tensors and graph: the
 * products go through the engine's matmul kernel (WebAssembly SIMD with the fast backend) straight
 * from θ (no copy of the weights), then one JavaScript pass per layer adds the bias and applies the
 * activation (a faithful rational tanh instead of Math.tanh), and the loss is summed without its
 * gradient. Intermediate values are float32, as in the engine. When every layer's activation is
 * relu, tanh or none, a chunk is one WebAssembly visit (`fastDenseStack`: θ and the inputs copied
 * in once, the values between layers left there, cross-entropy's exponentials taken there too),
 * with the bits of the layer-by-layer path.
 *
 * It agrees with the network's own evaluation to float32 rounding (a test holds it to 1e-6 of the
 * loss), not bit for bit, so the landscape evaluator answers at θ* itself with the network
 * (landscape-evaluator.ts). Gradients come from the network (`gradientFrom`).
 */
import { fastDenseActivate, fastDenseStack, matmulAccumulate, type DenseActivation, type DenseStackLayer } from '../tensor';
import { addBiasAndActivate, applyElementwise } from './dense-kernels';
import type { CrossEntropySetting } from '../nn/losses';
import type { DenseStackPlan } from './dense-stack';
import type { LossData } from './loss-data';
import { checkVector, type LossEvaluator } from './loss-evaluator';
import { crossEntropySum, lossSum, lossTerms } from './loss-sums';

/** Rows per pass: enough to amortise a kernel call, small enough for the buffers to stay in cache. */
const chunkRows = 512;

export class DenseStackEvaluator implements LossEvaluator {
  readonly parameterCount: number;
  private readonly outputs: Float32Array[];
  /** Zeros for a layer without a bias, so the bias pass has one form. */
  private readonly noBias: Float32Array[];
  private readonly input: Float32Array;
  /** The plan as one WebAssembly visit per chunk, when every layer's activation is fused (see `wasmStack`). */
  private readonly stack: readonly DenseStackLayer[] | undefined;
  /** For cross-entropy: its setting, and the row maxima and Σ exp(s − max) computed in that visit. */
  private readonly crossEntropy: { readonly loss: CrossEntropySetting; readonly maxes: Float64Array; readonly sums: Float64Array } | undefined;

  constructor(
    private readonly plan: DenseStackPlan,
    private readonly data: LossData,
    private readonly gradientFrom: LossEvaluator,
  ) {
    this.parameterCount = gradientFrom.parameterCount;
    if (data.inputs.length !== data.rows * plan.inputSize) throw new Error(`dense evaluator: ${data.inputs.length} input values are not ${data.rows} rows of ${plan.inputSize}`);
    // Real targets are shaped like the output; class targets are one per row (element-wise losses compare them one-hot).
    const width = data.targets instanceof Float32Array ? plan.outputWidth : 1;
    if (data.targets.length !== data.rows * width) throw new Error(`dense evaluator: ${data.targets.length} targets for ${data.rows} rows of ${width}`);
    const rows = Math.min(chunkRows, data.rows);
    this.outputs = plan.layers.map((l) => new Float32Array(rows * l.units));
    this.noBias = plan.layers.map((l) => new Float32Array(l.units));
    this.input = new Float32Array(plan.before.length > 0 ? rows * plan.inputSize : 0);
    this.stack = wasmStack(plan);
    this.crossEntropy = data.loss.name === 'cross_entropy' ? { loss: data.loss, maxes: new Float64Array(rows), sums: new Float64Array(rows) } : undefined;
  }

  loss(theta: Float32Array): number {
    checkVector(this, theta, 'loss');
    const { rows, loss, targets } = this.data;
    let sum = 0;
    const width = this.plan.outputWidth;
    for (let start = 0; start < rows; start += chunkRows) {
      const count = Math.min(chunkRows, rows - start);
      const scores = this.outputs[this.outputs.length - 1]!;
      const input = this.data.inputs.subarray(start * this.plan.inputSize, (start + count) * this.plan.inputSize);
      const crossEntropy = this.crossEntropy;
      if (this.stack && fastDenseStack(input, count, theta, this.stack, scores, crossEntropy)) {
        sum += crossEntropy ? crossEntropySum(crossEntropy.loss, scores, targets, start, count, width, crossEntropy) : lossSum(loss, scores, targets, start, count, width);
      } else {
        sum += lossSum(loss, this.forward(theta, start, count), targets, start, count, width);
      }
    }
    return sum / lossTerms(loss, targets, rows, this.plan.outputWidth);
  }

  lossAndGradient(theta: Float32Array, gradient: Float32Array): number {
    return this.gradientFrom.lossAndGradient(theta, gradient);
  }

  /** The scores of rows [start, start + count): a view of the last layer's buffer. */
  private forward(theta: Float32Array, start: number, count: number): Float32Array {
    const size = this.plan.inputSize;
    let current = this.data.inputs.subarray(start * size, (start + count) * size);
    if (this.plan.before.length > 0) {
      this.input.set(current);
      current = this.input.subarray(0, count * size);
      for (const step of this.plan.before) applyElementwise(step, current, count * size);
    }
    const layers = this.plan.layers;
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i]!;
      const values = count * layer.units;
      const out = this.outputs[i]!.subarray(0, values);
      const bias = layer.biasOffset >= 0 ? theta.subarray(layer.biasOffset, layer.biasOffset + layer.units) : this.noBias[i]!;
      const fused = fusedActivation(layer.after[0]);
      // Product, bias and relu/tanh in one WebAssembly visit when the fast backend runs the product;
      // the same bits as the loops below.
      if (!(fused && fastDenseActivate(current, theta, layer.weightOffset, bias, out, count, layer.inputs, layer.units, fused))) {
        out.fill(0);
        matmulAccumulate(current, theta, out, count, layer.inputs, layer.units, 0, layer.weightOffset, 0);
        addBiasAndActivate(out, values, bias, layer.after[0]);
      }
      for (let s = 1; s < layer.after.length; s++) applyElementwise(layer.after[s]!, out, values);
      current = out;
    }
    return current;
  }
}

/** The plan's layers for `fastDenseStack`: undefined unless every step is a dense layer with at most a relu or tanh after it. */
function wasmStack(plan: DenseStackPlan): DenseStackLayer[] | undefined {
  if (plan.before.length > 0) return undefined;
  const layers: DenseStackLayer[] = [];
  for (const { inputs, units, weightOffset, biasOffset, after } of plan.layers) {
    const activation = after.length > 1 ? undefined : fusedActivation(after[0]);
    if (!activation) return undefined;
    layers.push({ inputs, units, weightOffset, biasOffset, activation });
  }
  return layers;
}

/** The activation the WebAssembly dense kernel applies itself, undefined for any other. */
function fusedActivation(step: { readonly name: string } | undefined): DenseActivation | undefined {
  if (step === undefined) return 'none';
  return step.name === 'relu' || step.name === 'tanh' ? step.name : undefined;
}
