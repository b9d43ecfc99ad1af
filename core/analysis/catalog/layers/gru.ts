import { defineLayer } from '../entry';
import type * as Tensor from '../../../tensor';
import { hiddenArg, inferRecurrent, onnxRecurrent, recurrentOutput, recurrentParameters, returnArg, returnsLast, torchCall, torchModule } from './recurrent';

/** PyTorch's gate blocks r, z, n in ONNX's order z, r, h. */
const onnxGateOrder = [1, 0, 2];

export const gru = defineLayer({
  name: 'gru',
  category: 'recurrent',
  summary: 'Gated recurrent unit over a sequence: [T, d] → [T, hidden] (or [hidden] with `return: last`).',
  doc:
    'Like `torch.nn.GRU(d, hidden, batch_first=True)` with a zero initial state: r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z likewise, n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}. ' +
    'Parameters 3·h·(d + h) + 2·3·h (two bias vectors, as PyTorch: nn.GRU(32, 64) has 18,816); multiply-adds T·3·h·(d + h). Initialised as PyTorch: every tensor U(−1/√h, 1/√h).',
  args: [hiddenArg, returnArg],
  example: { input: [4, 3], call: 'gru(5)' },
  readsTokens: false,
  infer: (context) => inferRecurrent('gru', 3, context),
  parameters: (layer) => recurrentParameters(3, layer),

  forward: ({ t, input, args, parameter }) => {
    const steps = input.shape[1]!;
    const projected = t.addBias(t.matmul(input, parameter('weight_ih_l0')), parameter('bias_ih_l0'));
    const recurrence = parameter('weight_hh_l0');
    const recurrenceBias = parameter('bias_hh_l0');
    const states: Tensor.Tensor[] = [];
    let h: Tensor.Tensor | undefined;
    for (let step = 0; step < steps; step++) {
      // W_hh·h + b_hh; from the zero initial state only b_hh remains (shared by every row).
      const stateGates = h ? t.addBias(t.matmul(h, recurrence), recurrenceBias) : recurrenceBias;
      h = t.gruCell(projected, step, stateGates, h);
      states.push(h);
    }
    return recurrentOutput(t, states, returnsLast({ args }));
  },

  torch: { module: (layer) => torchModule('GRU', layer), call: torchCall },
  // PyTorch applies r after W_hn·h + b_hn: ONNX's linear_before_reset = 1.
  onnx: (context) => onnxRecurrent('GRU', onnxGateOrder, [context.graph.int('linear_before_reset', 1)], context),
  // Per step the tape keeps 7·h values (W_hh·h, + b_hh, h) besides 6·h for the projection of x_t (the product and its bias sum).
  savedValues: ({ input, args }) => input[0]! * 13 * args.number('hidden'),
});
