import { defineActivation } from '../entry';

export const relu6 = defineActivation({
  name: 'relu6',
  summary: 'ReLU capped at 6: min(max(0, x), 6).',
  doc: 'Bounded for low-precision inference (MobileNetV2).',
  args: [],
  torch: 'nn.ReLU6',
  example: { input: [5], call: 'relu6()' },
  outputUnit: false,
  forward: (t, x) => t.relu6(x),
  torchModule: () => 'nn.ReLU6()',
  torchFunction: (x) => `F.relu6(${x})`,
  // Since opset 11 Clip reads its bounds as inputs, not attributes.
  onnx: (graph, x, output) => graph.node('Clip', [x, graph.scalar(0), graph.scalar(6)], output),
  elementwise: () => (x) => Math.min(Math.max(x, 0), 6),
});
