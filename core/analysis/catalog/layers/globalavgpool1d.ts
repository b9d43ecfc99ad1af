import { defineLayer, noParameters, savesNothing } from '../entry';
import { requireSequence } from './shared';

export const globalavgpool1d = defineLayer({
  name: 'globalavgpool1d',
  category: 'pooling',
  summary: 'Average of each channel over its length: [C, L] → [C].',
  doc: 'Like `nn.AdaptiveAvgPool1d(1)` followed by flattening.',
  args: [],
  example: { input: [3, 7], call: 'globalavgpool1d()' },
  readsTokens: false,
  infer: ({ input }) => requireSequence('globalavgpool1d', input) ?? { output: [input[0] as number], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' },
  parameters: noParameters,
  forward: ({ t, input }) => t.globalAvgPool1d(input),
  torch: { module: () => 'nn.AdaptiveAvgPool1d(1)', call: (module, [x]) => `${module}(${x!}).flatten(1)` },
  onnx: ({ graph, x, y }) => graph.node('Flatten', [graph.node('GlobalAveragePool', [x], `${y}/pool`)], y, [graph.int('axis', 1)]),
  savedValues: savesNothing,
});
