import { pyPair } from '../../../export/pytorch/python';
import { pooledOutputSize } from '../../shape-math';
import { applyModule, defineLayer, noParameters, savesNothing, type LayerEntry } from '../entry';
import type { ArgumentSpec, BoundArguments, LayerContext, LayerResult, ShapeProblem } from '../types';
import { imageAdvice, problem, requireImage } from './shared';

/** Pooling stride: the window size unless given (PyTorch's default). */
export function poolStride(args: BoundArguments): readonly [number, number] {
  return args.get('stride') === undefined ? args.pair('size') : args.pair('stride');
}

const windowArgs: ArgumentSpec[] = [
  { name: 'size', type: { kind: 'pair', min: 1 }, positional: true, doc: 'Pooling window: one integer (square) or [h, w].' },
  { name: 'stride', type: { kind: 'pair', min: 1 }, defaultText: 'size', doc: 'Step between windows; defaults to the window size (non-overlapping), as in PyTorch.' },
  { name: 'padding', type: { kind: 'pair', min: 0 }, default: 0, doc: 'Implicit padding on each side (at most half the window).' },
];

const ceilModeArg: ArgumentSpec = {
  name: 'ceil_mode',
  type: { kind: 'boolean' },
  default: false,
  doc: "Round the output size up instead of down (PyTorch's `ceil_mode=True`, as in GoogLeNet and SqueezeNet): a last window may overhang the bottom/right edge, and only the cells inside count.",
};

/** ceil_mode is an argument of max pooling only (read as false elsewhere). */
const ceilMode = (args: BoundArguments): boolean => args.get('ceil_mode') === true;

/** Shared rule of max and average pooling. */
function pooling(layer: string, { input, args }: LayerContext): LayerResult | ShapeProblem {
  const rankProblem = requireImage(layer, input, imageAdvice(layer));
  if (rankProblem) return rankProblem;
  const [kh, kw] = args.pair('size');
  const [sh, sw] = poolStride(args);
  const [ph, pw] = args.pair('padding');
  if (ph > kh / 2 || pw > kw / 2) {
    return problem('DL306', `${layer} padding ${ph === pw ? ph : `[${ph}, ${pw}]`} is more than half its window ${kh}×${kw} — PyTorch rejects this; use padding ≤ ${Math.floor(Math.min(kh, kw) / 2)}`, 'padding');
  }
  const [c, h, w] = input as [number, number, number];
  const outH = pooledOutputSize(h, kh, sh, ph, ceilMode(args));
  const outW = pooledOutputSize(w, kw, sw, pw, ceilMode(args));
  if (outH <= 0 || outW <= 0) {
    return problem('DL402', `${layer} window ${kh}×${kw} is larger than its padded input ${h + 2 * ph}×${w + 2 * pw} (output would be ${outH}×${outW}) — use a smaller size, add padding, or pool less earlier`, 'size');
  }
  return { output: [c, outH, outW], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

const poolOptions = (args: BoundArguments) => ({ kernel: args.pair('size'), stride: poolStride(args), padding: args.pair('padding'), ceilMode: ceilMode(args) });

function pool<const Name extends string>(name: Name, summary: string, doc: string, kind: 'max' | 'average'): LayerEntry<Name> {
  return defineLayer({
    name,
    category: 'pooling',
    summary,
    doc,
    args: kind === 'max' ? [...windowArgs, ceilModeArg] : windowArgs,
    example: { input: [2, 7, 6], call: `${name}(3, stride: [2, 1], padding: 1)` },
    readsTokens: false,
    infer: (context) => pooling(name, context),
    parameters: noParameters,
    forward: ({ t, input, args }) => (kind === 'max' ? t.maxPool2d(input, poolOptions(args)) : t.avgPool2d(input, poolOptions(args))),
    torch: {
      module: ({ args }) => {
        const padding = args.pair('padding');
        const parts = [`kernel_size=${pyPair(args.pair('size'))}`, `stride=${pyPair(poolStride(args))}`];
        if (padding[0] !== 0 || padding[1] !== 0) parts.push(`padding=${pyPair(padding)}`);
        if (ceilMode(args)) parts.push('ceil_mode=True');
        return `nn.${kind === 'max' ? 'MaxPool2d' : 'AvgPool2d'}(${parts.join(', ')})`;
      },
      call: applyModule,
    },
    onnx: ({ graph, x, args, y }) => {
      const [ph, pw] = args.pair('padding');
      const attributes = [graph.ints('kernel_shape', args.pair('size')), graph.ints('strides', poolStride(args)), graph.ints('pads', [ph, pw, ph, pw])];
      if (kind === 'average') attributes.push(graph.int('count_include_pad', 1));
      if (ceilMode(args)) attributes.push(graph.int('ceil_mode', 1));
      return graph.node(kind === 'max' ? 'MaxPool' : 'AveragePool', [x], y, attributes);
    },
    savedValues: savesNothing,
  });
}

export const maxpool2d = pool('maxpool2d', 'Max pooling over [C, H, W].', 'Like `torch.nn.MaxPool2d` (floor mode unless `ceil_mode: true`). Padding counts as −∞.', 'max');
export const avgpool2d = pool('avgpool2d', 'Average pooling over [C, H, W].', 'Like `torch.nn.AvgPool2d` (floor mode, padding zeros counted in the average as PyTorch does by default).', 'average');
