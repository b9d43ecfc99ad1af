import { axpy } from '../../tensor/kernels/elementwise';
import { restoreSlots, type Optimizer, type OptimizerState, type TrainableParameter } from './parameter';

export interface SgdOptions {
  readonly lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
}

/**
 * `torch.optim.SGD` (dampening 0): g ← ∇ + λθ; with momentum μ: b ← μb + g (b = g on the first
 * step), and the step direction is b, or g + μb with Nesterov; θ ← θ − lr·direction.
 */
export class Sgd implements Optimizer {
  lr: number;
  private readonly buffers: Array<Float32Array | undefined>;

  constructor(
    private readonly parameters: readonly TrainableParameter[],
    private readonly options: SgdOptions,
  ) {
    this.lr = options.lr;
    this.buffers = parameters.map(() => undefined);
  }

  /** The momentum buffer b of parameter `index` (undefined before the first step or without momentum); read it, never write it. */
  momentumBuffer(index: number): Readonly<Float32Array> | undefined {
    return this.buffers[index];
  }

  /** Momentum buffers exist from the first step with momentum on (torch.optim.SGD's rule: b = g on that step). */
  saveState(): OptimizerState {
    const buffers = this.buffers.filter((b): b is Float32Array => b !== undefined);
    const slots = new Map<string, Float32Array[]>();
    if (buffers.length > 0 && buffers.length === this.buffers.length) slots.set('momentum_buffer', buffers.map((b) => Float32Array.from(b)));
    return { steps: 0, slots };
  }

  loadState(state: OptimizerState): string | undefined {
    if (!state.slots.has('momentum_buffer')) return restoreSlots(state, new Map());
    if (this.options.momentum === 0) return 'the optimizer state has momentum buffers; this sgd has no momentum';
    const fresh = this.parameters.map((p) => new Float32Array(p.data.length));
    const problem = restoreSlots(state, new Map([['momentum_buffer', fresh]]));
    if (problem === undefined) fresh.forEach((buffer, i) => (this.buffers[i] = buffer));
    return problem;
  }

  step(): void {
    const { momentum, nesterov, weightDecay } = this.options;
    // Plain SGD is θ ← θ − lr·∇: one axpy (WebAssembly SIMD, same bits as the loop below).
    if (momentum === 0 && weightDecay === 0) {
      for (const { data, grad } of this.parameters) axpy(data, -this.lr, grad);
      return;
    }
    this.parameters.forEach((parameter, index) => {
      const { data, grad } = parameter;
      let buffer = this.buffers[index];
      const first = buffer === undefined;
      if (momentum !== 0 && buffer === undefined) buffer = this.buffers[index] = new Float32Array(data.length);
      for (let i = 0; i < data.length; i++) {
        let g = grad[i]! + weightDecay * data[i]!;
        if (buffer) {
          const b = first ? g : momentum * buffer[i]! + g;
          buffer[i] = b;
          g = nesterov ? g + momentum * b : b;
        }
        data[i] = data[i]! - this.lr * g;
      }
    });
  }
}
