import { pyFloat } from '../../../export/pytorch/python';
import { defineActivation } from '../entry';

export const leakyRelu = defineActivation({
  name: 'leaky_relu',
  summary: 'Leaky ReLU: x for x > 0, slope·x otherwise.',
  doc: 'Keeps a small gradient for negative inputs, so units cannot die.',
  args: [{ name: 'slope', type: { kind: 'number', min: 0 }, default: 0.01, doc: 'Slope for negative inputs (PyTorch `negative_slope`).' }],
  torch: 'nn.LeakyReLU',
  example: { input: [5], call: 'leaky_relu(slope: 0.2)' },
  outputUnit: false,
  forward: (t, x, args) => t.leakyRelu(x, args.number('slope')),
  torchModule: (args) => `nn.LeakyReLU(negative_slope=${pyFloat(args.number('slope'))})`,
  torchFunction: (x, args) => `F.leaky_relu(${x}, negative_slope=${pyFloat(args.number('slope'))})`,
  onnx: (graph, x, output, args) => graph.node('LeakyRelu', [x], output, [graph.float('alpha', args.number('slope'))]),
  elementwise: (args) => {
    const slope = args.number('slope');
    return (x) => (x > 0 ? x : slope * x);
  },
});
