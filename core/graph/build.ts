import type { Diagnostic } from '../common/diagnostic';
import { formatShape, jsonCount } from '../common/format';
import type { TextRange } from '../common/range';
import { isMergeKind, modelInputValue, type DocumentAnalysis, type LayerSummary, type ModelSummary } from '../analysis';
import { groupIdsOf, rangeKey, repeatChains, type RepeatBlock } from './repeat-groups';
import type { GraphEdgeKind, GraphView, GraphViewDiagnostic, GraphViewEdge, GraphViewGroup, GraphViewNode } from './types';

export const inputNodeId = 'in';

/** Node ids by layer: `n:` + name, with `#2`, `#3` … for a name given twice (an error the checker reports). */
function nodeIds(layers: readonly LayerSummary[]): Map<LayerSummary, string> {
  const ids = new Map<LayerSummary, string>();
  const seen = new Map<string, number>();
  for (const layer of layers) {
    const times = (seen.get(layer.name) ?? 0) + 1;
    seen.set(layer.name, times);
    ids.set(layer, times === 1 ? `n:${layer.name}` : `n:${layer.name}#${times}`);
  }
  return ids;
}

function within(inner: TextRange, outer: TextRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/**
 * Each diagnostic of the model goes to the first layer of the smallest statement holding it (a
 * repeat's copies share their statement: the first copy shows it); the rest stay with the model.
 */
function placeDiagnostics(model: ModelSummary, diagnostics: readonly Diagnostic[]): { byLayer: Map<LayerSummary, GraphViewDiagnostic[]>; rest: GraphViewDiagnostic[] } {
  const firstByStatement = new Map<string, LayerSummary>();
  for (const layer of model.layers) if (!firstByStatement.has(rangeKey(layer.statementRange))) firstByStatement.set(rangeKey(layer.statementRange), layer);
  const statements = [...firstByStatement.values()].sort((a, b) => a.statementRange.end - a.statementRange.start - (b.statementRange.end - b.statementRange.start));
  const byLayer = new Map<LayerSummary, GraphViewDiagnostic[]>();
  const rest: GraphViewDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    if (!within(diagnostic.range, model.declaration.range)) continue;
    const view = { severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message };
    const owner = statements.find((layer) => within(diagnostic.range, layer.statementRange));
    if (owner) byLayer.set(owner, [...(byLayer.get(owner) ?? []), view]);
    else rest.push(view);
  }
  return { byLayer, rest };
}

/** What the edge from value `source` into `layer` means (see `GraphEdgeKind`). */
function edgeKind(layer: LayerSummary, source: number, previous: number): GraphEdgeKind {
  if (isMergeKind(layer.kind)) return layer.inputs === undefined && source !== previous ? 'residual' : layer.inputs === undefined ? 'flow' : 'merge';
  return source === previous ? 'flow' : 'branch';
}

/** The repeat groups, outermost first, with each one's parameters summed over its layers. */
function collectGroups(model: ModelSummary, groupOf: Map<LayerSummary, string[]>, blocks: Map<string, RepeatBlock>): GraphViewGroup[] {
  const params = new Map<string, bigint>();
  const parents = new Map<string, string | undefined>();
  for (const layer of model.layers) {
    const ids = groupOf.get(layer) ?? [];
    ids.forEach((id, i) => {
      params.set(id, (params.get(id) ?? 0n) + layer.trainableParams + layer.nonTrainableParams);
      parents.set(id, ids[i - 1]);
    });
  }
  return [...params.keys()].map((id) => {
    const block = blocks.get(id)!;
    const parent = parents.get(id);
    return { id, label: `repeat ×${block.count}`, count: block.count, range: block.range, params: jsonCount(params.get(id)!), ...(parent ? { parent } : {}) };
  });
}

/**
 * The graph view of one model from its analysis: the input, one node per layer (every copy of a
 * `repeat`, grouped), edges labelled with the shapes they carry and typed by what they are
 * (branch, merge input, residual shortcut), diagnostics on the layers they are about, totals.
 * Layers after an error have no value in `ModelSummary.graph`; they are shown joined in source
 * order by `unknown` edges so the picture still shows the whole model and where it broke.
 */
