import { silu as siluValue } from '../../../tensor/kernels/activation-math';
import { defineActivation } from '../entry';

export const silu = defineActivation({
  name: 'silu',
  summary: 'SiLU (swish): x·σ(x).',
  doc: 'A smooth, non-monotonic ReLU (EfficientNet, MobileNetV3): small negative outputs for x < 0.',
  args: [],
  torch: 'nn.SiLU',
  example: { input: [5], call: 'silu()' },
  outputUnit: false,
  forward: (t, x) => t.silu(x),
  torchModule: () => 'nn.SiLU()',
  torchFunction: (x) => `F.silu(${x})`,
  // x·Sigmoid(x): opset 17 has no SiLU operator.
  onnx: (graph, x, output) => graph.node('Mul', [x, graph.node('Sigmoid', [x], `${output}/sigmoid`)], output),
  elementwise: () => siluValue,
});
