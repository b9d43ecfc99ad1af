import { formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import type { DocumentAnalysis, ModelSummary, Shape } from '../analysis';
import { declaredNames } from '../analysis/output-references';
import type { Statement } from '../syntax/tree';
import { layersOfStatement, modelSummaryOf, type Location } from './locate';

/** A name a layer may read at some point of a model: `input` or an earlier named layer. */
export interface ReadableOutput {
  readonly name: string;
  readonly shape: Shape | undefined;
  /** `[64, 8, 8]` from line …, for completion details. */
  readonly detail: string;
}

/**
 * The outputs a statement at `offset` may read (`from:`, `add(…)`, `concat(…)`): the model's
 * input, then every name given by a statement above the one being written, in source order, then
 * the names of the `repeat` bodies around it (each enclosing repeat's `as` name, and the names
 * given above in its body), which are local to each copy.
 */
export function readableOutputs(analysis: DocumentAnalysis, location: Location, offset: number): ReadableOutput[] {
  if (!location.model) return [];
  const model = modelSummaryOf(analysis, location.model);
  const before = location.layer?.range.start ?? offset;
  const outputs: ReadableOutput[] = [{ name: 'input', shape: model?.input, detail: `the model's input ${formatShape(model?.input)}` }];
  for (const [name, definition] of declaredNames(location.model.body?.items ?? [])) {
    if (definition.start >= before) continue;
    const shape = model?.layers.find((l) => l.name === name)?.outputShape;
    outputs.push({ name, shape, detail: `output ${formatShape(shape)}` });
  }
  for (const local of localNamesAt(location.model.body?.items ?? [], before)) {
    const shape = model ? copyShapes(model, local.definition)[0] : undefined;
    outputs.push({ name: local.name, shape, detail: `${local.isInput ? "each copy's input" : 'output'} ${formatShape(shape)} (first copy; local to each copy of the repeat)` });
  }
  return outputs;
}

interface LocalNameAt {
  readonly name: string;
  readonly definition: TextRange;
  /** True for a repeat's `as` name. */
  readonly isInput: boolean;
}

/** The names local to the repeat copies that contain `offset`, given above it. */
function localNamesAt(statements: readonly Statement[], offset: number): LocalNameAt[] {
  const found: LocalNameAt[] = [];
  const visit = (items: readonly Statement[], inRepeat: boolean): void => {
    for (const statement of items) {
      if (statement.range.start >= offset) return;
      if (inRepeat && statement.kind === 'Layer' && statement.name) found.push({ name: statement.name.text, definition: statement.name.range, isInput: false });
      if (statement.kind === 'Residual' && statement.range.end >= offset) visit([...(statement.body?.items ?? []), ...(statement.shortcut?.body?.items ?? [])], inRepeat);
      if (statement.kind === 'Repeat' && statement.body && statement.body.range.start < offset && (statement.range.end > offset || !statement.body.closed)) {
        if (statement.as?.name) found.push({ name: statement.as.name.text, definition: statement.as.name.range, isInput: true });
        visit(statement.body.items, true);
      }
    }
  };
  visit(statements, false);
  return found;
}

/**
 * The shape a name given inside `repeat` holds in each copy, in copy order: read off the layers
 * of the statement that gives it, or (a repeat's `as` name) off the inputs of the layers that read it.
 */
export function copyShapes(model: ModelSummary, definition: TextRange): Shape[] {
  const shapes: Shape[] = [];
  for (const layer of model.layers) {
    if (layer.statementRange.start <= definition.start && definition.end <= layer.statementRange.end && layer.outputShape && layersOfStatement(model, layer.statementRange)[0] === layer) {
      for (const copy of layersOfStatement(model, layer.statementRange)) if (copy.outputShape) shapes.push(copy.outputShape);
      return shapes;
    }
  }
  const seen = new Set<number>();
  for (const layer of model.layers) {
    for (const input of layer.inputs ?? []) {
      if (input.definition?.start === definition.start && input.shape && !seen.has(layer.copy)) {
        seen.add(layer.copy);
        shapes.push(input.shape);
      }
    }
  }
  return shapes;
}
