import { defineActivation } from '../entry';

export const softmax = defineActivation({
  name: 'softmax',
  summary: 'Softmax over the last axis: eˣⁱ / Σⱼ eˣʲ.',
  doc: 'The output unit for a categorical likelihood; with `cross_entropy` the loss is computed stably from the logits before it.',
  args: [],
  torch: 'nn.Softmax(dim=-1)',
  example: { input: [5], call: 'softmax()' },
  outputUnit: true,
  forward: (t, x) => t.softmax(x),
  torchModule: () => 'nn.Softmax(dim=-1)',
  torchFunction: (x) => `torch.softmax(${x}, dim=-1)`,
  onnx: (graph, x, output) => graph.node('Softmax', [x], output, [graph.int('axis', -1)]),
  // Not element-wise: a dense stack ending in it is evaluated around it or by the network.
  elementwise: 'none',
});
