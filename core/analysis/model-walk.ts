import type { DiagnosticSink } from '../common/diagnostic-sink';
import type { TextRange } from '../common/range';
import type { AnalysisBudget } from './analysis-budget';
import type { GraphNode, LayerSummary, OutputReference, Shape } from './summary';
import type { ValueSet } from './value-set';

/** What a statement reads: a shape and the graph value that holds it (see `ModelGraph`). */
export interface Flow {
  readonly shape: Shape;
  readonly value: number;
}

/** A name given to a layer's output, as later statements may read it. */
export interface NamedOutput {
  /** Undefined when the layer's output is unknown (an error there or above it). */
  readonly flow: Flow | undefined;
  /** The identifier that gives the name. */
  readonly definition: TextRange;
}

/** A name given inside a `repeat` body, or by its `as`: each copy has its own. */
export interface LocalName {
  readonly definition: TextRange;
  /** The `repeat` statement whose copies have it. */
  readonly repeat: TextRange;
}

/** Mutable state of one model's walk. */
export interface Walk {
  readonly sink: DiagnosticSink;
  readonly text: string;
  /** Shared by every model of the document. */
  readonly budget: AnalysisBudget;
  readonly layers: LayerSummary[];
  /** The graph's nodes so far, in source order. */
  readonly nodes: GraphNode[];
  /** The model's input as a flow (undefined when its shape is wrong or missing). */
  readonly modelInput: Flow | undefined;
  /** The names readable now, as later statements may read them: those given outside `repeat`, and those of the `repeat` copies being walked. */
  readonly outputs: Map<string, NamedOutput>;
  /** Every name the model's statements give (outside `repeat`), known before the walk: a use before its statement is DL319, not "unknown". */
  readonly declared: ReadonlyMap<string, TextRange>;
  /** Every name given inside a `repeat` body (or by its `as`), known before the walk: reading one where it is not visible is DL321. */
  readonly localDeclared: ReadonlyMap<string, LocalName>;
  /** The names of the `repeat` copies being walked, innermost last; a copy's names leave `outputs` when it ends. */
  readonly localStack: string[];
  /** The values some statement reads (to warn about a branch computed for nothing, DL412). */
  readonly consumed: ValueSet;
  readonly references: OutputReference[];
  readonly kindCounters: Map<string, number>;
  /** Name → where it was first given (an identifier for user names, the statement for generated ones). */
  readonly names: Map<string, { range: TextRange; userGiven: boolean }>;
  /** Generated names so far, kept only for kinds that some written name could collide with. */
  readonly generated: Map<string, TextRange>;
  /** Kinds `k` for which some written name has the form `k_N` (`dense` for a layer named `dense_2`). */
  readonly collidingKinds: ReadonlySet<string>;
  insideRepeat: boolean;
  insideResidual: boolean;
  /** Set when a limit stopped the walk (reported where it happened); nothing after is checked. */
  overflowed: boolean;
}

/** Adds a graph node for a layer whose output is known; returns its value id. */
export function addNode(walk: Walk, layer: LayerSummary, inputs: readonly number[]): number {
  for (const input of inputs) walk.consumed.add(input);
  walk.nodes.push({ layer, inputs });
  return walk.nodes.length - 1;
}

/** Adds a layer to the model and counts it against the document's budget. */
export function addLayer(walk: Walk, layer: LayerSummary): void {
  walk.layers.push(layer);
  walk.budget.countLayer();
}

/**
 * Records a layer name. Generated names (`dense_3`) are unique by construction, so only names the
 * user wrote are kept in the map; a generated name is checked against them (and a user name
 * against the generated names so far) without storing the tens of thousands of generated ones.
 */
export function registerName(walk: Walk, name: string, where: TextRange, userGiven: boolean, kind?: string): void {
  // A generated name `k_N` can equal a written one only when `k` is a colliding kind (most models
  // have none): then no lookup is needed for the tens of thousands of generated names. Callers
  // that made the name pass `k`, which spares slicing and hashing a new string per layer.
  const colliding = !userGiven && walk.collidingKinds.size > 0 && walk.collidingKinds.has(kind ?? name.slice(0, name.lastIndexOf('_')));
  const first = userGiven || colliding ? walk.names.get(name) : undefined;
  if (userGiven) {
    const generatedBefore = walk.generated.get(name);
    const other = first?.range ?? generatedBefore;
    if (other === undefined) {
      walk.names.set(name, { range: where, userGiven });
      return;
    }
    walk.sink.report('DL307', where, `Layer name '${name}' is used twice in this model${first ? '' : ' (it is also the generated name of another layer)'} — rename one`, {
      related: [{ range: other, message: `'${name}' here` }],
    });
    return;
  }
  if (first) {
    walk.sink.report('DL307', first.range, `Layer name '${name}' is used twice in this model (it is also the generated name of another layer) — rename one`, {
      related: [{ range: where, message: `'${name}' here` }],
    });
  }
  if (colliding) walk.generated.set(name, where);
}

export function nextGeneratedName(walk: Walk, kind: string): string {
  const count = (walk.kindCounters.get(kind) ?? 0) + 1;
  walk.kindCounters.set(kind, count);
  return `${kind}_${count}`;
}

/** Makes a name readable by the rest of the current `repeat` copy (DL307 when a readable name has it already). */
export function defineLocalName(walk: Walk, name: string, definition: TextRange, flow: Flow | undefined): void {
  const existing = walk.outputs.get(name);
  if (existing) {
    walk.sink.report('DL307', definition, `Layer name '${name}' is used twice in this model — a name given inside repeat must differ from the names readable where it is given; rename one`, {
      related: [{ range: existing.definition, message: `'${name}' here` }],
    });
    return;
  }
  walk.outputs.set(name, { flow, definition });
  walk.localStack.push(name);
}

/** Ends a `repeat` copy: the names it gave are no longer readable. */
export function endLocalNames(walk: Walk, depth: number): void {
  while (walk.localStack.length > depth) walk.outputs.delete(walk.localStack.pop() as string);
}
