/**
 * What lstm and gru share: the arguments, the [T, d] shape rule, nn.LSTM/nn.GRU's tensors (one
 * layer, one direction, two bias vectors), model.py's call and the ONNX LSTM/GRU node around which
 * both export. `gates` is 4 for the LSTM (i, f, g, o) and 3 for the GRU (r, z, n), in PyTorch's
 * row order of weight_ih_l0 [gates·h, d].
 */
import { formatShape } from '../../../common/format';
import { pyNumber } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import type { Shape } from '../../summary';
import type { LayerParameters, OnnxAttribute, OnnxContext, PlacedLayer, TensorOps } from '../entry';
import type { ArgumentSpec, LayerContext, LayerResult, ShapeProblem } from '../types';
import type * as Tensor from '../../../tensor';
import { problem } from './shared';

export const hiddenArg: ArgumentSpec = { name: 'hidden', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Size of the hidden state h (and of each output vector).' };
export const returnArg: ArgumentSpec = {
  name: 'return',
  type: { kind: 'choice', what: 'recurrent output', choices: ['sequences', 'last'] },
  default: 'sequences',
  doc: '`sequences`: the hidden state at every step, [T, hidden] (for another recurrent layer or a per-position output); `last`: the final step\'s only, [hidden] (to classify or predict from the whole sequence).',
};

/** True for `return: last`. */
export const returnsLast = (layer: Pick<PlacedLayer, 'args'>): boolean => layer.args.text('return') === 'last';

/** The DL401 of an input that is not [T, d], with what to write instead. */
function sequenceProblem(layer: string, input: Shape): ShapeProblem {
  const advice =
    input.length === 1
      ? `a sequence of token ids needs embedding(vocab, dim) before ${layer}; a sequence of single numbers, reshape([${input[0]!}, 1])`
      : `reshape it to [steps, features] first (an image [C, H, W] read row by row: permute([1, 0, 2]) then reshape([H, -1]))`;
  return problem('DL401', `${layer} expects a sequence [T, d] (time steps, features per step); got ${formatShape(input)} — ${advice}`);
}

/**
 * The shape, parameter and MAC rule: [T, d] → [T, h] or [h]; gates·h·(d + h) weights and 2·gates·h
 * biases (PyTorch's two bias vectors); the matrix products cost T·gates·h·(d + h) multiply-adds.
 */
export function inferRecurrent(layer: string, gates: number, { input, args }: LayerContext): LayerResult | ShapeProblem {
  if (input.length !== 2) return sequenceProblem(layer, input);
  const [steps, features] = input as [number, number];
  const hidden = args.number('hidden');
  return {
    output: returnsLast({ args }) ? [hidden] : [steps, hidden],
    trainableParams: product(gates, hidden, features + hidden) + product(2, gates, hidden),
    nonTrainableParams: 0n,
    macs: product(steps, gates, hidden, features + hidden),
    formula: `${gates}·${hidden}·(${features} + ${hidden}) + 2·${gates}·${hidden}`,
  };
}

/**
 * weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 in state_dict() order. The weights are kept
 * as PyTorch's transposes ([d, gates·h], [h, gates·h]) so that the forward pass is x·W, as dense.
 */
export function recurrentParameters(gates: number, { input, args }: PlacedLayer): LayerParameters {
  const features = input[input.length - 1]!;
  const hidden = args.number('hidden');
  const width = gates * hidden;
  return {
    tensors: [
      { name: 'weight_ih_l0', shape: [features, width], trainable: true, torchLayout: 'transposed' },
      { name: 'weight_hh_l0', shape: [hidden, width], trainable: true, torchLayout: 'transposed' },
      { name: 'bias_ih_l0', shape: [width], trainable: true, torchLayout: 'same' },
      { name: 'bias_hh_l0', shape: [width], trainable: true, torchLayout: 'same' },
    ],
    init: { kind: 'recurrent', hidden },
  };
}

/** The hidden states [N, h] of every step as [N, T, h], or the last one. */
export function recurrentOutput(t: TensorOps, states: readonly Tensor.Tensor[], last: boolean): Tensor.Tensor {
  if (last) return states[states.length - 1]!;
  return t.concat(
    states.map((h) => t.reshape(h, [h.shape[0]!, 1, h.shape[1]!])),
    1,
  );
}

/** The module model.py builds: batch_first, as the model's tensors are [N, T, d]. */
export const torchModule = (module: 'LSTM' | 'GRU', { input, args }: PlacedLayer): string => `nn.${module}(${pyNumber(input[input.length - 1]!)}, ${pyNumber(args.number('hidden'))}, batch_first=True)`;

/** forward(): the output sequence (the module's first result), or its last step. */
export const torchCall = (module: string, [x]: readonly string[], layer: PlacedLayer): string => `${module}(${x!})[0]` + (returnsLast(layer) ? '[:, -1]' : '');

/**
 * ONNX's LSTM or GRU node (opset 17) on [N, T, d]: the node reads [T, N, d] and orders its gates
 * differently (LSTM iofc, GRU zrh), so the weights are gathered into its order (`order` lists
 * PyTorch's gate blocks in ONNX's order) and the biases joined as [Wb, Rb]. Layout 1 (batch
 * first) is not used: onnxruntime does not run it.
 */
export function onnxRecurrent(op: 'LSTM' | 'GRU', order: readonly number[], extra: readonly OnnxAttribute[], context: OnnxContext): string {
  const { graph, x, y, tensor, input, args } = context;
  const hidden = args.number('hidden');
  const steps = input[0]!;
  const rows = graph.int64s(order.flatMap((block) => Array.from({ length: hidden }, (_, i) => block * hidden + i)));
  const reordered = (name: 'weight_ih_l0' | 'weight_hh_l0' | 'bias_ih_l0' | 'bias_hh_l0'): string => graph.node('Gather', [tensor(name), rows], `${y}/${name}`, [graph.int('axis', 0)]);
  const first = graph.int64s([0]);
  const unsqueeze = (value: string, name: string): string => graph.node('Unsqueeze', [value, first], `${y}/${name}`);
  const weights = unsqueeze(reordered('weight_ih_l0'), 'W');
  const recurrence = unsqueeze(reordered('weight_hh_l0'), 'R');
  const biases = unsqueeze(graph.node('Concat', [reordered('bias_ih_l0'), reordered('bias_hh_l0')], `${y}/biases`, [graph.int('axis', 0)]), 'B');
  const timeMajor = graph.node('Transpose', [x], `${y}/time_major`, [graph.ints('perm', [1, 0, 2])]);
  // Y: [T, directions = 1, N, h]
  const states = graph.node(op, [timeMajor, weights, recurrence, biases], `${y}/${op}`, [graph.int('hidden_size', hidden), ...extra]);
  if (returnsLast(context)) {
    const last = graph.node('Gather', [states, graph.int64s([steps - 1])], `${y}/last`, [graph.int('axis', 0)]);
    return graph.node('Squeeze', [last, graph.int64s([0, 1])], y);
  }
  const squeezed = graph.node('Squeeze', [states, graph.int64s([1])], `${y}/states`);
  return graph.node('Transpose', [squeezed], y, [graph.ints('perm', [1, 0, 2])]);
}
