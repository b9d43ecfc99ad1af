import { pyNumber } from '../../../export/pytorch/python';
import { windowOutputSize } from '../../shape-math';
import { applyModule, defineLayer, noParameters, savesNothing, type LayerEntry } from '../entry';
import type { ArgumentSpec, BoundArguments, LayerContext, LayerResult, ShapeProblem } from '../types';
import { problem, requireSequence } from './shared';

/** Pooling stride: the window size unless given (PyTorch's default). */
const poolStride1d = (args: BoundArguments): number => (args.get('stride') === undefined ? args.number('size') : args.number('stride'));

const windowArgs: ArgumentSpec[] = [
  { name: 'size', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Pooling window length.' },
  { name: 'stride', type: { kind: 'integer', min: 1 }, defaultText: 'size', doc: 'Step between windows; defaults to the window size (non-overlapping), as in PyTorch.' },
  { name: 'padding', type: { kind: 'integer', min: 0 }, default: 0, doc: 'Implicit padding at each end (at most half the window).' },
];

/** Shared rule of 1-D max and average pooling. */
function pooling(layer: string, { input, args }: LayerContext): LayerResult | ShapeProblem {
  const rankProblem = requireSequence(layer, input);
  if (rankProblem) return rankProblem;
  const size = args.number('size');
  const padding = args.number('padding');
  if (padding > size / 2) return problem('DL306', `${layer} padding ${padding} is more than half its window ${size} — PyTorch rejects this; use padding ≤ ${Math.floor(size / 2)}`, 'padding');
  const [c, length] = input as [number, number];
  const out = windowOutputSize(length, size, poolStride1d(args), padding, 1);
  if (out <= 0) return problem('DL402', `${layer} window ${size} is longer than its padded input ${length + 2 * padding} (output would be ${out}) — use a smaller size, add padding, or pool less earlier`, 'size');
  return { output: [c, out], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

const poolOptions = (args: BoundArguments) => ({ kernel: args.number('size'), stride: poolStride1d(args), padding: args.number('padding') });

function pool<const Name extends string>(name: Name, summary: string, doc: string, kind: 'max' | 'average'): LayerEntry<Name> {
  return defineLayer({
    name,
    category: 'pooling',
    summary,
    doc,
    args: windowArgs,
    example: { input: [3, 8], call: `${name}(3, stride: 2, padding: 1)` },
    readsTokens: false,
    infer: (context) => pooling(name, context),
    parameters: noParameters,
    forward: ({ t, input, args }) => (kind === 'max' ? t.maxPool1d(input, poolOptions(args)) : t.avgPool1d(input, poolOptions(args))),
    torch: {
      module: ({ args }) => {
        const padding = args.number('padding');
        const parts = [`kernel_size=${pyNumber(args.number('size'))}`, `stride=${pyNumber(poolStride1d(args))}`];
        if (padding !== 0) parts.push(`padding=${pyNumber(padding)}`);
        return `nn.${kind === 'max' ? 'MaxPool1d' : 'AvgPool1d'}(${parts.join(', ')})`;
      },
      call: applyModule,
    },
    onnx: ({ graph, x, args, y }) => {
      const padding = args.number('padding');
      const attributes = [graph.ints('kernel_shape', [args.number('size')]), graph.ints('strides', [poolStride1d(args)]), graph.ints('pads', [padding, padding])];
      if (kind === 'average') attributes.push(graph.int('count_include_pad', 1));
      return graph.node(kind === 'max' ? 'MaxPool' : 'AveragePool', [x], y, attributes);
    },
    savedValues: savesNothing,
  });
}

export const maxpool1d = pool('maxpool1d', 'Max pooling over [C, L].', 'Like `torch.nn.MaxPool1d` (floor mode). Padding counts as −∞.', 'max');
export const avgpool1d = pool('avgpool1d', 'Average pooling over [C, L].', 'Like `torch.nn.AvgPool1d` (floor mode, padding zeros counted in the average as PyTorch does by default).', 'average');
