import type { TextRange } from '../common/range';
import type { Severity } from '../common/diagnostic';

/**
 * A model as a picture: what the graph view, `dlmodel graph` and the `dlmodel/graph` request
 * share. Plain JSON data (counts as numbers or decimal strings, see `jsonCount`), so the language
 * server can send it as it is.
 */
export interface GraphView {
  readonly model: string;
  /** The model declaration's keyword, where the view's "reveal model" goes. */
  readonly modelRange: TextRange;
  readonly nodes: readonly GraphViewNode[];
  readonly edges: readonly GraphViewEdge[];
  /** One per `repeat` block instance (a repeat inside a repeat has one per copy of the outer). */
  readonly groups: readonly GraphViewGroup[];
  /** Diagnostics of the model that belong to no layer (its input line, its name). */
  readonly diagnostics: readonly GraphViewDiagnostic[];
  readonly totals: GraphViewTotals;
}

/** `input` is the model's input; a `merge` joins values (`add`, `concat`, a residual's sum). */
export type GraphNodeRole = 'input' | 'layer' | 'merge';

export interface GraphViewNode {
  /** Stable across edits that keep the layer's name: `in` for the input, else `n:` + the layer's name. */
  readonly id: string;
  readonly role: GraphNodeRole;
  /** The catalog kind (`conv2d`, `add`, …); `input` for the input. */
  readonly kind: string;
  /** The given or generated name (`stem`, `conv2d_3`). */
  readonly name: string;
  /** `[64, 56, 56]`, or `?` where unknown (an error in the layer or above it). */
  readonly shape: string;
  /** Trainable plus non-trainable parameters (0 for layers without any). */
  readonly params: number | string;
  /** The statement that made it (every copy of a `repeat` shares its statement's range). */
  readonly range: TextRange;
  /** The innermost repeat group it belongs to. */
  readonly group?: string;
  /** True for the node whose value the model outputs. */
  readonly output: boolean;
  /** True when its output shape is unknown: the analysis stopped at an error here or above. */
  readonly unknown: boolean;
  readonly diagnostics: readonly GraphViewDiagnostic[];
}

/**
 * How an edge reads its value. `flow`: the previous statement's output. `branch`: a named output
 * (`from: stem`). `merge`: an input of `add(…)`/`concat(…)`. `residual`: a residual's shortcut into
 * its sum. `unknown`: after an error, statements in source order (no shape flows there).
 */
export type GraphEdgeKind = 'flow' | 'branch' | 'merge' | 'residual' | 'unknown';

export interface GraphViewEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: GraphEdgeKind;
  /** The shape carried (`[16, 8, 8]`); empty for `unknown`. */
  readonly label: string;
}

export interface GraphViewGroup {
  readonly id: string;
  /** `repeat ×3`. */
  readonly label: string;
  readonly count: number;
  readonly parent?: string;
  /** The repeat statement. */
  readonly range: TextRange;
  /** Parameters of every node inside (every copy). */
  readonly params: number | string;
}

export interface GraphViewDiagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
}

export interface GraphViewTotals {
  readonly layers: number;
  readonly trainableParams: number | string;
  readonly nonTrainableParams: number | string;
  readonly macs: number | string;
  readonly parameterBytes: number | string;
  readonly input: string;
  readonly output: string;
}
