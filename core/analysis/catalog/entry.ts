/**
 * What a catalog entry owns beyond its arguments and shape rule: its parameters, its forward pass,
 * its PyTorch text and its ONNX nodes. Every facet is a required member, so a layer that lacks one
 * does not compile. The tensor engine is handed in (`ForwardContext.t`) and imported here as a type
 * only: the catalog stays declarative for the language server's bundle.
 */
import type * as Tensor from '../../tensor';
import type { Random } from '../../common/random';
import type { Shape } from '../summary';
import type { ArgumentSpec, ArgumentValue, BoundArguments, LayerSpec, NamedSpec } from './types';

export type TensorOps = typeof Tensor;

/** The weight initialisers of the `init:` argument. */
export type InitName = 'default' | 'he' | 'glorot' | 'zeros';

/**
 * A layer's tensors carry PyTorch's names, so state_dict() keys are `<layer>.<name>`
 * (nn.MultiheadAttention's are `in_proj_weight`, `in_proj_bias` and its out_proj Linear's; the
 * recurrent layers' are nn.LSTM's and nn.GRU's, one layer, one direction: `_l0`).
 */
export type ParameterName = 'weight' | 'bias' | 'running_mean' | 'running_var' | 'in_proj_weight' | 'in_proj_bias' | 'out_proj.weight' | 'out_proj.bias' | RecurrentParameterName;
export type RecurrentParameterName = 'weight_ih_l0' | 'weight_hh_l0' | 'bias_ih_l0' | 'bias_hh_l0';

/**
 * What a tensor is to the panels and the landscape: a `weight` multiplies (its update ratio is
 * watched, its landscape direction is filter-normalised), a `bias` or `scale`-free shift is added,
 * a `statistic` is a running buffer. Read from the PyTorch name here, once, so no caller parses
 * `attn.out_proj.weight` by its last dot.
 */
export type TensorRole = 'weight' | 'bias' | 'statistic';

export function tensorRole(name: ParameterName): TensorRole {
  switch (name) {
    case 'weight': case 'in_proj_weight': case 'out_proj.weight': case 'weight_ih_l0': case 'weight_hh_l0':
      return 'weight';
    case 'bias': case 'in_proj_bias': case 'out_proj.bias': case 'bias_ih_l0': case 'bias_hh_l0':
      return 'bias';
    case 'running_mean': case 'running_var':
      return 'statistic';
    default: {
      const unhandled: never = name;
      return unhandled;
    }
  }
}

/** One `init:` rule applied to one weight (in PyTorch's layout), then to a bias when one is named. */
export interface FanDraw {
  readonly init: InitName;
  readonly fanIn: number;
  readonly fanOut: number;
  readonly weight: ParameterName;
  /** Drawn (or zeroed) by the rule after the weight; unnamed: the bias keeps its `fill`. */
  readonly bias?: ParameterName;
}

/** One placed layer as its entry sees it: checked arguments and the shapes around it. */
export interface PlacedLayer {
  readonly args: BoundArguments;
  /** The (first) input's shape, without the batch axis. */
  readonly input: Shape;
  /** Every input's shape (one today; a merge will read several). */
  readonly inputs: readonly Shape[];
  readonly output: Shape;
}

/** One tensor of a layer. */
export interface TensorSpec {
  readonly name: ParameterName;
  /** The shape computed with here. */
  readonly shape: readonly number[];
  /** False for a buffer (running statistics): saved and exported, not trained. */
  readonly trainable: boolean;
  /** `transposed`: PyTorch keeps the 2-D transpose (dense computes x·W with [n, units]; nn.Linear holds [units, n]). */
  readonly torchLayout: 'same' | 'transposed';
  /** The starting value of every element when the initialisation draws nothing for it (default 0). */
  readonly fill?: number;
}

/**
 * How a layer's tensors start, drawn from the run's `init` stream in this order (train.py repeats it):
 * - `fan`: the `init:` rule (core/nn/init.ts) on `weight`, drawn in PyTorch's layout, then `bias`;
 * - `normal`: `weight` from N(0, 1), as nn.Embedding;
 * - `fans`: several such draws in order, each on named tensors (nn.MultiheadAttention: xavier on
 *   in_proj_weight, nn.Linear's default on out_proj.weight, zero biases);
 * - `constant`: nothing drawn; each tensor takes its `fill`, which must be PyTorch's own start;
 * - `recurrent`: every tensor, in state_dict() order and PyTorch's layout, from U(−1/√hidden, 1/√hidden),
 *   as nn.LSTM's and nn.GRU's reset_parameters.
 */
