import { restoreSlots, type Optimizer, type OptimizerState, type TrainableParameter } from './parameter';

export interface AdagradOptions {
  readonly lr: number;
  readonly eps: number;
  /** Coupled L2: g ← g + λθ before the update, as torch.optim.Adagrad's weight_decay. */
  readonly weightDecay: number;
}

/** `torch.optim.Adagrad` (no learning-rate decay, zero initial accumulator): g ← ∇ + λθ, G ← G + g²; θ ← θ − lr·g/(√G + eps). */
export class Adagrad implements Optimizer {
  lr: number;
  private readonly sums: Float32Array[];

  constructor(
    private readonly parameters: readonly TrainableParameter[],
    private readonly options: AdagradOptions,
  ) {
    this.lr = options.lr;
    this.sums = parameters.map((p) => new Float32Array(p.data.length));
  }

  saveState(): OptimizerState {
    return { steps: 0, slots: new Map([['sum', this.sums.map((s) => Float32Array.from(s))]]) };
  }

  loadState(state: OptimizerState): string | undefined {
    return restoreSlots(state, new Map([['sum', this.sums]]));
  }

  step(): void {
    const { eps, weightDecay } = this.options;
    this.parameters.forEach((parameter, index) => {
      const { data, grad } = parameter;
      const sum = this.sums[index]!;
      for (let i = 0; i < data.length; i++) {
        const g = grad[i]! + weightDecay * data[i]!;
        const s = (sum[i] = sum[i]! + g * g);
        data[i] = data[i]! - (this.lr * g) / (Math.sqrt(s) + eps);
      }
    });
  }
}
