import { restoreSlots, type Optimizer, type OptimizerState, type TrainableParameter } from './parameter';

export interface RmspropOptions {
  readonly lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly momentum: number;
  /** Coupled L2: g ← g + λθ before the update, as torch.optim.RMSprop's weight_decay. */
  readonly weightDecay: number;
}

/**
 * `torch.optim.RMSprop` (not centred): g ← ∇ + λθ, v ← αv + (1 − α)g²; with momentum μ: b ← μb + g/(√v + eps),
 * θ ← θ − lr·b; without: θ ← θ − lr·g/(√v + eps).
 */
export class Rmsprop implements Optimizer {
  lr: number;
  private readonly squareAverages: Float32Array[];
  private readonly buffers: Float32Array[];

  constructor(
    private readonly parameters: readonly TrainableParameter[],
    private readonly options: RmspropOptions,
  ) {
    this.lr = options.lr;
    this.squareAverages = parameters.map((p) => new Float32Array(p.data.length));
    this.buffers = parameters.map((p) => new Float32Array(options.momentum > 0 ? p.data.length : 0));
  }

  /** The slots this optimizer keeps: the momentum buffer only with momentum. */
  private ownSlots(): Map<string, Float32Array[]> {
    const slots = new Map([['square_avg', this.squareAverages]]);
    if (this.options.momentum > 0) slots.set('momentum_buffer', this.buffers);
    return slots;
  }

  saveState(): OptimizerState {
    return { steps: 0, slots: new Map([...this.ownSlots()].map(([name, arrays]) => [name, arrays.map((a) => Float32Array.from(a))])) };
  }

  loadState(state: OptimizerState): string | undefined {
    return restoreSlots(state, this.ownSlots());
  }

  step(): void {
    const { alpha, eps, momentum, weightDecay } = this.options;
    this.parameters.forEach((parameter, index) => {
      const { data, grad } = parameter;
      const v = this.squareAverages[index]!;
      const b = this.buffers[index]!;
      for (let i = 0; i < data.length; i++) {
        const g = grad[i]! + weightDecay * data[i]!;
        const vi = (v[i] = alpha * v[i]! + (1 - alpha) * g * g);
        const scaled = g / (Math.sqrt(vi) + eps);
        if (momentum > 0) data[i] = data[i]! - this.lr * (b[i] = momentum * b[i]! + scaled);
        else data[i] = data[i]! - this.lr * scaled;
      }
    });
  }
}
