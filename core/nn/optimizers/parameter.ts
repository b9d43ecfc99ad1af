/**
 * What an optimizer updates: a parameter's values and its gradient, as flat float32 arrays. A
 * tensor from core/tensor fits this shape; optimizers need nothing else from the engine.
 */
export interface TrainableParameter {
  readonly data: Float32Array;
  readonly grad: Float32Array;
}

/** One optimizer: `step()` updates every parameter from its current gradient, in place. */
export interface Optimizer {
  /** The learning rate of the next step; schedules set it once per epoch. */
  lr: number;
  step(): void;
  /** Copies of the state the next step reads. */
  saveState(): OptimizerState;
  /** Replaces the state with a saved one; returns why it does not fit (then nothing changed). */
  loadState(state: OptimizerState): string | undefined;
}

/**
 * What an optimizer remembers between steps, under torch.optim's state names: per slot
 * (`exp_avg`, `exp_avg_sq`, `momentum_buffer`, `square_avg`, `sum`) one array per parameter in the
 * optimizer's parameter order, and the steps taken. A checkpoint stores it so that a resumed run
 * equals one that never stopped.
 */
export interface OptimizerState {
  readonly steps: number;
  readonly slots: ReadonlyMap<string, readonly Float32Array[]>;
}

/** Copies saved slots into an optimizer's own arrays; returns what does not fit (nothing is written then). */
export function restoreSlots(saved: OptimizerState, own: ReadonlyMap<string, Float32Array[]>): string | undefined {
  for (const name of saved.slots.keys()) if (!own.has(name)) return `the optimizer has no state '${name}'`;
  for (const [name, arrays] of own) {
    const values = saved.slots.get(name);
    if (!values) return `the optimizer state '${name}' is missing`;
    if (values.length !== arrays.length) return `the optimizer state '${name}' has ${values.length} tensors; the model has ${arrays.length} parameters`;
    const misfit = arrays.findIndex((array, i) => array.length !== values[i]!.length);
    if (misfit >= 0) return `the optimizer state '${name}' of parameter ${misfit + 1} has ${values[misfit]!.length} values; it needs ${arrays[misfit]!.length}`;
  }
  for (const [name, arrays] of own) arrays.forEach((array, i) => array.set(saved.slots.get(name)![i]!));
  return undefined;
}
