import { formatCount, formatShape } from '../common/format';
import { closestName, didYouMean } from '../common/suggest';
import { range, type TextRange } from '../common/range';
import type { LayerStatement } from '../syntax/tree';
import { bindArguments, sameArguments, type Binding } from './arguments';
import { findLayer, findMerge, isShapeProblem, layerArguments, layerNames, mergeNames, type LayerEntry, type LayerResult, type ShapeProblem } from './catalog';
import type { BoundArguments } from './catalog/types';
import { layerSummary, type Copy } from './layer-summary';
import { checkMerge } from './merge-checker';
import { addLayer, addNode, defineLocalName, nextGeneratedName, registerName, type Flow, type Walk } from './model-walk';
import { resolveInput } from './output-references';
import { modelInputValue, type LayerSummary, type Shape } from './summary';
import { exceedsExactCount, sameShape } from './shape-math';

/** The largest count a number holds exactly (2^53 − 1): shapes stay below it so that every count derived from them is exact. */
export const maxExactCount = BigInt(Number.MAX_SAFE_INTEGER);
export const maxExactText = `${formatCount(Number.MAX_SAFE_INTEGER)} (2^53 − 1)`;

/**
 * The name of the layer a statement makes: the one written, or the generated `kind_N`. Inside
 * `repeat` a written name `x` is local to each copy, and the layer of copy k is called `x_k` (so
 * that every copy's parameters have their own names). Registers it (DL307).
 */
export function statementName(walk: Walk, statement: LayerStatement, kind: string): string {
  const generated = nextGeneratedName(walk, kind);
  if (!statement.name) {
    registerName(walk, generated, statement.range, false, kind);
    return generated;
  }
  if (walk.insideRepeat) {
    const copyName = nextGeneratedName(walk, statement.name.text);
    registerName(walk, copyName, statement.name.range, false, statement.name.text);
    return copyName;
  }
  registerName(walk, statement.name.text, statement.name.range, true);
  return statement.name.text;
}

/** Makes a statement's written name readable by later statements (the first statement to give a name keeps it; inside `repeat`, for the rest of the copy). */
export function defineOutput(walk: Walk, statement: LayerStatement, flow: Flow | undefined): Flow | undefined {
  const name = statement.name;
  if (!name) return flow;
  if (walk.insideRepeat) defineLocalName(walk, name.text, name.range, flow);
  else if (!walk.outputs.has(name.text)) walk.outputs.set(name.text, { flow, definition: name.range });
  return flow;
}

/** Checks a layer or merge statement reading `flow`; returns what it outputs (undefined when unknown). */
export function checkLayer(walk: Walk, statement: LayerStatement, flow: Flow | undefined, copy: Copy): Flow | undefined {
  const call = statement.call;
  // Without `(` the parser reported DL218; checking arguments that are not there would only repeat it.
  if (!call || !call.argsRange) return defineOutput(walk, statement, undefined);
  const merge = findMerge(call.callee.text);
  if (merge) return defineOutput(walk, statement, checkMerge(walk, statement, call, merge, copy));
  const spec = findLayer(call.callee.text);
  if (!spec) {
    const suggestion = closestName(call.callee.text, [...layerNames, ...mergeNames]);
    walk.sink.report('DL301', call.callee.range, `Unknown layer '${call.callee.text}'${didYouMean(suggestion)}`, {
      fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: call.callee.range, newText: suggestion }] }] : [],
    });
    return defineOutput(walk, statement, undefined);
  }
  const binding = bindArguments(call, layerArguments(spec), spec.name, walk.sink);
  const from = binding.sources.get('from')?.value;
  const named = from ? resolveInput(walk, from, statement.range) : undefined;
  const input = from ? named?.flow : flow;
  if (input) walk.consumed.add(input.value);
  const readsModelInput = input?.value === modelInputValue && !walk.insideResidual;
  const name = statementName(walk, statement, spec.name);
  const inputs = named ? [named.input] : undefined;
  if (!input || !(binding.complete || shapeNeutralOnly(binding))) return failedLayer(walk, statement, layerSummary(name, spec.name, statement.range, copy, input?.shape, inputs));
  const inference = inferLayer(spec, input.shape, binding.args, readsModelInput);
  const result = inference.result;
  if (isShapeProblem(result)) {
    const source = result.argument ? binding.sources.get(result.argument) : undefined;
    walk.sink.report(result.code, source?.range ?? call.range, result.message);
    return failedLayer(walk, statement, layerSummary(name, spec.name, statement.range, copy, input.shape, inputs));
  }
  if (exceedsExactCount(result.output)) {
    walk.sink.report('DL408', call.range, `${spec.name} gives ${formatShape(result.output)}: more values per sample than the ${maxExactText} that can be counted exactly — use fewer units or filters, or a smaller input`);
    return failedLayer(walk, statement, layerSummary(name, spec.name, statement.range, copy, input.shape, inputs));
  }
  for (const warning of result.warnings ?? []) {
    walk.sink.report(warning.code, call.range, warning.message, warning.code === 'DL405' ? { fixes: [insertFlattenFix(walk.text, statement.range)] } : {});
  }
  // An equal earlier binding is kept instead of this one: the summary then holds no new objects for its arguments.
  const layer = layerSummary(name, spec.name, statement.range, copy, input.shape, inputs, frozen(walk, result, binding), inference.args);
  addLayer(walk, layer);
  return defineOutput(walk, statement, { shape: result.output, value: addNode(walk, layer, [input.value]) });
}

