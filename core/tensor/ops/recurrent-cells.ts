import { formatShape } from '../../common/format';
import { needsGrad, record } from '../graph';
import { allocateFloat32 } from '../tape';
import { gruForward, lstmOutputForward, lstmStateForward, type StepGates } from '../kernels/recurrent-cells';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * One LSTM or GRU time step as two (LSTM) or one (GRU) operations, instead of the dozen slices,
 * sums, activations and products of the cell written out (see kernels/recurrent-cells.ts). The
 * gates of step `step` are `inputGates[:, step] + stateGates`: `inputGates` [N, T, G·h] is the
 * input's projection for every step (x·W_ih + biases, computed once), `stateGates` is W_hh·h_{t−1}
 * [N, G·h] (the GRU's first step: b_hh alone, [G·h]). G and the gate order are PyTorch's: LSTM
 * i, f, g, o; GRU r, z, n.
 */

/** The step's gate layout, checking every shape against `inputGates` [N, T, blocks·h]. */
export function stepGates(op: string, blocks: number, inputGates: Tensor, step: number, stateGates: Tensor | undefined): StepGates {
  const [batch, steps, width] = inputGates.shape;
  if (inputGates.shape.length !== 3 || width! % blocks !== 0) throw new Error(`${op}: inputGates must be [N, T, ${blocks}·hidden], got ${formatShape(inputGates.shape)}`);
  if (!Number.isInteger(step) || step < 0 || step >= steps!) throw new Error(`${op}: step ${step} is not a step of inputGates ${formatShape(inputGates.shape)}`);
  const stateBroadcast = stateGates?.shape.length === 1;
  if (stateGates && !(stateBroadcast ? stateGates.shape[0] === width : stateGates.shape.length === 2 && stateGates.shape[0] === batch && stateGates.shape[1] === width)) {
    throw new Error(`${op}: stateGates must be [${batch}, ${width}] or [${width}], got ${formatShape(stateGates.shape)}`);
  }
  return { input: inputGates.data, steps: steps!, step, state: stateGates?.data, stateBroadcast, batch: batch!, hidden: width! / blocks, blocks };
}

function checkState(op: string, name: string, gates: StepGates, state: Tensor | undefined): void {
  if (state && (state.shape.length !== 2 || state.shape[0] !== gates.batch || state.shape[1] !== gates.hidden)) {
    throw new Error(`${op}: ${name} must be [${gates.batch}, ${gates.hidden}], got ${formatShape(state.shape)}`);
  }
}

/**
 * The LSTM's cell state c_t = σ(f) ⊙ c_{t−1} + σ(i) ⊙ tanh(g), [N, h]. At the first step (zero
 * initial state) pass neither `stateGates` nor `previous`: c_1 = σ(i) ⊙ tanh(g).
 */
export function lstmCellState(inputGates: Tensor, step: number, recurrent?: { readonly stateGates: Tensor; readonly previous: Tensor }): Tensor {
  const gates = stepGates('lstmCellState', 4, inputGates, step, recurrent?.stateGates);
  checkState('lstmCellState', 'previous', gates, recurrent?.previous);
  if (gates.stateBroadcast) throw new Error('lstmCellState: stateGates must be [N, 4·hidden]');
  const inputs = recurrent ? [inputGates, recurrent.stateGates, recurrent.previous] : [inputGates];
  const out = result([gates.batch, gates.hidden]);
  const activations = needsGrad(inputs) ? allocateFloat32(3 * out.size, false) : undefined;
  lstmStateForward(gates, recurrent?.previous.data, out.data, activations);
  return activations ? record('lstmCellState', inputs, out, { step, activations }) : out;
}

/** The LSTM's hidden state h_t = σ(o) ⊙ tanh(c_t), [N, h]; `stateGates` as for lstmCellState. */
export function lstmCellOutput(inputGates: Tensor, step: number, cell: Tensor, stateGates?: Tensor): Tensor {
  const gates = stepGates('lstmCellOutput', 4, inputGates, step, stateGates);
  checkState('lstmCellOutput', 'cell', gates, cell);
  if (gates.stateBroadcast) throw new Error('lstmCellOutput: stateGates must be [N, 4·hidden]');
  const inputs = stateGates ? [inputGates, cell, stateGates] : [inputGates, cell];
  const out = result([gates.batch, gates.hidden]);
  const activations = needsGrad(inputs) ? allocateFloat32(2 * out.size, false) : undefined;
  lstmOutputForward(gates, cell.data, out.data, activations);
  return activations ? record('lstmCellOutput', inputs, out, { step, activations }) : out;
}

/**
 * The GRU's h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}, [N, h], with r, z = σ(input + state) and
 * n = tanh(input_n + r ⊙ state_n). `stateGates` is W_hh·h_{t−1} + b_hh, or b_hh [3·h] alone at the
 * first step, where `previous` is absent (a zero initial state).
 */
export function gruCell(inputGates: Tensor, step: number, stateGates: Tensor, previous?: Tensor): Tensor {
  const gates = stepGates('gruCell', 3, inputGates, step, stateGates);
  checkState('gruCell', 'previous', gates, previous);
  const inputs = previous ? [inputGates, stateGates, previous] : [inputGates, stateGates];
  const out = result([gates.batch, gates.hidden]);
  const activations = needsGrad(inputs) ? allocateFloat32(3 * out.size, false) : undefined;
  gruForward(gates, previous?.data, out.data, activations);
  return activations ? record('gruCell', inputs, out, { step, activations }) : out;
}