export type Initialisation =
  | { readonly kind: 'fan'; readonly init: InitName; readonly fanIn: number; readonly fanOut: number }
  | { readonly kind: 'fans'; readonly draws: readonly FanDraw[] }
  | { readonly kind: 'normal' }
  | { readonly kind: 'constant' }
  | { readonly kind: 'recurrent'; readonly hidden: number };

export interface LayerParameters {
  /** In state_dict() order: parameters, then buffers. */
  readonly tensors: readonly TensorSpec[];
  readonly init: Initialisation;
}

/** What a layer's forward pass reads. Backward comes from the tape. */
export interface ForwardContext {
  readonly t: TensorOps;
  readonly input: Tensor.Tensor;
  readonly inputs: readonly Tensor.Tensor[];
  readonly args: BoundArguments;
  /** Training mode: batch statistics (and their running update), dropout on. */
  readonly training: boolean;
  /** A trainable tensor of this layer (throws when the layer has none of that name). */
  readonly parameter: (name: ParameterName) => Tensor.Parameter;
  /** A trainable tensor that may be absent (`bias: false`). */
  readonly optional: (name: ParameterName) => Tensor.Parameter | undefined;
  /** A buffer of this layer, updated in place in training. */
  readonly buffer: (name: ParameterName) => Float32Array;
  /** The run's dropout stream (throws when training without one). */
  readonly dropoutStream: () => Random;
  /** The run's noise stream, ε of `reparameterize()` (throws when training without one). */
  readonly noiseStream: () => NormalSource;
  /**
   * Hands an intermediate value to whoever asked for it (the Sequence tab's attention maps); a
   * no-op unless the caller of the forward pass gave an observer. The value is the tape's own
   * tensor: read it, never write it.
   */
  readonly observe: (name: ObservedValueName, value: Tensor.Tensor) => void;
}

/** The intermediate values a layer reports to an observer: attention's weights, [batch, heads, T, T] after the softmax (and its mask), before dropout. */
export type ObservedValueName = 'attention-weights';

/** Where standard normals come from: the run's noise stream, or fixed values in a reference test. */
export interface NormalSource {
  normal(): number;
}

/** An ONNX node attribute, built by the graph's helpers. */
export interface OnnxAttribute {
  readonly name: string;
  readonly type: number;
}

/** The part of the ONNX graph builder an entry uses. */
export interface OnnxGraph {
  /** Adds a node; returns its output's (unique) name, based on `output`. */
  node(op: string, inputs: readonly string[], output: string, attributes?: readonly OnnxAttribute[]): string;
  /** A float32 scalar constant. */
  scalar(value: number): string;
  /** A 1-D int64 constant (a Reshape's shape, an Unsqueeze's axes). */
  int64s(values: readonly number[]): string;
  /** A float32 constant of this shape (row-major values). */
  constant(values: Float32Array, dims: readonly number[]): string;
  int(name: string, value: number): OnnxAttribute;
  float(name: string, value: number): OnnxAttribute;
  ints(name: string, values: readonly number[]): OnnxAttribute;
  /** A string attribute (Resize's `mode`). */
  string(name: string, value: string): OnnxAttribute;
  /** A 1-D float32 constant (Resize's scales). */
  floats(values: readonly number[]): string;
}

/** What a layer's ONNX nodes read. */
export interface OnnxContext extends PlacedLayer {
  readonly graph: OnnxGraph;
  /** The (first) input value's name, and every input's. */
  readonly x: string;
  readonly xs: readonly string[];
  /** The name the layer's result takes (the layer's name, or the graph's `output`). */
  readonly y: string;
  /** The initializer of one of this layer's tensors, in PyTorch's layout (created on first use). */
  readonly tensor: (name: ParameterName) => string;
  readonly optional: (name: ParameterName) => string | undefined;
  /** True when `x` is the graph's int64 token input (only an entry with `readsTokens` sees this). */
  readonly xIsTokens: boolean;
}

/** The PyTorch side of a layer in the exported model.py. */
export interface TorchForm {
  /** The nn.Module constructed in __init__ (`nn.Linear(4, 8)`); its parameters carry the layer's tensor names. */
  module(layer: PlacedLayer): string;
  /** The expression forward() evaluates: `module` is how forward reaches the submodule, `xs` the input variables. */
  call(module: string, xs: readonly string[], layer: PlacedLayer): string;
  /** Python source of a module-level class the module needs (PyTorch has none of its kind), written once into model.py. */
  readonly definitions?: string;
}

