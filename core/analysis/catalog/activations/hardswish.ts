import { hardswish as hardswishValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const hardswish = defineActivation({
  name: 'hardswish',
  summary: 'Hard swish: x·relu6(x + 3)/6.',
  doc: 'A piecewise-quadratic SiLU without exponentials (MobileNetV3): 0 for x ≤ −3, x for x ≥ 3.',
  args: [],
  torch: 'nn.Hardswish',
  example: { input: [5], call: 'hardswish()' },
  outputUnit: false,
  forward: (t, x) => t.hardswish(x),
  torchModule: () => 'nn.Hardswish()',
  torchFunction: (x) => `F.hardswish(${x})`,
  onnx: (graph, x, output) => graph.node('HardSwish', [x], output),
  elementwise: () => hardswishValue,
});
