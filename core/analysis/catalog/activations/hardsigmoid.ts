import { hardsigmoid as hardsigmoidValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const hardsigmoid = defineActivation({
  name: 'hardsigmoid',
  summary: 'Hard sigmoid: relu6(x + 3)/6, range [0, 1].',
  doc: 'A piecewise-linear sigmoid (MobileNetV3 squeeze-excitation gates): 0 for x ≤ −3, 1 for x ≥ 3.',
  args: [],
  torch: 'nn.Hardsigmoid',
  example: { input: [5], call: 'hardsigmoid()' },
  outputUnit: false,
  forward: (t, x) => t.hardsigmoid(x),
  torchModule: () => 'nn.Hardsigmoid()',
  torchFunction: (x) => `F.hardsigmoid(${x})`,
  // ONNX's default slope is 0.2 (Keras'); PyTorch's is 1/6.
  onnx: (graph, x, output) => graph.node('HardSigmoid', [x], output, [graph.float('alpha', 1 / 6), graph.float('beta', 0.5)]),
  elementwise: () => hardsigmoidValue,
});
