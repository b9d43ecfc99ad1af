import { defineLayer, noParameters, savesNothing } from '../entry';
import { requireImage } from './shared';

export const globalavgpool2d = defineLayer({
  name: 'globalavgpool2d',
  category: 'pooling',
  summary: 'Average of each channel over H and W: [C, H, W] → [C].',
  doc: 'Like `nn.AdaptiveAvgPool2d(1)` followed by flattening.',
  args: [],
  example: { input: [3, 4, 5], call: 'globalavgpool2d()' },
  readsTokens: false,
  infer: ({ input }) =>
    requireImage('globalavgpool2d', input, 'apply it to the output of a conv2d or pooling layer') ?? { output: [input[0] as number], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' },
  parameters: noParameters,
  forward: ({ t, input }) => t.globalAvgPool2d(input),
  torch: { module: () => 'nn.AdaptiveAvgPool2d(1)', call: (module, [x]) => `${module}(${x!}).flatten(1)` },
  onnx: ({ graph, x, y }) => graph.node('Flatten', [graph.node('GlobalAveragePool', [x], `${y}/pool`)], y, [graph.int('axis', 1)]),
  savedValues: savesNothing,
});