/**
 * Adds the summary of a layer whose output is unknown; its written name reads as unknown. A
 * function, not a closure made by every `checkLayer` whether it fails or not.
 */
function failedLayer(walk: Walk, statement: LayerStatement, summary: LayerSummary): undefined {
  addLayer(walk, summary);
  defineOutput(walk, statement, undefined);
  return undefined;
}

/** A recent inference of a layer kind: its context and result. */
export interface Inference {
  readonly input: Shape;
  readonly args: BoundArguments;
  readonly readsModelInput: boolean;
  readonly result: LayerResult | ShapeProblem;
}

/** How many recent inferences each kind keeps: a model alternates a few variants of a layer (a stack's first conv and the rest). */
const inferencesPerKind = 4;

const recentInferences = new Map<LayerEntry, Inference[]>();

/**
 * `spec.infer` of the context, reusing one of the kind's recent inferences when the context is
 * equal: shape rules are pure, and a large model repeats the same layer on the same shape (residual
 * blocks, stacks), where recomputing rebuilt the same output shape, bigint counts and formula each
 * time. The inference returned holds the arguments it was made from, equal to `args`: layers then
 * share immutable arguments, shapes and counts, as a shape-keeping layer already shares its input's.
 */
export function inferLayer(spec: LayerEntry, input: Shape, args: BoundArguments, readsModelInput: boolean): Inference {
  let recent = recentInferences.get(spec);
  if (recent === undefined) recentInferences.set(spec, (recent = []));
  for (const last of recent) {
    if (last.readsModelInput === readsModelInput && sameShape(last.input, input) && sameArguments(last.args, args)) return last;
  }
  const inference = { input, args, readsModelInput, result: spec.infer({ input, args, readsModelInput }) };
  if (recent.length === inferencesPerKind) recent.pop();
  recent.unshift(inference);
  return inference;
}

/** A layer written with `trainable: false`: its trainable parameters count as non-trainable (DL417 when it has none). */
function frozen(walk: Walk, result: LayerResult, binding: Binding): LayerResult {
  if (binding.args.get('trainable') !== false) return result;
  if (result.trainableParams === 0n) {
    const source = binding.sources.get('trainable');
    if (source) walk.sink.report('DL417', source.range, 'This layer has no trainable parameters: `trainable: false` freezes nothing — remove it');
    return result;
  }
  return { ...result, trainableParams: 0n, nonTrainableParams: result.nonTrainableParams + result.trainableParams, formula: '' };
}

/**
 * True when the only wrong values are activation or initialiser names: neither changes a layer's
 * shape or parameter count, so the layer is inferred with the default in their place and the layers
 * after it keep their shapes (one typo in `activation: relux` used to blank the whole model).
 */
function shapeNeutralOnly(binding: Binding): boolean {
  return binding.rejected !== undefined && binding.rejected.every((spec) => spec.default !== undefined && spec.type.kind === 'choice' && (spec.type.what === 'activation' || spec.type.what === 'initialiser'));
}

/** Inserts `flatten()` on its own line above the statement, with the statement's indentation. */
function insertFlattenFix(text: string, statement: TextRange): { title: string; edits: { range: TextRange; newText: string }[] } {
  let lineStart = statement.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  const before = text.slice(lineStart, statement.start);
  const indentation = /^[ \t]*$/.test(before) ? before : '';
  const at = indentation === before ? lineStart : statement.start;
  const newText = indentation === before ? `${indentation}flatten()\n` : 'flatten(); ';
  return { title: 'Insert flatten() before this layer', edits: [{ range: range(at, at), newText }] };
}
