import type * as t from '../../tensor';
import type { TapeTensor } from './tape-tensors';
import type { TraceScalar, TraceTensor } from './trace';

/** The names of a trainable tensor (the network's NamedParameter has them). */
export interface NamedTensor {
  readonly name: string;
  readonly layer: string;
  readonly spec: { readonly name: string };
}

/** What the trace needs to name the tape's tensors after the model's layers. */
export interface StructureNaming {
  /** A trainable parameter's full name (`dense_1.weight`), layer and own PyTorch name (`weight`). */
  readonly parameter: (tensor: t.Tensor) => NamedTensor | undefined;
  /** The layer whose output this tensor is. */
  readonly layerOutput: (tensor: t.Tensor) => string | undefined;
  readonly rangeOf: (layer: string) => { readonly start: number; readonly end: number } | null;
  /** `cross_entropy(v5, y)` */
  readonly lossDescription: (scoresSymbol: string) => string;
}

export interface TraceStructure {
  readonly tensors: readonly TraceTensor[];
  readonly scalars: readonly TraceScalar[];
  /** Position of each tape tensor in `tensors` (same order; the loss is the last entry). */
  readonly lossTensor: number;
}

/** The tape's tensors as the trace draws them: symbols, descriptions, layers and one scalar per element. */
export function buildStructure(tape: readonly TapeTensor[], naming: StructureNaming): TraceStructure {
  const symbols = new Map<t.Tensor, string>();
  const layers = new Map<t.Tensor, string | null>();
  const ordinals = new Map<string, number>();
  const tensors: TraceTensor[] = [];
  const scalars: TraceScalar[] = [];
  let values = 0;
  let constants = 0;
  const push = (entry: Omit<TraceTensor, 'firstScalar' | 'size' | 'range'>, size: number): void => {
    const index = tensors.length;
    tensors.push({ ...entry, range: entry.layer === null ? null : naming.rangeOf(entry.layer), firstScalar: scalars.length, size });
    for (let i = 0; i < size; i++) scalars.push({ tensor: index, label: scalarLabel(entry.symbol, entry.shape, i) });
  };
  for (const { tensor, node, role } of tape) {
    const parameter = naming.parameter(tensor);
    const layer = parameter !== undefined ? parameter.layer : (naming.layerOutput(tensor) ?? inheritedLayer(node, layers, naming));
    const symbol = role === 'input' ? 'x' : role === 'weight' ? parameterSymbol(parameter, ordinals) : role === 'constant' ? `c${++constants}` : `v${++values}`;
    symbols.set(tensor, symbol);
    layers.set(tensor, layer);
    const description = role === 'value' && node ? `${node.op}(${node.inputs.map((input) => symbols.get(input) ?? '?').join(', ')})` : role === 'input' ? 'the example' : (parameter?.name ?? 'a constant');
    const shape = role === 'weight' ? tensor.shape : withoutBatch(tensor.shape);
    push({ symbol, description, role, shape, layer: role === 'input' ? null : layer }, tensor.size);
  }
  const scores = tape[tape.length - 1];
  push({ symbol: 'L', description: naming.lossDescription(scores ? symbols.get(scores.tensor)! : '?'), role: 'loss', shape: [], layer: null }, 1);
  return { tensors, scalars, lossTensor: tensors.length - 1 };
}

/**
 * A value inside a layer (the product before the bias) belongs to the layer of the weights it
 * reads, or else of what it was made from.
 */
function inheritedLayer(node: t.Node | undefined, layers: ReadonlyMap<t.Tensor, string | null>, naming: StructureNaming): string | null {
  if (!node) return null;
  for (const input of node.inputs) {
    const parameter = naming.parameter(input);
    if (parameter !== undefined) return parameter.layer;
  }
  for (const input of node.inputs) {
    const layer = layers.get(input);
    if (layer) return layer;
  }
  return null;
}

/** W1, b1 (the k-th layer with parameters), other tensors by their own name. */
function parameterSymbol(parameter: NamedTensor | undefined, ordinals: Map<string, number>): string {
  const layer = parameter?.layer ?? '';
  if (!ordinals.has(layer)) ordinals.set(layer, ordinals.size + 1);
  const ordinal = ordinals.get(layer)!;
  const own = parameter?.spec.name ?? 'weight';
  const letter = own === 'weight' ? 'W' : own === 'bias' ? 'b' : own;
  return `${letter}${ordinal}`;
}

/** One example's values carry a batch axis of 1, which the labels leave out. */
function withoutBatch(shape: readonly number[]): readonly number[] {
  return shape.length > 0 && shape[0] === 1 ? shape.slice(1) : shape;
}

/** `W1[0,3]` for element `flat` of a row-major tensor of this shape; a single number is just its symbol. */
export function scalarLabel(symbol: string, shape: readonly number[], flat: number): string {
  if (shape.length === 0) return symbol;
  const indices: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    indices.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return `${symbol}[${indices.join(',')}]`;
}
