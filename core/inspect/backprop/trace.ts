/**
 * The step-through of one training step at the level of single numbers, as plain data (it crosses
 * to the webview as JSON): the engine's tape drawn as scalars and edges, then per optimizer and per
 * iteration the forward values, the backward steps in the tape's order with their chain-rule
 * products, a finite-difference check of each weight's gradient, and each weight's update.
 */

/** What a tensor of the step is: the example's input, a trainable weight, a value the tape computed, the loss. */
export type TraceTensorRole = 'input' | 'weight' | 'constant' | 'value' | 'loss';

export interface TraceTensor {
  /** Short name used in formulas: `x`, `W1`, `b1`, `v3`, `L`. */
  readonly symbol: string;
  /** What it is: `input`, `dense_1.weight`, `matmul(x, W1)`, `cross_entropy(v5, y)`. */
  readonly description: string;
  readonly role: TraceTensorRole;
  /** Its shape without the batch axis (one example). */
  readonly shape: readonly number[];
  /** The layer that computed or owns it (null for the input and the loss). */
  readonly layer: string | null;
  /** The layer's statement in the document (UTF-16 offsets), for "jump from the source line". */
  readonly range: { readonly start: number; readonly end: number } | null;
  /** Its scalars are scalars[firstScalar, firstScalar + size). */
  readonly firstScalar: number;
  readonly size: number;
}

export interface TraceScalar {
  readonly tensor: number;
  /** `W1[0,3]`. */
  readonly label: string;
}

/** out depends on in: the backward pass sends ∂L/∂out · ∂out/∂in along it (from `to` back to `from`). */
export interface TraceEdge {
  readonly from: number;
  readonly to: number;
}

export interface ForwardStep {
  /** The tensor this step computed (every one of its scalars gets its value). */
  readonly tensor: number;
  readonly text: string;
}

/** One factor pair of the chain rule: ∂L/∂(edge.to) · ∂(edge.to)/∂(edge.from). */
export interface BackwardTerm {
  readonly edge: number;
  /** ∂L/∂out, the gradient arriving from above. */
  readonly upstream: number;
  /** ∂out/∂in, the local derivative (read from the op's rule in the gradient table). */
  readonly local: number;
}

/** One scalar receiving its gradient from one tape node (or the loss), in the engine's backward order. */
export interface BackwardStep {
  readonly scalar: number;
  /** The op whose rule ran (`matmul`, `tanh`, …), or the loss name for the seed. */
  readonly op: string;
  readonly terms: readonly BackwardTerm[];
  /** Its gradient before and after this step, as the engine holds them (float32). */
  readonly before: number;
  readonly after: number;
  /** `∂L/∂W1[0,1] = ∂L/∂v1[1] · ∂v1[1]/∂W1[0,1] = 0.31 · 0.5 = 0.155`. */
  readonly text: string;
}

export interface GradientCheck {
  readonly scalar: number;
  /** The tape's gradient. */
  readonly tape: number;
  /** A central finite difference of the loss (Richardson-extrapolated, see finite-difference.ts). */
  readonly finiteDifference: number;
  readonly agrees: boolean;
}

export interface WeightUpdate {
  readonly scalar: number;
  readonly before: number;
  readonly gradient: number;
  /** The weight after the project's optimizer ran. */
  readonly after: number;
  /** The update's formula with this weight's numbers, one line per equation. */
  readonly lines: readonly string[];
}

/** One training step on the example: forward, backward, optimizer. */
export interface TraceIteration {
  /** Per scalar: its forward value (the loss's scalar included). */
  readonly values: readonly number[];
  /** Per scalar: ∂L/∂scalar after the backward pass (null where the tape computes none). */
  readonly gradients: readonly (number | null)[];
  readonly loss: number;
  readonly forward: readonly ForwardStep[];
  readonly backward: readonly BackwardStep[];
  readonly checks: readonly GradientCheck[];
  readonly updates: readonly WeightUpdate[];
}

export interface OptimizerTrace {
  /** `sgd(lr: 0.05, momentum: 0.9)`. */
  readonly label: string;
  /** Whether this is the train block's own optimizer. */
  readonly fromFile: boolean;
  readonly iterations: readonly TraceIteration[];
}

export interface BackpropTrace {
  readonly model: string;
  readonly loss: string;
  /** How the example and the loss are read (which scores the fused loss takes, the target). */
  readonly notes: readonly string[];
  readonly tensors: readonly TraceTensor[];
  readonly scalars: readonly TraceScalar[];
  readonly edges: readonly TraceEdge[];
  readonly optimizers: readonly OptimizerTrace[];
}

/** The trace, or why there is none (too large, errors in the file). */
export type BackpropResult = { readonly ok: true; readonly trace: BackpropTrace } | { readonly ok: false; readonly message: string };
