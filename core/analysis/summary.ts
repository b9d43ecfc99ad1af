import type { TextRange } from '../common/range';
import type { Diagnostic } from '../common/diagnostic';
import type { Call, ModelDeclaration, SourceFile, TrainDeclaration } from '../syntax/tree';
import type { Token } from '../syntax/token';
import type { DataDescription } from './data-probe';
import type { BoundArguments } from './catalog/types';
import type { LayerKind } from './catalog/layers';

/** A shape without the batch dimension, e.g. `[3, 224, 224]`. */
export type Shape = readonly number[];

/** One layer after `repeat` expansion, as `dlmodel check` lists it. */
export interface LayerSummary {
  /** The given or generated name (`dense_1`, `conv2d_2`, …); `add_1`… for a residual's sum. */
  readonly name: string;
  /** The catalog kind (`dense`, `conv2d`, `relu`, …) or `add` for a residual's sum. */
  readonly kind: LayerKind | 'add';
  /** The range of the statement that produced it (shared by every copy of a `repeat`). */
  readonly statementRange: TextRange;
  /** 0 for the first copy inside `repeat` blocks, 1 for the second, … (the product over nested repeats). */
  readonly copy: number;
  /** How many copies the enclosing `repeat` blocks make of this statement (1 outside any repeat). */
  readonly copies: number;
  readonly inputShape: Shape | undefined;
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

/**
 * How the model computes, in order: layers, and residual blocks with their two paths. The same
 * walk that lists `layers` builds it, so both hold the same summaries.
 */
export type ModelStep =
  | { readonly kind: 'layer'; readonly layer: LayerSummary }
  | { readonly kind: 'residual'; readonly body: readonly ModelStep[]; readonly shortcut?: readonly ModelStep[]; readonly sum: LayerSummary };

export interface ModelSummary {
  readonly name: string;
  readonly declaration: ModelDeclaration;
  readonly input?: Shape;
  readonly output?: Shape;
  readonly layers: readonly LayerSummary[];
  /** The layers as a program: residual blocks keep their structure. */
  readonly steps: readonly ModelStep[];
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
}

/** What a `train` block resolved to; fields are undefined where the block is incomplete or wrong. */
export interface TrainSummary {
  readonly name?: string;
  readonly declaration: TrainDeclaration;
  readonly modelName?: string;
  /** What the data set yields, when its arguments (and data file) could be read. */
  readonly data?: DataDescription;
  readonly settings: TrainSettings;
}

/** The result of checking one document: tree, models, train blocks and every diagnostic, in source order. */
export interface DocumentAnalysis {
  readonly file: SourceFile;
  /** Every token of the text (the lexer is total), for completion context and semantic colouring. */
  readonly tokens: readonly Token[];
  readonly models: readonly ModelSummary[];
  readonly trains: readonly TrainSummary[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Units of checking work spent: one per statement visited and one per layer copied from an
   * earlier copy of a `repeat`. Bounded by the document's budget (see analysis-budget.ts).
   */
  readonly work: number;
}
