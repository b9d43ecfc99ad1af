import { formatShape } from '../../common/format';
import type * as Tensor from '../../tensor';
import type { Shape } from '../summary';
import type { OnnxGraph, TensorOps } from './entry';
import type { ArgumentSpec, BoundArguments, LayerResult, LayerSpec, ShapeProblem } from './types';

/**
 * Branches and merges: the `from:` argument every layer takes, and the merges `add(…)` and
 * `concat(…)` over named outputs. A merge has no parameters and no MACs (PyTorch has no module
 * for `+` or `torch.cat`); its rule sees every input's shape.
 */

/** `conv2d(64, 1, from: stem)`: the layer reads a named output instead of the previous statement's. */
export const inputArgument: ArgumentSpec = {
  name: 'from',
  type: { kind: 'output' },
  defaultText: 'the previous output',
  doc: 'Where the layer reads its input: the name of an earlier layer (`stem = conv2d(…)`) or `input`, the model\'s input. Without it a layer reads the output of the statement before it. The statements after it continue from this layer, so `from:` starts a branch.',
};

const withInput = new WeakMap<LayerSpec, readonly ArgumentSpec[]>();

/** A layer's arguments as a call may give them: the catalog's, then `from:`. One array per layer, built once. */
export function layerArguments(spec: LayerSpec): readonly ArgumentSpec[] {
  let args = withInput.get(spec);
  if (!args) {
    args = [...spec.args, inputArgument];
    withInput.set(spec, args);
  }
  return args;
}

/** One input of a merge as its rule sees it: how messages name it (`b2 (line 7)`) and its shape. */
export interface MergeInput {
  readonly label: string;
  readonly shape: Shape;
}

export interface MergeContext {
  readonly inputs: readonly MergeInput[];
  /** The named arguments (`axis`), defaults filled in. */
  readonly args: BoundArguments;
}

/** A merge problem; `inputs` are the indexes of the inputs it is about (their definitions are shown as related). */
export interface MergeProblem extends ShapeProblem {
  readonly inputs: readonly number[];
}

/**
 * A merge entry: its rule over several input shapes, and (like a layer entry, catalog/entry.ts)
 * its forward pass, its forward() expression in model.py and its ONNX node. `args` is undefined
 * for a residual's sum, which has none.
 */
export interface MergeSpec<Name extends string = string> {
  readonly name: Name;
  readonly category: 'merge';
  readonly summary: string;
  readonly doc: string;
  /** Every argument as signatures show them: the inputs (variadic), then the named ones. */
  readonly args: readonly ArgumentSpec[];
  /** The named arguments alone, bound like any layer's. */
  readonly options: readonly ArgumentSpec[];
  /** The fewest inputs the merge takes. */
  readonly minInputs: number;
  combine(context: MergeContext): LayerResult | MergeProblem;
  forward(t: TensorOps, inputs: readonly Tensor.Tensor[], args: BoundArguments | undefined): Tensor.Tensor;
  /** The expression forward() evaluates over the input variables. */
  torch(xs: readonly string[], args: BoundArguments | undefined): string;
  /** Its node(s) over the input values, the result named after `y`. */
  onnx(graph: OnnxGraph, xs: readonly string[], y: string, args: BoundArguments | undefined): string;
}

/** A concat's axis with the batch in front (PyTorch's dim, ONNX's axis); a negative axis counts from the end either way. */
export function batchAxis(args: BoundArguments | undefined): number {
  const axis = args?.number('axis') ?? 0;
  return axis < 0 ? axis : axis + 1;
}

/** Declares a merge entry, keeping its name as a literal type (for `MergeKind`). */
function defineMerge<const Name extends string>(entry: MergeSpec<Name>): MergeSpec<Name> {
  return entry;
}

const inputsArgument: ArgumentSpec = {
  name: 'inputs',
  type: { kind: 'output' },
  positional: true,
  variadic: true,
  doc: 'Two or more names of earlier layers (`name = layer(…)`), or `input`, separated by commas. Name the previous layer to merge the current flow.',
};

const axisArgument: ArgumentSpec = {
  name: 'axis',
  type: { kind: 'integer' },
  default: 0,
  doc: 'The axis of one sample to join along: 0 is the channels of [C, H, W] (PyTorch\'s `dim=1`, after the batch); negative counts from the end. Every other axis must agree.',
};

