import { gelu as geluValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const gelu = defineActivation({
  name: 'gelu',
  summary: 'Gaussian error linear unit: x·Φ(x) (exact, erf form).',
  doc: 'x·½(1 + erf(x/√2)), as `nn.GELU()` with its default approximate="none".',
  args: [],
  torch: 'nn.GELU',
  example: { input: [5], call: 'gelu()' },
  outputUnit: false,
  forward: (t, x) => t.gelu(x),
  torchModule: () => 'nn.GELU()',
  torchFunction: (x) => `F.gelu(${x})`,
  onnx: (graph, x, output) => {
    // x·½(1 + erf(x/√2)): the Gelu operator arrives only in opset 20.
    const scaled = graph.node('Div', [x, graph.scalar(Math.SQRT2)], `${output}/scaled`);
    const erf = graph.node('Erf', [scaled], `${output}/erf`);
    const plusOne = graph.node('Add', [erf, graph.scalar(1)], `${output}/plus_one`);
    const times = graph.node('Mul', [x, plusOne], `${output}/times_x`);
    return graph.node('Mul', [times, graph.scalar(0.5)], output);
  },
  elementwise: () => geluValue,
});
