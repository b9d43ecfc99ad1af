import type * as Tensor from '../../../tensor';
import { pyFloat, pyNumber } from '../../../export/pytorch/python';
import { product } from '../../shape-math';
import { defineLayer, type ForwardContext, type OnnxContext, type PlacedLayer, type TensorOps } from '../entry';
import { dropoutMask } from './dropout';
import { requireSequence } from './sequence';
import { problem } from './shared';

/** The sizes of one placed attention layer: T positions of d features, split into `heads` of `headSize`. */
function geometry({ input, args }: Pick<PlacedLayer, 'input' | 'args'>): { length: number; width: number; heads: number; headSize: number } {
  const [length, width] = input as [number, number];
  const heads = args.number('heads');
  return { length, width, heads, headSize: width / heads };
}

/**
 * Multi-head self-attention as torch.nn.MultiheadAttention computes it (batch_first, q = k = v = x):
 * softmax(q·kᵀ/√headSize [+ causal mask])·v per head, the heads joined and projected by out_proj.
 */
function attend({ t, input, args, training, parameter, dropoutStream, observe }: ForwardContext): Tensor.Tensor {
  const [length, width] = input.shape.slice(-2) as [number, number];
  const batch = input.size / (length * width);
  const heads = args.number('heads');
  const headSize = width / heads;
  // in_proj_weight is kept as [d, 3d] (x·W), the transpose of PyTorch's [3d, d], as dense keeps its weight.
  // Both projections are `linear` (matmul then bias as one op: the same bits, no copy of the
  // gradient through a bias op), and a reshape to the shape x already has is skipped: each
  // recorded reshape copies its whole gradient back in the backward pass.
  const packed = t.linear(asShape(t, input, [batch, length, width]), parameter('in_proj_weight'), parameter('in_proj_bias'));
  const rate = args.number('dropout');
  const dropping = training && rate > 0;
  let joined: Tensor.Tensor;
  if (args.flag('causal') && !dropping) {
    // The chain below as one op (the same values): the heads, scores and weights stay in WebAssembly.
    const core = t.causalAttention(packed, heads, 1 / Math.sqrt(headSize));
    observe('attention-weights', core.weights);
    joined = core.output;
  } else joined = attendHeads(t, packed, heads, width, headSize, args.flag('causal'), dropping ? rate : 0, observe, dropoutStream);
  const projected = t.linear(joined, parameter('out_proj.weight'), parameter('out_proj.bias'));
  return asShape(t, projected, input.shape);
}

/** The heads' part of `attend` op by op: split, scores, (causal) softmax, dropout at `rate` (0: none), weighted values, join. */
function attendHeads(t: TensorOps, packed: Tensor.Tensor, heads: number, width: number, headSize: number, causal: boolean, rate: number, observe: ForwardContext['observe'], dropoutStream: ForwardContext['dropoutStream']): Tensor.Tensor {
  // q (already scaled by 1/√headSize), k and v [B, heads, T, headSize] from the packed [B, T, 3d]:
  // one op each instead of narrow → reshape → permute (→ mulScalar), with the same values.
  const q = t.splitHeads(packed, heads, 0, width, 1 / Math.sqrt(headSize));
  const k = t.splitHeads(packed, heads, width, width);
  const v = t.splitHeads(packed, heads, 2 * width, width);
  const scores = t.batchMatmul(q, k, true);
  let weights = causal ? t.causalSoftmax(scores) : t.softmax(scores);
  observe('attention-weights', weights);
  if (rate > 0) weights = t.dropout(weights, dropoutMask(weights.size, rate, dropoutStream()));
  return t.mergeHeads(t.batchMatmul(weights, v));
}

/** x reshaped to `shape`, or x itself when it has that shape already. */
function asShape(t: TensorOps, x: Tensor.Tensor, shape: readonly number[]): Tensor.Tensor {
  return t.sameShape(x.shape, shape) ? x : t.reshape(x, shape);
}