const noParameters = (output: Shape): LayerResult => ({ output, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' });

/** Where two shapes first differ: `rank` when their ranks do, else the axis, else undefined. */
function firstDifference(a: Shape, b: Shape, ignoredAxis = -1): number | 'rank' | undefined {
  if (a.length !== b.length) return 'rank';
  for (let axis = 0; axis < a.length; axis++) if (axis !== ignoredAxis && a[axis] !== b[axis]) return axis;
  return undefined;
}

/** The DL410 of two inputs that differ, saying how and where each came from. */
function mismatch(merge: string, rule: string, first: MergeInput, other: MergeInput, index: number, where: number | 'rank'): MergeProblem {
  const how = where === 'rank' ? `ranks differ (${first.shape.length} and ${other.shape.length})` : `axis ${where} differs (${first.shape[where]} and ${other.shape[where]})`;
  const advice = merge === 'add' ? 'make both paths end in the same shape' : where === 'rank' ? 'flatten or reshape one side first' : `make axis ${where} agree (e.g. the same padding and strides on both paths)`;
  return {
    code: 'DL410',
    message: `${merge} needs ${rule}; ${how}: ${first.label} gives ${formatShape(first.shape)}, ${other.label} gives ${formatShape(other.shape)} — ${advice}`,
    inputs: [0, index],
  };
}

function add({ inputs }: MergeContext): LayerResult | MergeProblem {
  const first = inputs[0] as MergeInput;
  for (let i = 1; i < inputs.length; i++) {
    const other = inputs[i] as MergeInput;
    const where = firstDifference(first.shape, other.shape);
    if (where !== undefined) return mismatch('add', 'inputs of exactly the same shape', first, other, i, where);
  }
  return noParameters(first.shape);
}

function concat({ inputs, args }: MergeContext): LayerResult | MergeProblem {
  const first = inputs[0] as MergeInput;
  const rank = first.shape.length;
  const written = args.number('axis');
  if (written < -rank || written >= rank) {
    return {
      code: 'DL411',
      message: `concat axis ${written} is out of range for inputs of rank ${rank} ${formatShape(first.shape)}: use 0 to ${rank - 1}${rank > 0 ? ` (or −${rank} to −1 from the end)` : ''}; 0 joins the channels of [C, H, W]`,
      argument: 'axis',
      inputs: [],
    };
  }
  const axis = written < 0 ? written + rank : written;
  let joined = 0;
  for (let i = 0; i < inputs.length; i++) {
    const other = inputs[i] as MergeInput;
    const where = firstDifference(first.shape, other.shape, axis);
    if (where !== undefined) return mismatch('concat', `inputs that agree on every axis but ${axis}`, first, other, i, where);
    joined += other.shape[axis] as number;
  }
  return noParameters(first.shape.map((dim, i) => (i === axis ? joined : dim)));
}

const addEntry = defineMerge({
    name: 'add',
    category: 'merge',
    summary: 'Sums named outputs of the same shape, element by element.',
    doc: 'Like `a + b + …` in a PyTorch `forward` (no broadcasting: the shapes must be equal). No parameters. `residual { … }` is the same sum written as a block.',
    args: [inputsArgument],
    options: [],
    minInputs: 2,
    combine: add,
    forward: (t, inputs) => inputs.slice(1).reduce((sum, x) => t.add(sum, x), inputs[0]!),
    torch: (xs) => xs.join(' + '),
    onnx: (graph, xs, y) => xs.slice(1).reduce((sum, x, i) => graph.node('Add', [sum, x], i === xs.length - 2 ? y : `${y}/${i + 1}`), xs[0]!),
});

const concatEntry = defineMerge({
    name: 'concat',
    category: 'merge',
    summary: 'Joins named outputs along one axis (the channels by default).',
    doc: 'Like `torch.cat([a, b, …], dim=axis + 1)` (the batch is axis 0 there). Every other axis must agree. No parameters. Inception blocks, DenseNet and U-Net skips join branches this way.',
    args: [inputsArgument, axisArgument],
    options: [axisArgument],
    minInputs: 2,
    combine: concat,
    forward: (t, inputs, args) => t.concat(inputs, batchAxis(args)),
    torch: (xs, args) => `torch.cat([${xs.join(', ')}], dim=${batchAxis(args)})`,
    onnx: (graph, xs, y, args) => graph.node('Concat', xs, y, [graph.int('axis', batchAxis(args))]),
});

/** The merges, in the order completion lists them. */
export const merges = [addEntry, concatEntry] as const;

/** The kind of a merge layer: `add` (also a residual's sum) or `concat`. */
export type MergeKind = (typeof merges)[number]['name'];

export const mergeNames: readonly string[] = merges.map((m) => m.name);

/** A merge of the catalog, its name a `MergeKind`. */
export type MergeEntry = (typeof merges)[number];

export function findMerge(name: string): MergeEntry | undefined {
  return merges.find((m) => m.name === name);
}

/** True for a merge kind (a narrowing for `LayerSummary.kind`). */
export function isMergeKind(kind: string): kind is MergeKind {
  return findMerge(kind) !== undefined;
}

/** True when a rule returned a problem rather than a result. */
export function isMergeProblem(value: LayerResult | MergeProblem): value is MergeProblem {
  return 'code' in value;
}
