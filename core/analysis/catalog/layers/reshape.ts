import { formatShape } from '../../../common/format';
import { elementCount } from '../../shape-math';
import { defineLayer, noParameters, savesNothing } from '../entry';
import type { LayerContext, LayerResult, ShapeProblem } from '../types';
import { problem } from './shared';

/** The per-sample shape asked for, its one −1 resolved, or the problem with it. */
function reshapeRule({ input, args }: LayerContext): LayerResult | ShapeProblem {
  const shape = args.integers('shape');
  const inferred = shape.filter((size) => size === -1).length;
  if (inferred > 1) return problem('DL414', `reshape can infer only one axis; ${formatShape(shape)} has ${inferred} −1s — give every size but one`, 'shape');
  const count = elementCount(input);
  const known = elementCount(shape.filter((size) => size !== -1));
  const output = shape.map((size) => (size === -1 ? count / known : size));
  if (shape.includes(0) || !output.every(Number.isInteger) || elementCount(output) !== count) {
    const what = inferred === 1 ? `no size for the −1 makes ${count}` : `${formatShape(shape)} holds ${elementCount(shape)}`;
    return problem('DL418', `reshape keeps every element: the input ${formatShape(input)} holds ${count} per sample, and ${what} — the sizes must multiply to ${count}`, 'shape');
  }
  return { output, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
}

export const reshape = defineLayer({
  name: 'reshape',
  category: 'shape',
  summary: 'Gives each sample another shape with the same elements: [12] → reshape([3, 4]) → [3, 4].',
  doc: 'The sizes exclude the batch axis (dlmodel axes are per sample); one size may be −1, inferred from the others. Like `x.reshape(batch, …)`: the elements keep their row-major order.',
  args: [{ name: 'shape', type: { kind: 'integers', min: -1 }, positional: true, doc: 'The new per-sample shape `[a, b, …]`; one size may be −1 (inferred).' }],
  example: { input: [2, 6], call: 'reshape([3, -1])' },
  readsTokens: false,
  infer: reshapeRule,
  parameters: noParameters,
  forward: ({ t, input, args }) => t.reshape(input, [input.shape[0]!, ...args.integers('shape')]),
  // nn.Unflatten after flattening the sample: one module, the batch axis untouched.
  torch: { module: ({ output }) => `nn.Unflatten(1, (${output.join(', ')},))`, call: (module, [x]) => `${module}(${x!}.flatten(1))` },
  // Reshape's 0 copies the input's size there: the batch axis.
  onnx: ({ graph, x, y, output }) => graph.node('Reshape', [x, graph.int64s([0, ...output])], y),
  savedValues: savesNothing,
});