/** A model around one entry, for the catalog-wide test (test/export/every-layer.test.ts). */
export interface LayerExample {
  /** The model's input shape. */
  readonly input: Shape;
  /** The layer's call as written in a .dlmodel file. */
  readonly call: string;
  /** For a layer that reads tokens: the inputs are integer ids in [0, tokens). */
  readonly tokens?: number;
}

/** A layer: arguments, docs and shape rule (`LayerSpec`), and everything training and export need. */
export interface LayerEntry<Name extends string = string> extends LayerSpec {
  readonly name: Name;
  readonly example: LayerExample;
  /** True when the layer reads integer token ids (it must read the model's input: its values become int64 in ONNX). */
  readonly readsTokens: boolean;
  parameters(layer: PlacedLayer): LayerParameters;
  forward(context: ForwardContext): Tensor.Tensor;
  /**
   * Its forward pass with its `activation:` value applied, for an activation it fuses (the same
   * values in fewer passes: dense + gelu); undefined for any other, which the network applies.
   */
  forwardActivated?(context: ForwardContext, activation: string): Tensor.Tensor | undefined;
  readonly torch: TorchForm;
  onnx(context: OnnxContext): string;
  /** Values per sample the tape keeps besides the output (conv's unfolded columns), for the memory estimate. */
  savedValues(layer: PlacedLayer): number;
}

/** The scalar form of an element-wise activation, for the landscape's fast float64 path (core/inspect). */
export type ScalarForm = (args: BoundArguments) => (x: number) => number;

/**
 * An activation function: a layer (`relu()`, its arguments given) and an `activation:` value of
 * dense and conv2d (`relu`, its default arguments).
 */
export interface ActivationEntry<Name extends string = string> extends NamedSpec {
  readonly name: Name;
  readonly args: readonly ArgumentSpec[];
  /** The PyTorch module it matches exactly, for documentation (`nn.LeakyReLU`). */
  readonly torch: string;
  readonly example: LayerExample;
  /** softmax and sigmoid: the output unit of a likelihood; a loss reads the scores before it. */
  readonly outputUnit: boolean;
  forward(t: TensorOps, x: Tensor.Tensor, args: BoundArguments): Tensor.Tensor;
  /** The module of the activation layer (`nn.LeakyReLU(negative_slope=0.2)`). */
  torchModule(args: BoundArguments): string;
  /** The functional form applied to the variable `x`, as forward() applies an `activation:` value; undefined for the identity. */
  torchFunction(x: string, args: BoundArguments): string | undefined;
  /** Its nodes applied to `x`, the result named after `output`. */
  onnx(graph: OnnxGraph, x: string, output: string, args: BoundArguments): string;
  /** For the fast dense path: skipped (`identity`), not element-wise (`none`: the network evaluates), or per element. */
  readonly elementwise: 'identity' | 'none' | ScalarForm;
}

/** Declares a layer entry, keeping its name as a literal type (for `LayerKind`). */
export function defineLayer<const Name extends string>(entry: LayerEntry<Name>): LayerEntry<Name> {
  return entry;
}

/** Declares an activation entry, keeping its name as a literal type. */
export function defineActivation<const Name extends string>(entry: ActivationEntry<Name>): ActivationEntry<Name> {
  return entry;
}

/** The arguments of a call that gives none: every default (an `activation:` value's arguments). */
export function defaultArguments(specs: readonly ArgumentSpec[]): BoundArguments {
  const values = new Map<string, ArgumentValue | undefined>(specs.map((spec) => [spec.name, spec.default]));
  const get = (name: string): ArgumentValue | undefined => values.get(name);
  return {
    get,
    number: (name) => {
      const value = get(name);
      return typeof value === 'number' ? value : NaN;
    },
    pair: (name) => {
      const value = get(name);
      if (typeof value === 'number') return [value, value];
      return Array.isArray(value) ? (value as unknown as readonly [number, number]) : [0, 0];
    },
    numbers: (name) => {
      const value = get(name);
      return Array.isArray(value) ? (value as readonly number[]) : undefined;
    },
    integers: (name) => {
      const value = get(name);
      return Array.isArray(value) ? (value as readonly number[]) : [];
    },
    text: (name) => {
      const value = get(name);
      return typeof value === 'string' ? value : '';
    },
    flag: (name) => get(name) === true,
  };
}

/** The usual forward() call: the submodule applied to the input. */
export const applyModule = (module: string, [x]: readonly string[]): string => `${module}(${x!})`;

/** No parameters, nothing drawn. */
export const noParameters = (): LayerParameters => ({ tensors: [], init: { kind: 'constant' } });

/** Nothing saved besides the output. */
export const savesNothing = (): number => 0;
