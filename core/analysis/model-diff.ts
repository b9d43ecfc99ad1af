import type { TextRange } from '../common/range';
import type { LayerSummary, ModelSummary, Shape } from './summary';
import { findLayer, findMerge, type ArgumentSpec } from './catalog';
import { argumentValueText } from './argument-text';

/**
 * Two versions of a model, layer by layer: which layers were added, removed or changed, and what
 * that does to shapes, parameters and MACs. Layers are aligned as a person reads the two files:
 * a layer keeps its identity when it keeps a name it was given, or else when the sequence of
 * layer kinds around it lines up (an alignment of the two layer lists that prefers, in order,
 * equal given names, equal arguments and equal kinds). Generated names (`dense_2`) carry no
 * identity, because inserting one layer renumbers every later one.
 */

export type LayerChange = 'added' | 'removed' | 'changed' | 'unchanged';

/** One side of a row: the layer as one of the two files has it. */
export interface DiffSide {
  readonly name: string;
  readonly kind: string;
  readonly statementRange: TextRange;
  readonly outputShape: Shape | undefined;
  /** Trainable plus non-trainable, as PyTorch's `numel` over `parameters()` and buffers counts. */
  readonly params: bigint;
  readonly macs: bigint;
}

/** An argument whose value differs, as written in source (`16`, `relu`, `[2, 2]`). */
export interface ArgumentChange {
  readonly name: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

export interface LayerDiff {
  readonly change: LayerChange;
  readonly before: DiffSide | undefined;
  readonly after: DiffSide | undefined;
  /** Only the arguments that differ (defaults filled in, so `dense(4)` equals `dense(4, activation: linear)`). */
  readonly arguments: readonly ArgumentChange[];
  readonly paramsDelta: bigint;
  readonly macsDelta: bigint;
}

export interface DiffTotals {
  readonly layersBefore: number;
  readonly layersAfter: number;
  readonly paramsBefore: bigint;
  readonly paramsAfter: bigint;
  readonly macsBefore: bigint;
  readonly macsAfter: bigint;
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
}

export interface ModelDiff {
  readonly beforeModel: string;
  readonly afterModel: string;
  readonly inputBefore: Shape | undefined;
  readonly inputAfter: Shape | undefined;
  readonly outputBefore: Shape | undefined;
  readonly outputAfter: Shape | undefined;
  /** In reading order: rows of both files interleaved, a removed layer before the one added in its place. */
  readonly layers: readonly LayerDiff[];
  readonly totals: DiffTotals;
}

/**
 * Above this many cells (layers before × layers after) the alignment is made greedily instead of
 * optimally, so a 100,000-layer file costs linear time rather than 10^10 cells.
 */
const optimalAlignmentCells = 4_000_000;

export function diffModels(before: ModelSummary, after: ModelSummary): ModelDiff {
  const pairs = before.layers.length * after.layers.length <= optimalAlignmentCells
    ? alignOptimally(before.layers, after.layers)
    : alignGreedily(before.layers, after.layers);
  const layers = pairs.map(([a, b]) => layerDiff(a, b));
  return {
    beforeModel: before.name,
    afterModel: after.name,
    inputBefore: before.input,
    inputAfter: after.input,
    outputBefore: before.output,
    outputAfter: after.output,
    layers,
    totals: totalsOf(before, after, layers),
  };
}

type Pair = readonly [LayerSummary | undefined, LayerSummary | undefined];

/** True for a name the checker made up (`dense_3`, `add_1`), which says nothing about identity. */
function isGeneratedName(layer: LayerSummary): boolean {
  return new RegExp(`^${layer.kind}_\\d+$`).test(layer.name);
}

/** What the alignment compares of a layer, worked out once per layer rather than once per pair. */
interface MatchKey {
  readonly kind: string;
  /** The compared arguments as text (see `changedArguments`); undefined when none are bound. */
  readonly args: string | undefined;
  /** The name it was given, or undefined for a generated one. */
  readonly givenName: string | undefined;
}

function matchKey(layer: LayerSummary): MatchKey {
  const args = layer.args === undefined ? undefined : comparedArguments(layer.kind).map((spec) => argumentText(layer, spec.name) ?? '').join('\u0000');
  return { kind: layer.kind, args, givenName: isGeneratedName(layer) ? undefined : layer.name };
}

/** How well two layers correspond: undefined when they cannot be the same layer (different kinds). */
function matchScore(a: MatchKey, b: MatchKey): number | undefined {
  if (a.kind !== b.kind) return undefined;
  let score = 1;
  // Arguments unknown on either side count as equal, as `changedArguments` reports no change then.
  if (a.args === undefined || b.args === undefined || a.args === b.args) score += 2;
  if (a.givenName !== undefined && a.givenName === b.givenName) score += 4;
  return score;
}

/** The highest-scoring order-preserving alignment (a weighted longest common subsequence). */
function alignOptimally(a: readonly LayerSummary[], b: readonly LayerSummary[]): Pair[] {
  const keysA = a.map(matchKey);
  const keysB = b.map(matchKey);
  const width = b.length + 1;
  const best = new Float64Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const score = matchScore(keysA[i]!, keysB[j]!);
      const matched = score === undefined ? -1 : score + best[(i + 1) * width + j + 1]!;
      best[i * width + j] = Math.max(matched, best[(i + 1) * width + j]!, best[i * width + j + 1]!);
    }
  }
  const pairs: Pair[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const score = matchScore(keysA[i]!, keysB[j]!);
    const here = best[i * width + j]!;
    if (score !== undefined && here === score + best[(i + 1) * width + j + 1]!) pairs.push([a[i++], b[j++]]);
    else if (here === best[(i + 1) * width + j]) pairs.push([a[i++], undefined]);
    else pairs.push([undefined, b[j++]]);
  }
  while (i < a.length) pairs.push([a[i++], undefined]);
  while (j < b.length) pairs.push([undefined, b[j++]]);
  return pairs;
}

