import { sigmoid } from './activation-math';

/**
 * The pointwise part of one LSTM or GRU time step, fused: a step's gates are read straight out of
 * the input projection for every step ([N, T, G·h], G gate blocks of h values in PyTorch's order)
 * plus the state's projection W_hh·h ([N, G·h]; for the GRU's first step b_hh alone, [G·h]). One
 * loop per step instead of a dozen taped operations: the composed cell spent most of its time
 * allocating, slicing and walking [N, h] buffers, not computing.
 *
 * The forward loops round to float32 where the composed operations stored a float32 (after each
 * add, product and activation), so they give the composed cell's bits. They keep the gates'
 * activations (`saved`, [N, k·h]) for the backward loops: recomputing them doubled the time, as the
 * exponentials are most of a step. The backward loops sum each derivative in float64 before the
 * one float32 accumulation.
 */
export interface StepGates {
  /** The input projection of every step, [N, T, G·h]. */
  readonly input: Float32Array;
  /** Steps T of `input`. */
  readonly steps: number;
  readonly step: number;
  /** W_hh·h + (b_hh), [N, G·h]; [G·h] shared by every row when `stateBroadcast`; absent at the LSTM's first step. */
  readonly state: Float32Array | undefined;
  readonly stateBroadcast: boolean;
  readonly batch: number;
  readonly hidden: number;
  readonly blocks: number;
}

/** Where row n's gates of this step start in the input projection and in the state's projection. */
function rowStarts(gates: StepGates, n: number): { readonly input: number; readonly state: number } {
  const width = gates.blocks * gates.hidden;
  return { input: (n * gates.steps + gates.step) * width, state: gates.stateBroadcast ? 0 : n * width };
}

/** The pre-activation of gate value k (block·h + j) of a row: input + state, rounded as the composed add. */
function preActivation(gates: StepGates, inputAt: number, stateAt: number, k: number): number {
  const fromInput = gates.input[inputAt + k]!;
  return gates.state === undefined ? fromInput : Math.fround(fromInput + gates.state[stateAt + k]!);
}

/** Adds d into both gradients of gate value k (the input projection's and the state's). */
function accumulateGate(dInput: Float32Array | undefined, dState: Float32Array | undefined, inputAt: number, stateAt: number, k: number, d: number): void {
  if (dInput) dInput[inputAt + k] = dInput[inputAt + k]! + d;
  if (dState) dState[stateAt + k] = dState[stateAt + k]! + d;
}

/** LSTM cell state c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g) (gates i, f, g, o); no c_{t−1} at the first step. Saves σ(i), σ(f), tanh(g) as [N, 3h]. */
export function lstmStateForward(gates: StepGates, previous: Float32Array | undefined, out: Float32Array, saved: Float32Array | undefined): void {
  const h = gates.hidden;
  for (let n = 0; n < gates.batch; n++) {
    const at = rowStarts(gates, n);
    for (let j = 0; j < h; j++) {
      const i = Math.fround(sigmoid(preActivation(gates, at.input, at.state, j)));
      const g = Math.fround(Math.tanh(preActivation(gates, at.input, at.state, 2 * h + j)));
      if (saved) {
        saved[3 * h * n + j] = i;
        saved[3 * h * n + 2 * h + j] = g;
      }
      const written = Math.fround(i * g);
      if (previous === undefined) {
        out[n * h + j] = written;
        continue;
      }
      const f = Math.fround(sigmoid(preActivation(gates, at.input, at.state, h + j)));
      if (saved) saved[3 * h * n + h + j] = f;
      out[n * h + j] = Math.fround(f * previous[n * h + j]!) + written;
    }
  }
}

/** Gradients of lstmStateForward given dc: into gates i, f, g (input projection and state) and c_{t−1}. */
export function lstmStateBackward(gates: StepGates, previous: Float32Array | undefined, saved: Float32Array, dc: Float32Array, dInput: Float32Array | undefined, dState: Float32Array | undefined, dPrevious: Float32Array | undefined): void {
  const h = gates.hidden;
  for (let n = 0; n < gates.batch; n++) {
    const at = rowStarts(gates, n);
    for (let j = 0; j < h; j++) {
      const d = dc[n * h + j]!;
      const i = saved[3 * h * n + j]!;
      const g = saved[3 * h * n + 2 * h + j]!;
      accumulateGate(dInput, dState, at.input, at.state, j, d * g * i * (1 - i));
      accumulateGate(dInput, dState, at.input, at.state, 2 * h + j, d * i * (1 - g * g));
      if (previous === undefined) continue;
      const f = saved[3 * h * n + h + j]!;
      accumulateGate(dInput, dState, at.input, at.state, h + j, d * previous[n * h + j]! * f * (1 - f));
      if (dPrevious) dPrevious[n * h + j] = dPrevious[n * h + j]! + d * f;
    }
  }
}

