import { defineLayer } from '../entry';
import type * as Tensor from '../../../tensor';
import { hiddenArg, inferRecurrent, onnxRecurrent, recurrentOutput, recurrentParameters, returnArg, returnsLast, torchCall, torchModule } from './recurrent';

/** PyTorch's gate blocks i, f, g, o in ONNX's order i, o, f, c. */
const onnxGateOrder = [0, 3, 1, 2];

export const lstm = defineLayer({
  name: 'lstm',
  category: 'recurrent',
  summary: 'Long short-term memory over a sequence: [T, d] → [T, hidden] (or [hidden] with `return: last`).',
  doc:
    'Like `torch.nn.LSTM(d, hidden, batch_first=True)` with a zero initial state: gates i, f, g, o from W_ih·x_t + b_ih + W_hh·h_{t−1} + b_hh; c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t). ' +
    'Parameters 4·h·(d + h) + 2·4·h (two bias vectors, as PyTorch: nn.LSTM(32, 64) has 25,088); multiply-adds T·4·h·(d + h). Initialised as PyTorch: every tensor U(−1/√h, 1/√h).',
  args: [hiddenArg, returnArg],
  example: { input: [4, 3], call: 'lstm(5, return: last)' },
  readsTokens: false,
  infer: (context) => inferRecurrent('lstm', 4, context),
  parameters: (layer) => recurrentParameters(4, layer),

  forward: ({ t, input, args, parameter }) => {
    const steps = input.shape[1]!;
    // Both bias vectors join the input's projection once, for every step: W_ih·x_t + b_ih + b_hh.
    const projected = t.addBias(t.addBias(t.matmul(input, parameter('weight_ih_l0')), parameter('bias_ih_l0')), parameter('bias_hh_l0'));
    const recurrence = parameter('weight_hh_l0');
    const states: Tensor.Tensor[] = [];
    let h: Tensor.Tensor | undefined;
    let c: Tensor.Tensor | undefined;
    for (let step = 0; step < steps; step++) {
      // The zero initial state contributes nothing: the first step has no W_hh·h and no f ⊙ c.
      const stateGates = h && t.matmul(h, recurrence);
      c = stateGates ? t.lstmCellState(projected, step, { stateGates, previous: c! }) : t.lstmCellState(projected, step);
      h = t.lstmCellOutput(projected, step, c, stateGates);
      states.push(h);
    }
    return recurrentOutput(t, states, returnsLast({ args }));
  },

  torch: { module: (layer) => torchModule('LSTM', layer), call: torchCall },
  onnx: (context) => onnxRecurrent('LSTM', onnxGateOrder, [], context),
  // Per step the tape keeps 6·h values (W_hh·h, c, h) besides 12·h for the projection of x_t (the product and its two bias sums).
  savedValues: ({ input, args }) => input[0]! * 18 * args.number('hidden'),
});
