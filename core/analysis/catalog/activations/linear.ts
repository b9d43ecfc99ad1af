import { defineActivation } from '../entry';

export const linear = defineActivation({
  name: 'linear',
  summary: 'Identity: f(x) = x.',
  doc: 'No non-linearity; the layer stays affine. Use it for regression outputs and logits.',
  args: [],
  torch: 'nn.Identity',
  example: { input: [5], call: 'linear()' },
  outputUnit: false,
  forward: (_t, x) => x,
  torchModule: () => 'nn.Identity()',
  torchFunction: () => undefined,
  onnx: (_graph, x) => x,
  elementwise: 'identity',
});