export function buildGraphView(analysis: DocumentAnalysis, model: ModelSummary): GraphView {
  const ids = nodeIds(model.layers);
  const chains = repeatChains(model.declaration);
  const blocks = new Map<string, RepeatBlock>();
  const groupOf = new Map<LayerSummary, string[]>();
  for (const layer of model.layers) {
    const chain = chains.get(rangeKey(layer.statementRange)) ?? [];
    const groupIds = groupIdsOf(chain, layer.copy);
    groupIds.forEach((id, i) => blocks.set(id, chain[i]!));
    groupOf.set(layer, groupIds);
  }
  const { byLayer, rest } = placeDiagnostics(model, analysis.diagnostics);
  const valueOf = new Map<LayerSummary, number>();
  model.graph.nodes.forEach((node, i) => valueOf.set(node.layer, i));
  const idOfValue = (value: number): string => (value === modelInputValue ? inputNodeId : ids.get(model.graph.nodes[value]!.layer)!);
  const shapeOfValue = (value: number): string => formatShape(value === modelInputValue ? model.input : model.graph.nodes[value]!.layer.outputShape);
  const nodes: GraphViewNode[] = [
    { id: inputNodeId, role: 'input', kind: 'input', name: 'input', shape: formatShape(model.input), params: 0, range: model.declaration.keyword, output: model.graph.output === modelInputValue && model.output !== undefined, unknown: model.input === undefined, diagnostics: [] },
  ];
  const edges: GraphViewEdge[] = [];
  let previousId = inputNodeId;
  for (const layer of model.layers) {
    const id = ids.get(layer)!;
    const value = valueOf.get(layer);
    const groupIds = groupOf.get(layer)!;
    const group = groupIds[groupIds.length - 1];
    nodes.push({
      id,
      role: isMergeKind(layer.kind) ? 'merge' : 'layer',
      kind: layer.kind,
      name: layer.name,
      shape: formatShape(layer.outputShape),
      params: jsonCount(layer.trainableParams + layer.nonTrainableParams),
      range: layer.statementRange,
      ...(group ? { group } : {}),
      output: value !== undefined && value === model.graph.output && model.output !== undefined,
      unknown: value === undefined,
      diagnostics: byLayer.get(layer) ?? [],
    });
    if (value === undefined) edges.push({ from: previousId, to: id, kind: 'unknown', label: '' });
    else {
      const inputs = model.graph.nodes[value]!.inputs;
      // The value the previous statement produced: the residual body's end, or the layer just above.
      const previous = isMergeKind(layer.kind) && layer.inputs === undefined ? inputs[0]! : value - 1;
      for (const source of inputs) edges.push({ from: idOfValue(source), to: id, kind: edgeKind(layer, source, previous), label: shapeOfValue(source) });
    }
    previousId = id;
  }
  return {
    model: model.name,
    modelRange: model.declaration.keyword,
    nodes,
    edges,
    groups: collectGroups(model, groupOf, blocks),
    diagnostics: rest,
    totals: {
      layers: model.layers.length,
      trainableParams: jsonCount(model.trainableParams),
      nonTrainableParams: jsonCount(model.nonTrainableParams),
      macs: jsonCount(model.macs),
      parameterBytes: jsonCount(model.parameterBytes),
      input: formatShape(model.input),
      output: formatShape(model.output),
    },
  };
}

/** The model a view is for: the one whose declaration holds `offset`, or by name, or the first. */
export function pickModel(analysis: DocumentAnalysis, choice: { offset?: number; name?: string } = {}): ModelSummary | undefined {
  const { offset, name } = choice;
  if (name !== undefined) return analysis.models.find((m) => m.name === name);
  if (offset !== undefined) {
    const holding = analysis.models.find((m) => m.declaration.range.start <= offset && offset <= m.declaration.range.end);
    if (holding) return holding;
  }
  return analysis.models[0];
}
