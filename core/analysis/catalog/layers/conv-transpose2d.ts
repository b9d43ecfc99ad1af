import { pyNumber, pyPair } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import { applyModule, defineLayer, savesNothing, type InitName, type TensorSpec } from '../entry';
import { activationArg, biasArg, groupsArg, groupsProblem, imageAdvice, initArg, problem, requireImage } from './shared';

/** (size − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1, PyTorch's output length. */
const transposedSize = (size: number, kernel: number, stride: number, padding: number, outputPadding: number, dilation: number): number => (size - 1) * stride - 2 * padding + dilation * (kernel - 1) + outputPadding + 1;

export const conv_transpose2d = defineLayer({
  name: 'conv_transpose2d',
  category: 'convolution',
  summary: 'Transposed 2-D convolution over [C, H, W] (learned upsampling).',
  doc: 'Like `torch.nn.ConvTranspose2d`: weight [C, filters/groups, k_h, k_w] plus one bias per filter. Output size per axis (H − 1)·s − 2p + d·(k − 1) + output_padding + 1. MACs count each input position times the weights: C·(filters/groups)·k_h·k_w·H·W.',
  args: [
    { name: 'filters', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of output channels.' },
    { name: 'kernel', type: { kind: 'pair', min: 1 }, positional: true, doc: 'Kernel size: one integer (square) or [h, w].' },
    { name: 'stride', type: { kind: 'pair', min: 1 }, default: 1, doc: 'Spacing of the input positions in the output: an integer or [h, w] (2 doubles H and W with kernel 2).' },
    { name: 'padding', type: { kind: 'pair', min: 0 }, default: 0, doc: 'Rows and columns removed from each side of the output: an integer or [h, w].' },
    { name: 'output_padding', type: { kind: 'pair', min: 0 }, default: 0, doc: 'Extra rows/columns on the bottom/right of the output, each smaller than the stride: picks the size when several inputs of a strided conv2d map to one.' },
    { name: 'dilation', type: { kind: 'pair', min: 1 }, default: 1, doc: 'Spacing between kernel taps: an integer or [h, w].' },
    groupsArg,
    activationArg,
    biasArg,
    initArg,
  ],
  example: { input: [4, 3, 4], call: 'conv_transpose2d(6, [3, 2], stride: [2, 3], padding: [1, 0], output_padding: [1, 2], dilation: [2, 1], groups: 2, activation: tanh)' },
  readsTokens: false,

  infer: ({ input, args }) => {
    const rankProblem = requireImage('conv_transpose2d', input, imageAdvice('conv_transpose2d'));
    if (rankProblem) return rankProblem;
    const [c, h, w] = input as [number, number, number];
    const filters = args.number('filters');
    const [kh, kw] = args.pair('kernel');
    const [sh, sw] = args.pair('stride');
    const [ph, pw] = args.pair('padding');
    const [oh, ow] = args.pair('output_padding');
    const [dh, dw] = args.pair('dilation');
    // PyTorch allows output_padding up to the dilation too; dlmodel keeps it below the stride (docs/language.md).
    if (oh >= sh || ow >= sw) {
      return problem('DL306', `conv_transpose2d output_padding ${oh === ow ? oh : `[${oh}, ${ow}]`} must be smaller than its stride ${sh === sw ? sh : `[${sh}, ${sw}]`} — use output_padding ≤ ${Math.min(sh, sw) - 1} or a larger stride`, 'output_padding');
    }
    const groups = args.number('groups');
    const groupsIssue = groupsProblem('conv_transpose2d', c, filters, groups);
    if (groupsIssue) return groupsIssue;
    const outH = transposedSize(h, kh, sh, ph, oh, dh);
    const outW = transposedSize(w, kw, sw, pw, ow, dw);
    if (outH <= 0 || outW <= 0) {
      return problem('DL402', `conv_transpose2d padding ${ph === pw ? ph : `[${ph}, ${pw}]`} removes more than its output ${transposedSize(h, kh, sh, 0, oh, dh)}×${transposedSize(w, kw, sw, 0, ow, dw)} (output would be ${outH}×${outW}) — use less padding or a larger kernel`, 'padding');
    }
    const bias = args.flag('bias');
    const weights = product(c, filters / groups, kh, kw);
    return {
      output: [filters, outH, outW],
      trainableParams: weights + (bias ? BigInt(filters) : 0n),
      nonTrainableParams: 0n,
      macs: weights * product(h, w),
      formula: `${kh}·${kw}·${c}·${groups === 1 ? filters : `${filters / groups}`}` + (bias ? ` + ${filters}` : ''),
    };
  },

  parameters: ({ input, args }) => {
    const channels = input[0]!;
    const filters = args.number('filters');
    const [kh, kw] = args.pair('kernel');
    const groupFilters = filters / args.number('groups');
    const tensors: TensorSpec[] = [{ name: 'weight', shape: [channels, groupFilters, kh, kw], trainable: true, torchLayout: 'same' }];
    if (args.flag('bias')) tensors.push({ name: 'bias', shape: [filters], trainable: true, torchLayout: 'same' });
    // PyTorch reads the fans off the weight [C, filters/groups, kh, kw] as for any weight: fan_in = size(1)·kh·kw =
    // (filters/groups)·kh·kw (not C·kh·kw) and fan_out = size(0)·kh·kw; its reset draws weight and bias from that fan_in.
    return { tensors, init: { kind: 'fan', init: args.text('init') as InitName, fanIn: groupFilters * kh * kw, fanOut: channels * kh * kw } };
  },

  forward: ({ t, input, args, parameter, optional }) =>
    t.convTranspose2d(input, parameter('weight'), optional('bias'), { stride: args.pair('stride'), padding: args.pair('padding'), outputPadding: args.pair('output_padding'), dilation: args.pair('dilation'), groups: args.number('groups') }),

  torch: {
    module: ({ input, args }) => {
      const parts = [pyNumber(input[0]!), pyNumber(args.number('filters')), `kernel_size=${pyPair(args.pair('kernel'))}`];
      const optional = ['stride', 'padding', 'output_padding', 'dilation'] as const;
      for (const name of optional) {
        const value = args.pair(name);
        const unset = name === 'stride' || name === 'dilation' ? 1 : 0;
        if (value[0] !== unset || value[1] !== unset) parts.push(`${name}=${pyPair(value)}`);
      }
      if (args.number('groups') !== 1) parts.push(`groups=${pyNumber(args.number('groups'))}`);
      if (!args.flag('bias')) parts.push('bias=False');
      return `nn.ConvTranspose2d(${parts.join(', ')})`;
    },
    call: applyModule,
  },

  onnx: ({ graph, x, args, y, tensor, optional }) => {
    const weight = tensor('weight');
    const bias = optional('bias');
    const [ph, pw] = args.pair('padding');
    return graph.node('ConvTranspose', bias ? [x, weight, bias] : [x, weight], y, [
      graph.ints('kernel_shape', args.pair('kernel')),
      graph.ints('strides', args.pair('stride')),
      graph.ints('pads', [ph, pw, ph, pw]),
      graph.ints('output_padding', args.pair('output_padding')),
      graph.ints('dilations', args.pair('dilation')),
      graph.int('group', args.number('groups')),
    ]);
  },

  // The forward pass's columns are scratch returned at once; the backward unfolds dy when it runs.
  savedValues: savesNothing,
});
