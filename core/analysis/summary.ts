import type { BoundCall, PolicyEnvironment } from './policy-checker';
import type { SweepSpec } from './sweep-checker';
import type { TextRange } from '../common/range';
import type { Diagnostic } from '../common/diagnostic';
import type { Call, ModelDeclaration, SourceFile, TrainDeclaration } from '../syntax/tree';
import type { TokenList } from '../syntax/token-list';
import type { DataDescription } from './data-probe';
import type { BoundArguments } from './catalog/types';
import type { LayerKind } from './catalog/layers';
import type { MergeKind } from './catalog/merges';
import type { TrainTarget } from './catalog/training';

/** A shape without the batch dimension, e.g. `[3, 224, 224]`. */
export type Shape = readonly number[];

/** An input a layer names in its call: `from: stem`, or one of a merge's inputs. */
export interface LayerInput {
  /** The name as written: a layer's name, or `input` for the model's input. */
  readonly name: string;
  /** Undefined when it cannot be inferred (an error where it is made). */
  readonly shape: Shape | undefined;
  /** The name where it is given (`stem = …`); undefined for `input`. */
  readonly definition: TextRange | undefined;
}

/** One layer after `repeat` expansion, as `dlmodel check` lists it. */
export interface LayerSummary {
  /** The given or generated name (`dense_1`, `conv2d_2`, …); `add_1`… for a residual's sum. */
  readonly name: string;
  /** The catalog kind (`dense`, `conv2d`, `relu`, …), or the merge `add` (also a residual's sum) or `concat`. */
  readonly kind: LayerKind | MergeKind;
  /** The range of the statement that produced it (shared by every copy of a `repeat`). */
  readonly statementRange: TextRange;
  /** 0 for the first copy inside `repeat` blocks, 1 for the second, … (the product over nested repeats). */
  readonly copy: number;
  /** How many copies the enclosing `repeat` blocks make of this statement (1 outside any repeat). */
  readonly copies: number;
  /** The (first) input's shape. */
  readonly inputShape: Shape | undefined;
  /** The inputs the call names (`from:`, a merge's inputs); undefined when it reads the previous statement's output. */
  readonly inputs: readonly LayerInput[] | undefined;
  /** Undefined when it cannot be inferred (an error upstream or in this layer). */
  readonly outputShape: Shape | undefined;
  /** Counts are exact bigints (see `LayerResult`). */
  readonly trainableParams: bigint;
  readonly nonTrainableParams: bigint;
  readonly macs: bigint;
  /** How the trainable parameter count is made, e.g. `3·3·64·128 + 128`; empty when 0. */
  readonly paramFormula: string;
  /** The checked arguments, defaults filled in (undefined for a residual's sum or a layer with wrong arguments). */
  readonly args?: BoundArguments;
}

/** The value id of the model's input in `GraphNode.inputs`; other ids index `ModelGraph.nodes`. */
export const modelInputValue = -1;

/** One computation of the model: a layer, or a merge (`add`, `concat`, a residual's sum) of several values. */
export interface GraphNode {
  readonly layer: LayerSummary;
  /** The values it reads, in order: one for a layer, two or more for a merge. Each is `modelInputValue` or an earlier node's index. */
  readonly inputs: readonly number[];
}

/**
 * How the model computes: its layers as a graph in source order (every input of a node is an
 * earlier node or the model's input, so the order is a topological one and cycles cannot be
 * written). A `residual` is lowered into its body, its shortcut and an `add` node. Only layers
 * whose output shape is known are nodes; a model with errors has a partial graph.
 */
export interface ModelGraph {
  readonly nodes: readonly GraphNode[];
  /** The value the model outputs: a node's index, or `modelInputValue` for a model without layers. */
  readonly output: number;
}

/** A use of a named output (`from: stem`, `concat(b1, b2)`), for references and rename. */
export interface OutputReference {
  readonly name: string;
  readonly range: TextRange;
  /** Where the name is given; undefined for `input` and for a name that is unknown. */
  readonly definition: TextRange | undefined;
}

export interface ModelSummary {
  readonly name: string;
  readonly declaration: ModelDeclaration;
  readonly input?: Shape;
  readonly output?: Shape;
  readonly layers: readonly LayerSummary[];
  /** The layers as a graph of values (branches, merges, residual sums). */
  readonly graph: ModelGraph;
  /** Every use of a layer's name as an input, in source order. */
  readonly references: readonly OutputReference[];
  /** Exact counts; a consumer that needs a number converts with a check (see core/common/format.ts `jsonCount`). */
  readonly trainableParams: bigint;
  readonly nonTrainableParams: bigint;
  readonly totalParams: bigint;
  readonly macs: bigint;
  /** Bytes the parameters take as float32 (trainable and non-trainable). */
  readonly parameterBytes: bigint;
}

/**
 * The values of a `train` block's keys, defaults filled in. A key whose value is missing or wrong
 * is absent (the checker reported it); training starts only from a block without errors.
 */
export interface TrainSettings {
  /** The loss by name, its arguments bound with the catalog's defaults (a bare name binds none). */
  readonly loss?: { readonly name: string; readonly args: BoundArguments };
  readonly optimizer?: Call;
  /** Absent means `constant()`. */
  readonly schedule?: Call;
  readonly data?: { readonly name: string; readonly args: BoundArguments };
  readonly batch: number | 'full';
  readonly epochs: number;
  readonly seed: number;
  readonly validation: number;
  /** `clip_norm`: the global gradient norm is clipped to it before each step; absent for no clipping. */
  readonly clipNorm?: number;
  /** `warmup` epochs (0 for none) and `warmup_factor`, LinearLR's start factor. */
  readonly warmup: number;
  readonly warmupFactor: number;
  /** `early_stopping`'s patience in epochs; absent when the run never stops early. */
  readonly earlyStopping?: number;
  /** `min_delta`: the least fall of the validation loss that counts as an improvement. */
  readonly minDelta: number;
  /** `labels`: the data set's targets; `input`: the samples themselves (an autoencoder). */
  readonly target: TrainTarget;
  /** The `augment: […]` calls, checked, in order; empty for none. */
  readonly augment: readonly Call[];
  /** A policy block's `env:`, with its observation shape and action count; absent for a data block. */
  readonly env?: PolicyEnvironment;
  /** A policy block's `algorithm:` (`reinforce()` with defaults when not written). */
  readonly algorithm?: BoundCall;
  /** A policy block's `value:` model name (the value baseline's V(s)). */
  readonly valueModel?: string;
  /** A policy block's `episodes:` (the catalog's default when not written). */
  readonly episodes: number;
}

/** What a `train` block resolved to; fields are undefined where the block is incomplete or wrong. */
export interface TrainSummary {
  readonly name?: string;
  readonly declaration: TrainDeclaration;
  readonly modelName?: string;
  /** What the data set yields, when its arguments (and data file) could be read. */
  readonly data?: DataDescription;
  readonly settings: TrainSettings;
  /** The block's `sweep:`, when written and valid (core/train/sweep.ts expands it into runs). */
  readonly sweep?: SweepSpec;
}

/** The result of checking one document: tree, models, train blocks and every diagnostic, in source order. */
export interface DocumentAnalysis {
  readonly file: SourceFile;
  /** Every token of the text but whitespace, for completion context and signature help. */
  readonly tokens: TokenList;
  readonly models: readonly ModelSummary[];
  readonly trains: readonly TrainSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Units of checking work spent: one per statement visited and one per layer copied from an
   * earlier copy of a `repeat`. Bounded by the document's budget (see analysis-budget.ts).
   */
  readonly work: number;
}
