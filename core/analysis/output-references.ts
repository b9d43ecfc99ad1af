import { LineIndex } from '../common/line-index';
import { closestName, didYouMean } from '../common/suggest';
import type { TextRange } from '../common/range';
import type { Statement, Value } from '../syntax/tree';
import type { Flow, Walk } from './model-walk';
import type { LayerInput } from './summary';

/** A named input resolved: what the layer summary records, and the flow it reads (undefined when unknown). */
export interface ResolvedInput {
  readonly input: LayerInput;
  readonly flow: Flow | undefined;
}

const lineIndexes = new WeakMap<Walk, LineIndex>();

/** The 1-based line of an offset, for messages that say where an input was made. */
export function lineOf(walk: Walk, offset: number): number {
  let index = lineIndexes.get(walk);
  if (!index) {
    index = new LineIndex(walk.text);
    lineIndexes.set(walk, index);
  }
  return index.positionAt(offset).line + 1;
}

/** How messages name an input: `stem (line 4)`, or `input` for the model's input. */
export function inputLabel(walk: Walk, input: LayerInput): string {
  return input.definition ? `${input.name} (line ${lineOf(walk, input.definition.start)})` : input.name;
}

/**
 * Resolves a name a call gives as an input (`from: stem`, `concat(b1, b2)`): `input`, or a layer
 * named by an earlier statement. Reports DL318 for a name no statement gives and DL319 for one
 * given by this statement or a later one (a layer reads only what is computed before it, so a
 * cycle cannot be written). Undefined when the value is not a name (the binder reports DL305).
 */
export function resolveInput(walk: Walk, value: Value, statement: TextRange): ResolvedInput | undefined {
  if (value.kind !== 'Name') return undefined;
  const name = value.text;
  if (name === 'input') {
    walk.references.push({ name, range: value.range, definition: undefined });
    return { input: { name, shape: walk.modelInput?.shape, definition: undefined }, flow: walk.modelInput };
  }
  const known = walk.outputs.get(name);
  if (known) {
    walk.references.push({ name, range: value.range, definition: known.definition });
    return { input: { name, shape: known.flow?.shape, definition: known.definition }, flow: known.flow };
  }
  const later = walk.declared.get(name);
  if (later) {
    walk.references.push({ name, range: value.range, definition: later });
    const own = later.start >= statement.start && later.end <= statement.end;
    const message = own
      ? `'${name}' is the name of this very layer: a layer cannot read its own output — read an earlier layer, or remove 'from: ${name}'`
      : `'${name}' is used before it is defined (line ${lineOf(walk, later.start)}) — a layer reads only outputs of statements above it; move this statement below '${name} = …'`;
    walk.sink.report('DL319', value.range, message, { related: [{ range: later, message: `'${name}' is defined here` }] });
    return { input: { name, shape: undefined, definition: later }, flow: undefined };
  }
  const candidates = ['input', ...walk.outputs.keys()];
  const suggestion = closestName(name, candidates);
  const listed = walk.outputs.size > 0 ? ` (the names above: ${[...walk.outputs.keys()].slice(0, 20).join(', ')}, or input)` : ' (no layer above is named: write name = layer(…) to name one, or use input)';
  walk.sink.report('DL318', value.range, `Unknown name '${name}'${didYouMean(suggestion)}${listed}`, {
    fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: value.range, newText: suggestion }] }] : [],
  });
  walk.references.push({ name, range: value.range, definition: undefined });
  return { input: { name, shape: undefined, definition: undefined }, flow: undefined };
}

/**
 * Every name a model's statements give outside `repeat` (where naming is an error, DL310), with
 * the first place each is given: known before the walk so that a use above its definition says so.
 */
export function declaredNames(statements: readonly Statement[]): Map<string, TextRange> {
  const names = new Map<string, TextRange>();
  const stack = [...statements].reverse();
  while (stack.length > 0) {
    const statement = stack.pop() as Statement;
    if (statement.kind === 'Layer' && statement.name && !names.has(statement.name.text)) names.set(statement.name.text, statement.name.range);
    if (statement.kind === 'Residual') stack.push(...[...(statement.body?.items ?? []), ...(statement.shortcut?.body?.items ?? [])].reverse());
  }
  return names;
}
