import { formatShape } from '../../../common/format';
import { elementCount } from '../../shape-math';
import { applyModule, defineLayer, noParameters, savesNothing } from '../entry';
import type { LayerContext, LayerResult, ShapeProblem } from '../types';
import { problem } from './shared';

function flattenRule({ input, args }: LayerContext): LayerResult | ShapeProblem {
  const start = args.number('start_axis');
  if (start >= input.length) {
    return problem('DL416', `flatten's start_axis ${start} is past the last axis of ${formatShape(input)} (axes count from 0 and exclude the batch: 0 … ${input.length - 1})`, 'start_axis');
  }
  return { output: [...input.slice(0, start), elementCount(input.slice(start))], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

export const flatten = defineLayer({
  name: 'flatten',
  category: 'shape',
  summary: 'Flattens the sample from `start_axis` on into one axis: [C, H, W] → [C·H·W]; flatten(1) → [C, H·W].',
  doc: 'Axes exclude the batch: `flatten()` is `nn.Flatten()` (start_dim=1), `flatten(k)` is `nn.Flatten(start_dim=k + 1)`.',
  args: [{ name: 'start_axis', type: { kind: 'integer', min: 0 }, positional: true, default: 0, doc: 'The first per-sample axis to merge (0: the whole sample); the axes before it stay.' }],
  example: { input: [2, 3, 2], call: 'flatten(1)' },
  readsTokens: false,
  infer: flattenRule,
  parameters: noParameters,
  forward: ({ t, input, args }) => t.flatten(input, args.number('start_axis') + 1),
  torch: { module: ({ args }) => (args.number('start_axis') === 0 ? 'nn.Flatten()' : `nn.Flatten(start_dim=${args.number('start_axis') + 1})`), call: applyModule },
  // ONNX's Flatten always makes a matrix: past axis 0 a Reshape keeps the leading axes (its 0 copies the batch).
  onnx: ({ graph, x, y, args, output }) =>
    args.number('start_axis') === 0 ? graph.node('Flatten', [x], y, [graph.int('axis', 1)]) : graph.node('Reshape', [x, graph.int64s([0, ...output])], y),
  savedValues: savesNothing,
});