/** Linear fallback for huge files: pair layers of the same kind in order, skipping ahead a little. */
function alignGreedily(a: readonly LayerSummary[], b: readonly LayerSummary[]): Pair[] {
  const lookahead = 8;
  const pairs: Pair[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]!.kind === b[j]!.kind) { pairs.push([a[i++], b[j++]]); continue; }
    const skipB = b.slice(j, j + lookahead).findIndex((layer) => layer.kind === a[i]!.kind);
    if (skipB > 0) { for (let k = 0; k < skipB; k++) pairs.push([undefined, b[j++]]); continue; }
    pairs.push([a[i++], undefined]);
  }
  while (i < a.length) pairs.push([a[i++], undefined]);
  while (j < b.length) pairs.push([undefined, b[j++]]);
  return pairs;
}

/** The arguments a diff compares: the layer's own, not its inputs (`from:`, a merge's operands), which the shapes show. */
function comparedArguments(kind: string): readonly ArgumentSpec[] {
  return (findLayer(kind)?.args ?? findMerge(kind)?.args ?? []).filter((spec) => !spec.variadic && spec.name !== 'from');
}

/**
 * The arguments of two layers of one kind whose values differ; inputs (`from:`, merge operands)
 * are left to the shapes. A layer whose arguments are wrong has none bound: nothing is compared.
 */
function changedArguments(a: LayerSummary, b: LayerSummary): ArgumentChange[] {
  const changes: ArgumentChange[] = [];
  if (a.args === undefined || b.args === undefined) return changes;
  for (const spec of comparedArguments(a.kind)) {
    const before = argumentText(a, spec.name);
    const after = argumentText(b, spec.name);
    if (before !== after) changes.push({ name: spec.name, before, after });
  }
  return changes;
}

function argumentText(layer: LayerSummary, name: string): string | undefined {
  const value = layer.args?.get(name);
  return value === undefined ? undefined : argumentValueText(value);
}

function sideOf(layer: LayerSummary): DiffSide {
  return {
    name: layer.name,
    kind: layer.kind,
    statementRange: layer.statementRange,
    outputShape: layer.outputShape,
    params: layer.trainableParams + layer.nonTrainableParams,
    macs: layer.macs,
  };
}

const sameShape = (a: Shape | undefined, b: Shape | undefined): boolean => (a === undefined ? b === undefined : b !== undefined && a.length === b.length && a.every((d, i) => d === b[i]));

function layerDiff(a: LayerSummary | undefined, b: LayerSummary | undefined): LayerDiff {
  const before = a === undefined ? undefined : sideOf(a);
  const after = b === undefined ? undefined : sideOf(b);
  const args = a !== undefined && b !== undefined ? changedArguments(a, b) : [];
  const paramsDelta = (after?.params ?? 0n) - (before?.params ?? 0n);
  const macsDelta = (after?.macs ?? 0n) - (before?.macs ?? 0n);
  return { change: changeOf(before, after, args.length, paramsDelta, macsDelta), before, after, arguments: args, paramsDelta, macsDelta };
}

function changeOf(before: DiffSide | undefined, after: DiffSide | undefined, changedArgs: number, paramsDelta: bigint, macsDelta: bigint): LayerChange {
  if (before === undefined) return 'added';
  if (after === undefined) return 'removed';
  const same = changedArgs === 0 && paramsDelta === 0n && macsDelta === 0n && sameShape(before.outputShape, after.outputShape);
  return same ? 'unchanged' : 'changed';
}

function totalsOf(before: ModelSummary, after: ModelSummary, layers: readonly LayerDiff[]): DiffTotals {
  const count = (change: LayerChange): number => layers.filter((l) => l.change === change).length;
  return {
    layersBefore: before.layers.length,
    layersAfter: after.layers.length,
    paramsBefore: before.totalParams,
    paramsAfter: after.totalParams,
    macsBefore: before.macs,
    macsAfter: after.macs,
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
    unchanged: count('unchanged'),
  };
}