/** PyTorch's additive causal mask for T positions: −∞ above the diagonal. */
const torchCausalMask = (x: string, length: number): string => `torch.triu(torch.full((${length}, ${length}), float('-inf'), device=${x}.device), diagonal=1)`;

/** The same computation in standard opset-17 nodes (MultiHeadAttention is not an ONNX op there). */
function attentionOnnx({ graph, x, y, input, args, tensor }: OnnxContext): string {
  const { length, width, heads, headSize } = geometry({ input, args });
  const zero = graph.int64s([0]);
  // q, k, v from slices of the packed projection: rows part·d … (part + 1)·d of in_proj_weight.
  const project = (part: number, name: string): string => {
    const [starts, ends] = [graph.int64s([part * width]), graph.int64s([(part + 1) * width])];
    const weight = graph.node('Slice', [tensor('in_proj_weight'), starts, ends, zero], `${y}/${name}_weight`);
    const bias = graph.node('Slice', [tensor('in_proj_bias'), starts, ends, zero], `${y}/${name}_bias`);
    const transposed = graph.node('Transpose', [weight], `${y}/${name}_weight_t`, [graph.ints('perm', [1, 0])]);
    const projected = graph.node('Add', [graph.node('MatMul', [x, transposed], `${y}/${name}_matmul`), bias], `${y}/${name}_projected`);
    return graph.node('Reshape', [projected, graph.int64s([0, 0, heads, headSize])], `${y}/${name}_heads`);
  };
  const q = graph.node('Transpose', [project(0, 'q')], `${y}/q`, [graph.ints('perm', [0, 2, 1, 3])]);
  const kT = graph.node('Transpose', [project(1, 'k')], `${y}/k_t`, [graph.ints('perm', [0, 2, 3, 1])]);
  const v = graph.node('Transpose', [project(2, 'v')], `${y}/v`, [graph.ints('perm', [0, 2, 1, 3])]);
  const scaled = graph.node('Mul', [q, graph.scalar(1 / Math.sqrt(headSize))], `${y}/q_scaled`);
  let scores = graph.node('MatMul', [scaled, kT], `${y}/scores`);
  if (args.flag('causal')) {
    const mask = new Float32Array(length * length).map((_, flat) => (flat % length > Math.floor(flat / length) ? -Infinity : 0));
    scores = graph.node('Add', [scores, graph.constant(mask, [length, length])], `${y}/masked_scores`);
  }
  const weights = graph.node('Softmax', [scores], `${y}/weights`, [graph.int('axis', -1)]);
  const mixed = graph.node('Transpose', [graph.node('MatMul', [weights, v], `${y}/mixed`)], `${y}/mixed_t`, [graph.ints('perm', [0, 2, 1, 3])]);
  const joined = graph.node('Reshape', [mixed, graph.int64s([0, 0, width])], `${y}/joined`);
  const outWeight = graph.node('Transpose', [tensor('out_proj.weight')], `${y}/out_weight_t`, [graph.ints('perm', [1, 0])]);
  return graph.node('Add', [graph.node('MatMul', [joined, outWeight], `${y}/out_matmul`), tensor('out_proj.bias')], y);
}

