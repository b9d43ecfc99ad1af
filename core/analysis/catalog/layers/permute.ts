import { formatShape } from '../../../common/format';
import { defineLayer, noParameters, savesNothing } from '../entry';
import type { LayerContext, LayerResult, ShapeProblem } from '../types';
import { problem } from './shared';

/** True when `axes` lists each of 0 … rank − 1 once. */
const isPermutation = (axes: readonly number[], rank: number): boolean => axes.length === rank && new Set(axes).size === rank && axes.every((axis) => axis < rank);

function permuteRule({ input, args }: LayerContext): LayerResult | ShapeProblem {
  const axes = args.integers('axes');
  if (!isPermutation(axes, input.length)) {
    const all = input.map((_, axis) => axis).join(', ');
    return problem('DL415', `permute needs each axis of the input ${formatShape(input)} once: an order of [${all}] (axes exclude the batch); got [${axes.join(', ')}]`, 'axes');
  }
  return { output: axes.map((axis) => input[axis]!), trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

/** The axis order with the batch axis first, as torch and ONNX count axes. */
const withBatch = (axes: readonly number[]): number[] => [0, ...axes.map((axis) => axis + 1)];

export const permute = defineLayer({
  name: 'permute',
  category: 'shape',
  summary: 'Reorders the axes of each sample: [C, H, W] → permute([1, 2, 0]) → [H, W, C].',
  doc: 'Axes count from 0 and exclude the batch axis: `permute([1, 2, 0])` is `x.permute(0, 2, 3, 1)` in PyTorch.',
  args: [{ name: 'axes', type: { kind: 'integers', min: 0 }, positional: true, doc: 'The new order of the per-sample axes, a permutation of 0 … rank − 1.' }],
  example: { input: [2, 3, 4], call: 'permute([2, 0, 1])' },
  readsTokens: false,
  infer: permuteRule,
  parameters: noParameters,
  forward: ({ t, input, args }) => t.permute(input, withBatch(args.integers('axes'))),
  // PyTorch has no permute module: an identity module, then the tensor method.
  torch: { module: () => 'nn.Identity()', call: (module, [x], { args }) => `${module}(${x!}).permute(${withBatch(args.integers('axes')).join(', ')})` },
  onnx: ({ graph, x, y, args }) => graph.node('Transpose', [x], y, [graph.ints('perm', withBatch(args.integers('axes')))]),
  savedValues: savesNothing,
});