/** LSTM hidden state h_t = σ(o) ⊙ tanh(c_t). Saves σ(o), tanh(c_t) as [N, 2h]. */
export function lstmOutputForward(gates: StepGates, cell: Float32Array, out: Float32Array, saved: Float32Array | undefined): void {
  const h = gates.hidden;
  for (let n = 0; n < gates.batch; n++) {
    const at = rowStarts(gates, n);
    for (let j = 0; j < h; j++) {
      const o = Math.fround(sigmoid(preActivation(gates, at.input, at.state, 3 * h + j)));
      const tanhCell = Math.fround(Math.tanh(cell[n * h + j]!));
      if (saved) {
        saved[2 * h * n + j] = o;
        saved[2 * h * n + h + j] = tanhCell;
      }
      out[n * h + j] = o * tanhCell;
    }
  }
}

/** Gradients of lstmOutputForward given dh: into gate o and into c_t. */
export function lstmOutputBackward(gates: StepGates, saved: Float32Array, dh: Float32Array, dInput: Float32Array | undefined, dState: Float32Array | undefined, dCell: Float32Array | undefined): void {
  const h = gates.hidden;
  for (let n = 0; n < gates.batch; n++) {
    const at = rowStarts(gates, n);
    for (let j = 0; j < h; j++) {
      const d = dh[n * h + j]!;
      const o = saved[2 * h * n + j]!;
      const tanhCell = saved[2 * h * n + h + j]!;
      accumulateGate(dInput, dState, at.input, at.state, 3 * h + j, d * tanhCell * o * (1 - o));
      if (dCell) dCell[n * h + j] = dCell[n * h + j]! + d * o * (1 - tanhCell * tanhCell);
    }
  }
}

/**
 * GRU h_t = (1 − z) ⊙ n + z ⊙ h_{t−1} with r, z = σ(input + state), n = tanh(input_n + r ⊙ state_n):
 * r multiplies W_hn·h + b_hn, so the n block is not summed before the activation. Computed as the
 * composed cell did: n + z ⊙ (h_{t−1} − n), or n − z ⊙ n at the first step. Saves r, z, n as [N, 3h].
 */
export function gruForward(gates: StepGates, previous: Float32Array | undefined, out: Float32Array, saved: Float32Array | undefined): void {
  const h = gates.hidden;
  const state = gates.state!;
  for (let row = 0; row < gates.batch; row++) {
    const at = rowStarts(gates, row);
    for (let j = 0; j < h; j++) {
      const r = Math.fround(sigmoid(preActivation(gates, at.input, at.state, j)));
      const z = Math.fround(sigmoid(preActivation(gates, at.input, at.state, h + j)));
      const n = Math.fround(Math.tanh(Math.fround(gates.input[at.input + 2 * h + j]! + Math.fround(r * state[at.state + 2 * h + j]!))));
      if (saved) {
        saved[3 * h * row + j] = r;
        saved[3 * h * row + h + j] = z;
        saved[3 * h * row + 2 * h + j] = n;
      }
      out[row * h + j] = previous === undefined ? n - Math.fround(z * n) : n + Math.fround(z * Math.fround(previous[row * h + j]! - n));
    }
  }
}

/**
 * Gradients of gruForward given dh: into the three gate blocks of the input projection and of the
 * state's projection, and into h_{t−1}. A state shared by every row (b_hh at the first step) sums
 * its rows in float64 first.
 */
export function gruBackward(gates: StepGates, previous: Float32Array | undefined, saved: Float32Array, dh: Float32Array, dInput: Float32Array | undefined, dState: Float32Array | undefined, dPrevious: Float32Array | undefined): void {
  const h = gates.hidden;
  const state = gates.state!;
  const shared = gates.stateBroadcast && dState ? new Float64Array(3 * h) : undefined;
  const stateTarget = shared ? undefined : dState;
  for (let row = 0; row < gates.batch; row++) {
    const at = rowStarts(gates, row);
    for (let j = 0; j < h; j++) {
      const d = dh[row * h + j]!;
      const r = saved[3 * h * row + j]!;
      const z = saved[3 * h * row + h + j]!;
      const n = saved[3 * h * row + 2 * h + j]!;
      const before = previous === undefined ? 0 : previous[row * h + j]!;
      const dPreN = d * (1 - z) * (1 - n * n);
      const dPreR = dPreN * state[at.state + 2 * h + j]! * r * (1 - r);
      const dPreZ = d * (before - n) * z * (1 - z);
      accumulateGate(dInput, stateTarget, at.input, at.state, j, dPreR);
      accumulateGate(dInput, stateTarget, at.input, at.state, h + j, dPreZ);
      if (dInput) dInput[at.input + 2 * h + j] = dInput[at.input + 2 * h + j]! + dPreN;
      if (stateTarget) stateTarget[at.state + 2 * h + j] = stateTarget[at.state + 2 * h + j]! + dPreN * r;
      if (shared) {
        shared[j] = shared[j]! + dPreR;
        shared[h + j] = shared[h + j]! + dPreZ;
        shared[2 * h + j] = shared[2 * h + j]! + dPreN * r;
      }
      if (previous !== undefined && dPrevious) dPrevious[row * h + j] = dPrevious[row * h + j]! + d * z;
    }
  }
  if (shared) for (let k = 0; k < shared.length; k++) dState![k] = dState![k]! + shared[k]!;
}
