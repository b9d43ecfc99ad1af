import { formatShape } from '../../../common/format';
import { pyNumber } from '../../../export/pytorch/python';
import { elementCount, product } from '../../shape-math';
import { applyModule, defineLayer, savesNothing, type InitName, type TensorSpec } from '../entry';
import type { ShapeProblem } from '../types';
import { activationArg, biasArg, initArg, problem } from './shared';

export const dense = defineLayer({
  name: 'dense',
  category: 'core',
  summary: 'Fully connected layer on the last axis: y = xWᵀ + b.',
  doc: 'Like `torch.nn.Linear`: applies to the last axis, so an input [T, n] gives [T, units]. Parameters n·units + units.',
  args: [{ name: 'units', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of output units.' }, activationArg, biasArg, initArg],
  example: { input: [5], call: 'dense(4, activation: tanh, init: glorot)' },
  readsTokens: false,

  infer: ({ input, args }) => {
    const n = input[input.length - 1] as number;
    const units = args.number('units');
    const bias = args.flag('bias');
    const positions = elementCount(input.slice(0, -1));
    const warnings: ShapeProblem[] =
      input.length >= 3
        ? [problem('DL405', `dense applies to the last axis only; its input ${formatShape(input)} has rank ${input.length}, so it would mix only the ${n} values of each row — insert flatten() before it (almost always forgotten)`)]
        : [];
    return {
      output: [...input.slice(0, -1), units],
      trainableParams: product(n, units) + (bias ? BigInt(units) : 0n),
      nonTrainableParams: 0n,
      macs: product(n, units, positions),
      formula: `${n}·${units}` + (bias ? ` + ${units}` : ''),
      warnings,
    };
  },

  parameters: ({ input, args }) => {
    const n = input[input.length - 1]!;
    const units = args.number('units');
    // Kept as [n, units] so the forward pass is x·W; nn.Linear holds the transpose.
    const tensors: TensorSpec[] = [{ name: 'weight', shape: [n, units], trainable: true, torchLayout: 'transposed' }];
    if (args.flag('bias')) tensors.push({ name: 'bias', shape: [units], trainable: true, torchLayout: 'same' });
    return { tensors, init: { kind: 'fan', init: args.text('init') as InitName, fanIn: n, fanOut: units } };
  },

  // One op for the product and the bias: one output buffer, one gradient rule, one wasm visit.
  forward: ({ t, input, parameter, optional }) => t.linear(input, parameter('weight'), optional('bias')),
  // A transformer's MLP: the product, bias and GELU in one op (the pre-activation is never stored).
  forwardActivated: ({ t, input, parameter, optional }, activation) => (activation === 'gelu' ? t.linearGelu(input, parameter('weight'), optional('bias')) : undefined),

  torch: {
    module: ({ input, args }) => {
      const parts = [pyNumber(input[input.length - 1]!), pyNumber(args.number('units'))];
      if (!args.flag('bias')) parts.push('bias=False');
      return `nn.Linear(${parts.join(', ')})`;
    },
    call: applyModule,
  },

  onnx: ({ graph, x, input, y, tensor, optional }) => {
    const weight = tensor('weight');
    const bias = optional('bias');
    if (input.length === 1) return graph.node('Gemm', bias ? [x, weight, bias] : [x, weight], y, [graph.int('transB', 1)]);
    const transposed = graph.node('Transpose', [weight], `${y}/weight_t`, [graph.ints('perm', [1, 0])]);
    const multiplied = graph.node('MatMul', [x, transposed], bias ? `${y}/matmul` : y);
    return bias ? graph.node('Add', [multiplied, bias], y) : multiplied;
  },

  savedValues: savesNothing,
});
