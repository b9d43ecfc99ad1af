import { adamUpdate, type AdamSlots } from '../../tensor/kernels/adam';
import { restoreSlots, type Optimizer, type OptimizerState, type TrainableParameter } from './parameter';

export interface AdamOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: θ ← θ(1 − lr·λ) before the step, instead of adding λθ to the gradient. */
  readonly decoupled: boolean;
}

/**
 * `torch.optim.Adam` and `torch.optim.AdamW`, with bias correction, in PyTorch's order of
 * operations: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², t ← t + 1,
 * θ ← θ − (lr / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + eps).
 */
export class Adam implements Optimizer {
  lr: number;
  private readonly firstMoments: Float32Array[];
  private readonly secondMoments: Float32Array[];
  private steps = 0;
  private readonly slots: AdamSlots;

  constructor(
    private readonly parameters: readonly TrainableParameter[],
    private readonly options: AdamOptions,
  ) {
    this.lr = options.lr;
    this.firstMoments = parameters.map((p) => new Float32Array(p.data.length));
    this.secondMoments = parameters.map((p) => new Float32Array(p.data.length));
    this.slots = { parameters, firstMoments: this.firstMoments, secondMoments: this.secondMoments };
  }

  /** Steps taken (t of the bias correction). */
  get stepCount(): number {
    return this.steps;
  }

  /** The first and second moments m and v of parameter `index`; read them, never write them. */
  moments(index: number): { readonly m: Readonly<Float32Array>; readonly v: Readonly<Float32Array> } {
    return { m: this.firstMoments[index]!, v: this.secondMoments[index]! };
  }

  saveState(): OptimizerState {
    return { steps: this.steps, slots: new Map([['exp_avg', this.firstMoments.map((m) => Float32Array.from(m))], ['exp_avg_sq', this.secondMoments.map((v) => Float32Array.from(v))]]) };
  }

  loadState(state: OptimizerState): string | undefined {
    const problem = restoreSlots(state, new Map([['exp_avg', this.firstMoments], ['exp_avg_sq', this.secondMoments]]));
    if (problem === undefined) this.steps = state.steps;
    return problem;
  }

  step(): void {
    const { beta1, beta2, eps, weightDecay, decoupled } = this.options;
    this.steps++;
    const stepSize = this.lr / (1 - Math.pow(beta1, this.steps));
    const correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, this.steps));
    const decay = decoupled ? 1 - this.lr * weightDecay : 1;
    const coupled = decoupled ? 0 : weightDecay;
    adamUpdate(this.slots, { beta1, beta2, eps, stepSize, correction2Sqrt, decay, coupled });
  }
}
