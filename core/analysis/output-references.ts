import { LineIndex } from '../common/line-index';
import { closestName, didYouMean } from '../common/suggest';
import type { TextRange } from '../common/range';
import type { Statement, Value } from '../syntax/tree';
import type { Flow, LocalName, Walk } from './model-walk';
import type { LayerInput, OutputReference } from './summary';

/** A named input resolved: what the layer summary records, and the flow it reads (undefined when unknown). */
export interface ResolvedInput {
  readonly input: LayerInput;
  readonly flow: Flow | undefined;
}

const lineIndexes = new WeakMap<Walk, LineIndex>();
const referencedAt = new WeakMap<Walk, Set<number>>();

/** Records where a name is read, once per place: every copy of a `repeat` reads it again at the same offset. */
function addReference(walk: Walk, reference: OutputReference): void {
  let seen = referencedAt.get(walk);
  if (!seen) {
    seen = new Set();
    referencedAt.set(walk, seen);
  }
  if (seen.has(reference.range.start)) return;
  seen.add(reference.range.start);
  walk.references.push(reference);
}

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
    addReference(walk, { name, range: value.range, definition: undefined });
    return { input: { name, shape: walk.modelInput?.shape, definition: undefined }, flow: walk.modelInput };
  }
  const known = walk.outputs.get(name);
  if (known) {
    addReference(walk, { name, range: value.range, definition: known.definition });
    return { input: { name, shape: known.flow?.shape, definition: known.definition }, flow: known.flow };
  }
  const later = walk.declared.get(name);
  if (later) {
    addReference(walk, { name, range: value.range, definition: later });
    const own = later.start >= statement.start && later.end <= statement.end;
    const message = own
      ? `'${name}' is the name of this very layer: a layer cannot read its own output — read an earlier layer, or remove 'from: ${name}'`
      : `'${name}' is used before it is defined (line ${lineOf(walk, later.start)}) — a layer reads only outputs of statements above it; move this statement below '${name} = …'`;
    walk.sink.report('DL319', value.range, message, { related: [{ range: later, message: `'${name}' is defined here` }] });
    return { input: { name, shape: undefined, definition: later }, flow: undefined };
  }
  const local = walk.localDeclared.get(name);
  if (local) {
    addReference(walk, { name, range: value.range, definition: local.definition });
    const inside = value.range.start >= local.repeat.start && value.range.end <= local.repeat.end;
    const message = inside
      ? `'${name}' is used before it is defined (line ${lineOf(walk, local.definition.start)}) — inside a repeat a layer reads only names given above it in the same copy, or the repeat's 'as' name`
      : `'${name}' is given inside the repeat at line ${lineOf(walk, local.repeat.start)}: each copy has its own '${name}', readable only by the statements below it in that copy — to read the repeat's result here, name a layer after the repeat`;
    walk.sink.report(inside ? 'DL319' : 'DL321', value.range, message, { related: [{ range: local.definition, message: `'${name}' is given here, once per copy` }] });
    return { input: { name, shape: undefined, definition: local.definition }, flow: undefined };
  }
  const candidates = ['input', ...walk.outputs.keys()];
  const suggestion = closestName(name, candidates);
  const listed = walk.outputs.size > 0 ? ` (the names above: ${[...walk.outputs.keys()].slice(0, 20).join(', ')}, or input)` : ' (no layer above is named: write name = layer(…) to name one, or use input)';
  walk.sink.report('DL318', value.range, `Unknown name '${name}'${didYouMean(suggestion)}${listed}`, {
    fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: value.range, newText: suggestion }] }] : [],
  });
  addReference(walk, { name, range: value.range, definition: undefined });
  return { input: { name, shape: undefined, definition: undefined }, flow: undefined };
}

/**
 * Every name given inside a `repeat` body or by a repeat's `as`, with the first place each is given
 * and the repeat whose copies own it (the innermost): such a name is readable only inside its copy.
 */
export function localDeclaredNames(statements: readonly Statement[]): Map<string, LocalName> {
  const names = new Map<string, LocalName>();
  const visit = (items: readonly Statement[], repeat: TextRange | undefined): void => {
    for (const statement of items) {
      if (statement.kind === 'Layer' && statement.name && repeat && !names.has(statement.name.text)) names.set(statement.name.text, { definition: statement.name.range, repeat });
      if (statement.kind === 'Residual') visit([...(statement.body?.items ?? []), ...(statement.shortcut?.body?.items ?? [])], repeat);
      if (statement.kind === 'Repeat') {
        const as = statement.as?.name;
        if (as && !names.has(as.text)) names.set(as.text, { definition: as.range, repeat: statement.range });
        visit(statement.body?.items ?? [], statement.range);
      }
    }
  };
  visit(statements, undefined);
  return names;
}

/**
 * Every name a model's statements give outside `repeat` (names inside are local to each copy), with
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
