import { sigmoid as sigmoidValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const sigmoid = defineActivation({
  name: 'sigmoid',
  summary: 'Logistic sigmoid 1/(1 + e⁻ˣ), range (0, 1).',
  doc: 'The output unit for a Bernoulli likelihood (binary cross-entropy); saturates for large |x|.',
  args: [],
  torch: 'nn.Sigmoid',
  example: { input: [5], call: 'sigmoid()' },
  outputUnit: true,
  forward: (t, x) => t.sigmoid(x),
  torchModule: () => 'nn.Sigmoid()',
  torchFunction: (x) => `torch.sigmoid(${x})`,
  onnx: (graph, x, output) => graph.node('Sigmoid', [x], output),
  elementwise: () => sigmoidValue,
});
