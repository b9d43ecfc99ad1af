import { defineLayer, noParameters, savesNothing, type OnnxGraph } from '../entry';
import { requireImage } from './shared';

/**
 * PyTorch's adaptive bins as a [size, length] averaging matrix: bin i averages
 * [⌊i·length/size⌋, ⌈(i + 1)·length/size⌉). Bins are rectangles of uniform weight, so the pool is
 * separable: Y = A_h · X · A_wᵀ, which ONNX computes with two MatMuls (opset 17 has no adaptive pool).
 */
function binMatrix(size: number, length: number): Float32Array {
  const matrix = new Float32Array(size * length);
  for (let i = 0; i < size; i++) {
    const start = Math.floor((i * length) / size);
    const end = Math.ceil(((i + 1) * length) / size);
    for (let j = start; j < end; j++) matrix[i * length + j] = 1 / (end - start);
  }
  return matrix;
}

const transpose = (matrix: Float32Array, rows: number, columns: number): Float32Array => matrix.map((_, k) => matrix[(k % rows) * columns + Math.floor(k / rows)]!);

function adaptiveOnnx(graph: OnnxGraph, x: string, y: string, [, height, width]: readonly number[], [h, w]: readonly [number, number]): string {
  const rows = graph.constant(binMatrix(h, height!), [h, height!]);
  const columns = graph.constant(transpose(binMatrix(w, width!), w, width!), [width!, w]);
  return graph.node('MatMul', [graph.node('MatMul', [rows, x], `${y}/rows`), columns], y);
}

export const adaptiveavgpool2d = defineLayer({
  name: 'adaptiveavgpool2d',
  category: 'pooling',
  summary: 'Average pooling to a fixed output size: [C, H, W] → [C, h, w].',
  doc: "Like `nn.AdaptiveAvgPool2d((h, w))`: output cell i averages input rows ⌊i·H/h⌋ to ⌈(i + 1)·H/h⌉ (bins may overlap when h does not divide H), likewise for columns.",
  args: [{ name: 'size', type: { kind: 'pair', min: 1 }, positional: true, doc: 'The output size: one integer for both axes, or `[h, w]`.' }],
  example: { input: [2, 5, 7], call: 'adaptiveavgpool2d([2, 3])' },
  readsTokens: false,
  infer: ({ input, args }) => {
    const [h, w] = args.pair('size');
    return requireImage('adaptiveavgpool2d', input, 'apply it to the output of a conv2d or pooling layer') ?? { output: [input[0]!, h, w], trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' };
  },
  parameters: noParameters,
  forward: ({ t, input, args }) => t.adaptiveAvgPool2d(input, args.pair('size')),
  torch: { module: ({ args }) => `nn.AdaptiveAvgPool2d((${args.pair('size').join(', ')}))`, call: (module, [x]) => `${module}(${x!})` },
  onnx: ({ graph, x, y, input, args }) => adaptiveOnnx(graph, x, y, input, args.pair('size')),
  savedValues: savesNothing,
});
