import { pyNumber } from '../../../export/pytorch/python';
import { defineLayer, noParameters, savesNothing } from '../entry';
import { requireSequence } from './sequence';

/**
 * The fixed encoding of Vaswani et al. (2017), as the PyTorch tutorial builds it:
 * pe[pos, 2i] = sin(pos / 10000^(2i/d)), pe[pos, 2i + 1] = cos(pos / 10000^(2i/d)); computed in
 * float64 and rounded once (an odd d ends with a sine column).
 */
export function sinusoidalTable(length: number, width: number): Float32Array {
  const table = new Float32Array(length * width);
  for (let position = 0; position < length; position++) {
    for (let column = 0; column < width; column++) {
      const even = column - (column % 2);
      const angle = position / Math.pow(10000, even / width);
      table[position * width + column] = column % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}

/** Tables by `T×d`: a model uses one, every step reads it, nothing writes it. */
const tables = new Map<string, Float32Array>();
function cachedTable(length: number, width: number): Float32Array {
  const key = `${length}×${width}`;
  let table = tables.get(key);
  if (!table) tables.set(key, (table = sinusoidalTable(length, width)));
  return table;
}

/** model.py's module: the tutorial's PositionalEncoding, its table a buffer left out of state_dict(). */
const torchDefinition = `class SinusoidalPositions(nn.Module):
    """Adds the fixed sin/cos position encoding of Vaswani et al. (2017) to [batch, T, d]:
    pe[pos, 2i] = sin(pos / 10000^(2i/d)), pe[pos, 2i+1] = cos(pos / 10000^(2i/d))
    (computed in float64, kept as float32, not saved in state_dict())."""

    def __init__(self, length, dim):
        super().__init__()
        position = torch.arange(length, dtype=torch.float64).unsqueeze(1)
        angles = position / 10000 ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim)
        table = torch.stack((torch.sin(angles), torch.cos(angles)), -1).flatten(1)[:, :dim]
        self.register_buffer('pe', table.to(torch.float32), persistent=False)

    def forward(self, x):
        return x + self.pe[:x.shape[-2]]
`;

export const sinusoidal_positions = defineLayer({
  name: 'sinusoidal_positions',
  category: 'embedding',
  summary: 'Adds the fixed sin/cos position encoding to [T, d] (no parameters).',
  doc:
    'The encoding of “Attention Is All You Need”, as the PyTorch tutorial’s PositionalEncoding: ' +
    'pe[pos, 2i] = sin(pos / 10000^(2i/d)), pe[pos, 2i+1] = cos(pos / 10000^(2i/d)), added to the flow. Nothing is learned.',
  args: [],
  example: { input: [5, 6], call: 'sinusoidal_positions()' },
  readsTokens: false,
  infer: ({ input }) => requireSequence('sinusoidal_positions', input) ?? { output: input, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' },
  parameters: noParameters,
  forward: ({ t, input }) => {
    const [length, width] = input.shape.slice(-2) as [number, number];
    return t.add(input, t.tensor(cachedTable(length, width), [length, width]));
  },
  torch: {
    module: ({ input }) => `SinusoidalPositions(${pyNumber(input[0]!)}, ${pyNumber(input[1]!)})`,
    call: (module, [x]) => `${module}(${x!})`,
    definitions: torchDefinition,
  },
  onnx: ({ graph, x, y, input }) => graph.node('Add', [x, graph.constant(sinusoidalTable(input[0]!, input[1]!), [input[0]!, input[1]!])], y),
  savedValues: savesNothing,
});
