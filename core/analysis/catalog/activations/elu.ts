import { pyFloat } from '../../../export/pytorch/python';
import { defineActivation } from '../entry';

export const elu = defineActivation({
  name: 'elu',
  summary: 'Exponential linear unit: x for x > 0, alpha·(eˣ − 1) otherwise.',
  doc: 'Smooth, with negative outputs that push mean activations toward zero.',
  args: [{ name: 'alpha', type: { kind: 'number', min: 0 }, default: 1.0, doc: 'Value the function approaches for large negative inputs (−alpha).' }],
  torch: 'nn.ELU',
  example: { input: [5], call: 'elu(alpha: 0.5)' },
  outputUnit: false,
  forward: (t, x, args) => t.elu(x, args.number('alpha')),
  torchModule: (args) => `nn.ELU(alpha=${pyFloat(args.number('alpha'))})`,
  torchFunction: (x, args) => `F.elu(${x}, alpha=${pyFloat(args.number('alpha'))})`,
  onnx: (graph, x, output, args) => graph.node('Elu', [x], output, [graph.float('alpha', args.number('alpha'))]),
  elementwise: (args) => {
    const alpha = args.number('alpha');
    return (x) => (x > 0 ? x : alpha * Math.expm1(x));
  },
});
