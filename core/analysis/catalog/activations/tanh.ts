import { fastTanh } from '../../../inspect/fast-tanh';
import { defineActivation } from '../entry';

export const tanh = defineActivation({
  name: 'tanh',
  summary: 'Hyperbolic tangent, range (−1, 1).',
  doc: 'Zero-centred but saturating: |tanh| near 1 gives a gradient near 0.',
  args: [],
  torch: 'nn.Tanh',
  example: { input: [5], call: 'tanh()' },
  outputUnit: false,
  forward: (t, x) => t.tanh(x),
  torchModule: () => 'nn.Tanh()',
  torchFunction: (x) => `torch.tanh(${x})`,
  onnx: (graph, x, output) => graph.node('Tanh', [x], output),
  // A faithful rational tanh: Math.tanh would be half of a tanh MLP's landscape time.
  elementwise: () => fastTanh,
});
