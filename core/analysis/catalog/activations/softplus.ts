import { softplus as softplusValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const softplus = defineActivation({
  name: 'softplus',
  summary: 'Softplus log(1 + eˣ).',
  doc: 'A smooth ReLU; its derivative is the sigmoid.',
  args: [],
  torch: 'nn.Softplus',
  example: { input: [5], call: 'softplus()' },
  outputUnit: false,
  forward: (t, x) => t.softplus(x),
  torchModule: () => 'nn.Softplus()',
  torchFunction: (x) => `F.softplus(${x})`,
  onnx: (graph, x, output) => graph.node('Softplus', [x], output),
  elementwise: () => softplusValue,
});