export const attention = defineLayer({
  name: 'attention',
  category: 'attention',
  summary: 'Multi-head self-attention over the positions of [T, d]: each position mixes the values of the positions its query matches.',
  doc:
    'Like `torch.nn.MultiheadAttention(d, heads, batch_first=True)` called as `attn(x, x, x, need_weights=False)`: ' +
    'q, k, v = x·W_inᵀ + b_in split into `heads` of d/heads, softmax(q·kᵀ/√(d/heads))·v per head, joined and projected by out_proj. ' +
    'Parameters 4·d·d + 4·d (in_proj_weight [3d, d], in_proj_bias, out_proj.weight [d, d], out_proj.bias). ' +
    '`causal: true` lets position i see only positions ≤ i (an attn_mask of −∞ above the diagonal), as a next-token model needs. ' +
    'MACs 4·T·d² (projections) + 2·T²·d (scores and weighted sum; the causal mask does not reduce them). ' +
    'Starts as PyTorch: in_proj_weight Xavier-uniform, out_proj.weight as nn.Linear (U(±1/√d)), biases 0.',
  args: [
    { name: 'heads', type: { kind: 'integer', min: 1 }, positional: true, doc: 'Number of heads; d must be divisible by it.' },
    { name: 'causal', type: { kind: 'boolean' }, default: false, doc: 'Mask future positions: position i attends to positions 0…i only.' },
    { name: 'dropout', type: { kind: 'number', min: 0, max: 1, maxExclusive: true }, default: 0, doc: 'Dropout on the attention weights while training (nn.MultiheadAttention’s `dropout`).' },
  ],
  example: { input: [5, 8], call: 'attention(2, causal: true)' },
  readsTokens: false,

  infer: ({ input, args }) => {
    const wrongRank = requireSequence('attention', input);
    if (wrongRank) return wrongRank;
    const [length, width] = input as [number, number];
    const heads = args.number('heads');
    if (width % heads !== 0) {
      return problem('DL427', `attention splits the ${width} features into ${heads} heads, but ${width} is not divisible by ${heads} — pick heads dividing ${width}, or make d a multiple of ${heads}`, 'heads');
    }
    return {
      output: input,
      trainableParams: product(4, width, width) + product(4, width),
      nonTrainableParams: 0n,
      macs: product(4, length, width, width) + product(2, length, length, width),
      formula: `3·${width}·${width} + 3·${width} + ${width}·${width} + ${width}`,
    };
  },

  parameters: ({ input }) => {
    const width = input[1]!;
    return {
      tensors: [
        { name: 'in_proj_weight', shape: [width, 3 * width], trainable: true, torchLayout: 'transposed' },
        { name: 'in_proj_bias', shape: [3 * width], trainable: true, torchLayout: 'same' },
        { name: 'out_proj.weight', shape: [width, width], trainable: true, torchLayout: 'transposed' },
        { name: 'out_proj.bias', shape: [width], trainable: true, torchLayout: 'same' },
      ],
      // nn.MultiheadAttention._reset_parameters: xavier_uniform_(in_proj_weight), both biases 0;
      // out_proj.weight keeps nn.Linear's own start, kaiming_uniform_(a=√5) = U(±1/√d).
      init: {
        kind: 'fans',
        draws: [
          { init: 'glorot', fanIn: width, fanOut: 3 * width, weight: 'in_proj_weight', bias: 'in_proj_bias' },
          { init: 'default', fanIn: width, fanOut: width, weight: 'out_proj.weight' },
        ],
      },
    };
  },

  forward: attend,

  torch: {
    module: ({ input, args }) => {
      const parts = [pyNumber(input[1]!), pyNumber(args.number('heads'))];
      if (args.number('dropout') > 0) parts.push(`dropout=${pyFloat(args.number('dropout'))}`);
      return `nn.MultiheadAttention(${parts.join(', ')}, batch_first=True)`;
    },
    call: (module, [x], { input, args }) => {
      const mask = args.flag('causal') ? `, attn_mask=${torchCausalMask(x!, input[0]!)}` : '';
      return `${module}(${x!}, ${x!}, ${x!}, need_weights=False${mask})[0]`;
    },
  },

  onnx: attentionOnnx,

  // Causal without dropout (attend's fused causalAttention) the tape keeps the packed projection
  // (3·T·d), the joined heads and the projection (2·T·d) and the weights (heads·T²). Otherwise, op
  // by op: the packed projection and its q (scaled), k and v split into heads (6·T·d), the weighted
  // values, joined and projected (3·T·d), and the scores and weights (2·heads·T², twice with dropout).
  savedValues: ({ input, args }) => {
    const { length, width, heads } = geometry({ input, args });
    if (args.flag('causal') && args.number('dropout') === 0) return 5 * length * width + heads * length * length;
    return 9 * length * width + (args.number('dropout') > 0 ? 4 : 2) * heads * length * length;
  },
});
