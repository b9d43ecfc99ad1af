import { mish as mishValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const mish = defineActivation({
  name: 'mish',
  summary: 'Mish: x·tanh(softplus(x)).',
  doc: 'A smooth, non-monotonic ReLU close to SiLU (YOLOv4).',
  args: [],
  torch: 'nn.Mish',
  example: { input: [5], call: 'mish()' },
  outputUnit: false,
  forward: (t, x) => t.mish(x),
  torchModule: () => 'nn.Mish()',
  torchFunction: (x) => `F.mish(${x})`,
  onnx: (graph, x, output) => {
    // x·tanh(softplus(x)): the Mish operator arrives only in opset 18.
    const softplus = graph.node('Softplus', [x], `${output}/softplus`);
    return graph.node('Mul', [x, graph.node('Tanh', [softplus], `${output}/tanh`)], output);
  },
  elementwise: () => mishValue,
});
