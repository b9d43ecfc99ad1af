import type { Call, ListLiteral } from '../../syntax/tree';
import type { DiagnosticCode } from '../../common/codes';
import type { Shape } from '../summary';

/**
 * The kinds of value an argument accepts. Each kind knows how to read a syntax value
 * (see ../arguments.ts), so checking, hover and completion share one description.
 */
export type ArgumentType =
  | { readonly kind: 'integer'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly minExclusive?: boolean; readonly maxExclusive?: boolean }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string' }
  /** One integer for both axes, or `[h, w]`. */
  | { readonly kind: 'pair'; readonly min: number }
  /** A list of integers `[a, b, …]`, each ≥ min (a shape for reshape, an axis order for permute). */
  | { readonly kind: 'integers'; readonly min: number }
  /** An integer, `[h, w]`, `valid` (= 0) or `same`. */
  | { readonly kind: 'padding' }
  /** One of a fixed set of bare names (activations, initialisers, losses). */
  | {
      readonly kind: 'choice';
      readonly what: string;
      readonly choices: readonly string[];
      /** Names that look like choices but are refused here, each with the reason and what to write instead (DL320). */
      readonly refused?: Readonly<Record<string, string>>;
    }
  /** A positive integer or the name `full` (the `batch` key). */
  | { readonly kind: 'batch' }
  /** A list of numbers (`[1, 2.5, 0.5]`), each at least `min` (above it with `minExclusive`). */
  | { readonly kind: 'numbers'; readonly min?: number; readonly minExclusive?: boolean }
  /**
   * A call to one of a family of the catalog (`adam(lr: 0.01)`, `spirals(…)`, `step(every: 10)`).
   * With `bareName`, the name alone stands for the call with its defaults (`loss: cross_entropy`);
   * such a family's callables have no required argument.
   */
  | { readonly kind: 'call'; readonly family: CallFamily; readonly bareName?: boolean }
  /** A list of calls of one family (`[random_crop(4), horizontal_flip()]`); `[]` for none. */
  | { readonly kind: 'calls'; readonly family: CallFamily }
  /** The name of a model in the same file. */
  | { readonly kind: 'model' }
  /** The name of an earlier layer's output in the same model, or `input` (the model's input). */
  | { readonly kind: 'output' };

export type CallFamily = 'optimizer' | 'schedule' | 'data' | 'loss' | 'augmentation' | 'env' | 'algorithm' | 'sweep' | 'early_stop';

/** A value after checking: numbers, booleans, strings, `[h, w]` pairs, lists of numbers, `same`, a checked call, or a checked list of calls. */
export type ArgumentValue = number | boolean | string | readonly [number, number] | readonly number[] | Call | ListLiteral;

/** One argument of a layer, data set, optimizer or schedule, or one key of a `train` block. */
export interface ArgumentSpec {
  readonly name: string;
  readonly type: ArgumentType;
  /** Positional arguments come first, in the order they are listed. */
  readonly positional?: boolean;
  /** A positional argument that takes every remaining positional value (a merge's inputs). */
  readonly variadic?: boolean;
  /** Without a default the argument is required. */
  readonly default?: ArgumentValue;
  /** How the default reads in documentation and completion (`size`, `the only model`). */
  readonly defaultText?: string;
  readonly doc: string;
}

/** The checked arguments of one call, defaults filled in. */
export interface BoundArguments {
  get(name: string): ArgumentValue | undefined;
  number(name: string): number;
  pair(name: string): readonly [number, number];
  /** A list of numbers, or undefined when the argument is absent (no default). */
  numbers(name: string): readonly number[] | undefined;
  /** A list of integers (empty when absent). */
  integers(name: string): readonly number[];
  text(name: string): string;
  flag(name: string): boolean;
}

/** A finding of a shape rule, reported on the layer's call. */
export interface ShapeProblem {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** Name of the argument whose value the problem is about, so the range can point at it. */
  readonly argument?: string;
}

/**
 * What a layer does to its input, as computed by its catalog rule. Counts are bigints: a product
 * of safe integers (`dense(3002399751580331)` on [2]) can pass 2^53, where numbers start to round.
 */
export interface LayerResult {
  readonly output: Shape;
  readonly trainableParams: bigint;
  readonly nonTrainableParams: bigint;
  readonly macs: bigint;
  /** The trainable count as a product of its factors (`3·3·64·128 + 128`); empty when 0. */
  readonly formula: string;
  /** Warnings that still allow an output (dense on rank ≥ 3). */
  readonly warnings?: readonly ShapeProblem[];
}

/** What a layer rule sees: the input shape and the checked arguments. */
export interface LayerContext {
  readonly input: Shape;
  readonly args: BoundArguments;
  /** True when this layer reads the model's input directly (the only place `embedding` may be). */
  readonly readsModelInput: boolean;
}

export interface LayerSpec {
  readonly name: string;
  /** `activation` layers share rules and are listed together in documentation. */
  readonly category: 'core' | 'convolution' | 'pooling' | 'normalization' | 'regularization' | 'shape' | 'activation' | 'embedding' | 'attention' | 'recurrent';
  readonly summary: string;
  readonly doc: string;
  readonly args: readonly ArgumentSpec[];
  /** Shape, parameter and MAC rule: a result, or a problem that stops inference here. */
  infer(context: LayerContext): LayerResult | ShapeProblem;
}

/** A named callable outside models: an optimizer, a schedule, a data set or a loss. */
export interface CallableSpec {
  readonly name: string;
  readonly family: CallFamily;
  readonly summary: string;
  readonly doc: string;
  readonly args: readonly ArgumentSpec[];
}

/** A bare name with documentation: an activation, a loss, an initialiser. */
export interface NamedSpec {
  readonly name: string;
  readonly summary: string;
  readonly doc: string;
}

/** True when a rule returned a problem rather than a result. */
export function isShapeProblem(value: LayerResult | ShapeProblem): value is ShapeProblem {
  return 'code' in value;
}
