import { defineActivation } from '../entry';

export const relu = defineActivation({
  name: 'relu',
  summary: 'Rectified linear unit: max(0, x).',
  doc: 'Cheap and non-saturating for x > 0; a unit whose input stays ≤ 0 on every sample is "dead" (gradient 0).',
  args: [],
  torch: 'nn.ReLU',
  example: { input: [5], call: 'relu()' },
  outputUnit: false,
  forward: (t, x) => t.relu(x),
  torchModule: () => 'nn.ReLU()',
  torchFunction: (x) => `F.relu(${x})`,
  onnx: (graph, x, output) => graph.node('Relu', [x], output),
  // (x + |x|)/2 is exact and branch-free: a sign test mispredicts on half the values.
  elementwise: () => (x) => (x + Math.abs(x)) * 0.5,
});
