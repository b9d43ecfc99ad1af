import { touches, type TextRange } from '../common/range';
import { nodePathAt } from '../syntax';
import type { Argument, Call, LayerStatement, ModelDeclaration, SyntaxNode, TrainDeclaration, TrainEntry } from '../syntax';
import { catalog, type DocumentAnalysis, type LayerSummary, type ModelSummary } from '../analysis';

/** Where an offset sits, in the terms the IDE features need. */
export interface Location {
  readonly path: readonly SyntaxNode[];
  readonly model?: ModelDeclaration;
  readonly train?: TrainDeclaration;
  /** The innermost call whose parentheses hold the offset. */
  readonly call?: Call;
  readonly argument?: Argument;
  readonly entry?: TrainEntry;
  readonly layer?: LayerStatement;
}

/** Describes what surrounds `offset` (innermost nodes win). */
export function locate(analysis: DocumentAnalysis, offset: number): Location {
  const path = nodePathAt(analysis.file, offset);
  let model: ModelDeclaration | undefined;
  let train: TrainDeclaration | undefined;
  let call: Call | undefined;
  let argument: Argument | undefined;
  let entry: TrainEntry | undefined;
  let layer: LayerStatement | undefined;
  for (const node of path) {
    switch (node.kind) {
      case 'Model':
        model = node;
        break;
      case 'Train':
        train = node;
        break;
      case 'Call':
        if (node.argsRange && offset > node.argsRange.start && (offset < node.argsRange.end || !node.closed)) {
          call = node;
          argument = undefined;
        }
        break;
      case 'Argument':
        argument = node;
        break;
      case 'TrainEntry':
        entry = node;
        break;
      case 'Layer':
        layer = node;
        break;
      case 'Boolean':
      case 'Error':
      case 'File':
      case 'Identifier':
      case 'Input':
      case 'List':
      case 'Name':
      case 'Number':
      case 'Repeat':
      case 'Residual':
      case 'Shape':
      case 'Shortcut':
      case 'String':
        break;
    }
  }
  return { path, ...(model ? { model } : {}), ...(train ? { train } : {}), ...(call ? { call } : {}), ...(argument ? { argument } : {}), ...(entry ? { entry } : {}), ...(layer ? { layer } : {}) };
}

/** The innermost node at the offset. */
export function innermost(location: Location): SyntaxNode | undefined {
  return location.path[location.path.length - 1];
}

/** The summary of the model declared by this node. */
export function modelSummaryOf(analysis: DocumentAnalysis, declaration: ModelDeclaration): ModelSummary | undefined {
  return analysis.models.find((m) => m.declaration === declaration);
}

/** Each model's layers by the start of their statement, built once per analysis. */
const layersByStatementStart = new WeakMap<ModelSummary, Map<number, LayerSummary[]>>();

/**
 * Every expanded layer produced by one statement (several for a statement inside `repeat`). The
 * index makes it cost the statement's own layers, so an outline that asks for every statement
 * stays linear in the model's size.
 */
export function layersOfStatement(model: ModelSummary, statement: TextRange): LayerSummary[] {
  let index = layersByStatementStart.get(model);
  if (!index) {
    index = new Map();
    for (const layer of model.layers) {
      const group = index.get(layer.statementRange.start);
      if (group) group.push(layer);
      else index.set(layer.statementRange.start, [layer]);
    }
    layersByStatementStart.set(model, index);
  }
  return (index.get(statement.start) ?? []).filter((l) => l.statementRange.end === statement.end);
}

/** All parameters of some layers, trainable or not. */
export function parametersOf(layers: readonly LayerSummary[]): bigint {
  let sum = 0n;
  for (const layer of layers) sum += layer.trainableParams + layer.nonTrainableParams;
  return sum;
}

/** True when the offset is on the identifier's text (a cursor at either end counts). */
export function onRange(range: TextRange | undefined, offset: number): boolean {
  return range !== undefined && touches(range, offset);
}

/** What the catalog says about a callable: a layer, data set, optimizer or schedule. */
export interface CallableInfo {
  readonly name: string;
  readonly args: readonly catalog.ArgumentSpec[];
  readonly summary: string;
  readonly doc: string;
}

/** The family of calls a `train` key takes (one call or a list of them), if it takes calls: read from the catalog. */
export function familyOfKey(key: string | undefined): catalog.CallFamily | undefined {
  const type = catalog.trainKeys.find((k) => k.name === key)?.type;
  return type?.kind === 'call' || type?.kind === 'calls' ? type.family : undefined;
}

/** The catalog spec of a call, by where the call stands (model layer, data, optimizer, schedule, loss). */
export function callSpec(location: Location, call: Call): CallableInfo | undefined {
  if (location.model) {
    const layer = catalog.findLayer(call.callee.text);
    return layer ? { name: layer.name, args: catalog.layerArguments(layer), summary: layer.summary, doc: layer.doc } : catalog.findMerge(call.callee.text);
  }
  const family = familyOfKey(location.entry?.key.text);
  return family ? findCallable(family, call.callee.text) : undefined;
}

/** A callable of the family, or of a family its callables' arguments take (`halving` inside `grid(…, early_stop: …)`). */
function findCallable(family: catalog.CallFamily, name: string): catalog.CallableSpec | undefined {
  const own = catalog.callablesOf(family);
  const found = own.find((c) => c.name === name);
  if (found) return found;
  const nested = own.flatMap((c) => c.args).flatMap((a) => (a.type.kind === 'call' || a.type.kind === 'calls') && a.type.family !== family ? [a.type.family] : []);
  for (const inner of new Set(nested)) {
    const spec = catalog.callablesOf(inner).find((c) => c.name === name);
    if (spec) return spec;
  }
  return undefined;
}
