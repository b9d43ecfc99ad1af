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
}
