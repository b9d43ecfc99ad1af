import type { DiagnosticSink } from '../common/diagnostic-sink';
import { formatShape } from '../common/format';
import { closestName, didYouMean } from '../common/suggest';
import { range, type TextRange } from '../common/range';
import type { Block, InputStatement, LayerStatement, ModelDeclaration, RepeatStatement, ResidualStatement, Statement } from '../syntax/tree';
import { bindArguments } from './arguments';
import { findLayer, isShapeProblem, layerNames, type LayerResult } from './catalog';
import { addShortcutFix, shortcutLayer } from './residual-shortcut';
import type { LayerSummary, ModelStep, ModelSummary, Shape } from './summary';
import type { BoundArguments } from './catalog/types';

/** More expanded layers than this is a runaway `repeat`, not a model; checking stops there. */
export const maxExpandedLayers = 100_000;

interface Copy {
  readonly index: number;
  readonly count: number;
}

/** Mutable state of one model's walk. */
interface Walk {
  readonly sink: DiagnosticSink;
  readonly text: string;
  readonly layers: LayerSummary[];
  /** The step list being filled: the model's, or a residual path's while it is walked. */
  steps: ModelStep[];
  readonly kindCounters: Map<string, number>;
  /** Name → where it was first given (an identifier for user names, the statement for generated ones). */
  readonly names: Map<string, { range: TextRange; userGiven: boolean }>;
  /** Generated names so far, kept only for kinds that some written name could collide with. */
  readonly generated: Map<string, TextRange>;
  /** Kinds `k` for which some written name has the form `k_N` (`dense` for a layer named `dense_2`). */
  readonly collidingKinds: ReadonlySet<string>;
  insideRepeat: boolean;
  insideResidual: boolean;
  overflowed: boolean;
}

function shapeOfInput(statement: InputStatement, sink: DiagnosticSink): Shape | undefined {
  const shape = statement.shape;
  if (!shape || shape.dims.length === 0) return undefined;
  const dims: number[] = [];
  for (const dim of shape.dims) {
    if (!dim.isIntegerLiteral || !Number.isInteger(dim.value)) return undefined; // the parser reported it
    if (dim.value < 1) {
      sink.report('DL407', dim.range, `Every input dimension must be a positive integer; got ${dim.text} — shapes exclude the batch, e.g. input [3, 32, 32]`);
      return undefined;
    }
    dims.push(dim.value);
  }
  return dims;
}

/**
 * Records a layer name. Generated names (`dense_3`) are unique by construction, so only names the
 * user wrote are kept in the map; a generated name is checked against them (and a user name
 * against the generated names so far) without storing the tens of thousands of generated ones.
 */
function registerName(walk: Walk, name: string, where: TextRange, userGiven: boolean): void {
  const first = walk.names.get(name);
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
  if (walk.collidingKinds.size > 0 && walk.collidingKinds.has(name.slice(0, name.lastIndexOf('_')))) walk.generated.set(name, where);
}

function nextGeneratedName(walk: Walk, kind: string): string {
  const count = (walk.kindCounters.get(kind) ?? 0) + 1;
  walk.kindCounters.set(kind, count);
  return `${kind}_${count}`;
}

/**
 * A layer's summary. Built as one literal with every field present (undefined where unknown) so
 * all summaries share one object shape: this is the hot path of checking a large model.
 */
function layerSummary(name: string, kind: string, statement: TextRange, copy: Copy, input: Shape | undefined, result?: LayerResult, args?: BoundArguments): LayerSummary {
  return {
    args,
    name,
    kind,
    statementRange: statement,
    copy: copy.index,
    copies: copy.count,
    inputShape: input,
    outputShape: result?.output,
    trainableParams: result?.trainableParams ?? 0,
    nonTrainableParams: result?.nonTrainableParams ?? 0,
    macs: result?.macs ?? 0,
    paramFormula: result?.formula ?? '',
  };
}

function checkLayer(walk: Walk, statement: LayerStatement, input: Shape | undefined, copy: Copy): Shape | undefined {
  const call = statement.call;
  // Without `(` the parser reported DL218; checking arguments that are not there would only repeat it.
  if (!call || !call.argsRange) return undefined;
  const spec = findLayer(call.callee.text);
  if (!spec) {
    const suggestion = closestName(call.callee.text, layerNames);
    walk.sink.report('DL301', call.callee.range, `Unknown layer '${call.callee.text}'${didYouMean(suggestion)}`, {
      fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: call.callee.range, newText: suggestion }] }] : [],
    });
    return undefined;
  }
  const readsModelInput = walk.layers.length === 0 && !walk.insideResidual;
  const binding = bindArguments(call, spec.args, spec.name, walk.sink);
  const generated = nextGeneratedName(walk, spec.name);
  let name = generated;
  if (statement.name) {
    if (walk.insideRepeat) {
      walk.sink.report('DL310', statement.name.range, `A layer inside repeat cannot be named: every copy would be called '${statement.name.text}' — remove '${statement.name.text} ='`, {
        fixes: [{ title: 'Remove the name', edits: [{ range: range(statement.name.range.start, call.range.start), newText: '' }] }],
      });
    } else {
      name = statement.name.text;
    }
  }
  registerName(walk, name, name === generated ? statement.range : statement.name!.range, name !== generated);
  if (!input || !binding.complete) {
    walk.layers.push(layerSummary(name, spec.name, statement.range, copy, input));
    return undefined;
  }
  const result = spec.infer({ input, args: binding.args, readsModelInput });
  if (isShapeProblem(result)) {
    const source = result.argument ? binding.sources.get(result.argument) : undefined;
    walk.sink.report(result.code, source?.range ?? call.range, result.message);
    walk.layers.push(layerSummary(name, spec.name, statement.range, copy, input));
    return undefined;
  }
  for (const warning of result.warnings ?? []) {
    walk.sink.report(warning.code, call.range, warning.message, warning.code === 'DL405' ? { fixes: [insertFlattenFix(walk.text, statement.range)] } : {});
  }
  const layer = layerSummary(name, spec.name, statement.range, copy, input, result, binding.args);
  walk.layers.push(layer);
  walk.steps.push({ kind: 'layer', layer });
  return result.output;
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

function checkRepeat(walk: Walk, statement: RepeatStatement, input: Shape | undefined, copy: Copy): Shape | undefined {
  const count = statement.count;
  if (!count || !statement.body || !count.isIntegerLiteral || !Number.isInteger(count.value)) return undefined;
  if (count.value < 1) {
    walk.sink.report('DL306', count.range, `repeat needs a count ≥ 1; got ${count.text} — remove the block or repeat it at least once`);
    return undefined;
  }
  const wasInside = walk.insideRepeat;
  walk.insideRepeat = true;
  let shape = input;
  for (let i = 0; i < count.value; i++) {
    if (walk.layers.length > maxExpandedLayers) {
      walk.overflowed = true;
      walk.sink.report('DL306', count.range, `repeat ${count.text} expands this model to more than ${maxExpandedLayers.toLocaleString('en-US')} layers — use a smaller count`);
      shape = undefined;
      break;
    }
    shape = checkStatements(walk, statement.body.items, shape, { index: copy.index * count.value + i, count: copy.count * count.value });
  }
  walk.insideRepeat = wasInside;
  return shape;
}

function checkResidual(walk: Walk, statement: ResidualStatement, input: Shape | undefined, copy: Copy): Shape | undefined {
  const wasInside = walk.insideResidual;
  const outerSteps = walk.steps;
  walk.insideResidual = true;
  const bodySteps: ModelStep[] = (walk.steps = []);
  const bodyShape = statement.body ? checkStatements(walk, statement.body.items, input, copy) : undefined;
  const shortcutSteps: ModelStep[] = (walk.steps = []);
  const shortcutShape = statement.shortcut?.body ? checkStatements(walk, statement.shortcut.body.items, input, copy) : statement.shortcut ? undefined : input;
  walk.insideResidual = wasInside;
  walk.steps = outerSteps;
  const addName = nextGeneratedName(walk, 'add');
  registerName(walk, addName, statement.range, false);
  const summary = layerSummary(addName, 'add', statement.range, copy, bodyShape);
  if (!bodyShape || !shortcutShape) {
    walk.layers.push(summary);
    return undefined;
  }
  if (bodyShape.length !== shortcutShape.length || bodyShape.some((d, i) => d !== shortcutShape[i])) {
    const shortcutAt = statement.shortcut?.keyword ?? statement.keyword;
    // The message names the layer that fixes it, and the quick fix adds that very layer.
    const layer = statement.shortcut ? undefined : shortcutLayer(shortcutShape, bodyShape);
    const fix = layer && statement.body?.closed ? addShortcutFix(statement, layer) : undefined;
    const advice = statement.shortcut
      ? 'make both paths end in the same shape'
      : `add a shortcut that maps ${formatShape(shortcutShape)} to ${formatShape(bodyShape)}${layer ? `, e.g. shortcut { ${layer} }` : ''}`;
    walk.sink.report('DL404', statement.keyword, `residual adds body(x) ${formatShape(bodyShape)} to ${statement.shortcut ? 'shortcut(x)' : 'x'} ${formatShape(shortcutShape)}; the shapes must be equal — ${advice}`, {
      related: [{ range: shortcutAt, message: `${statement.shortcut ? 'shortcut' : 'identity shortcut'} gives ${formatShape(shortcutShape)}` }],
      ...(fix ? { fixes: [fix] } : {}),
    });
    walk.layers.push(summary);
    return undefined;
  }
  const sum = layerSummary(addName, 'add', statement.range, copy, bodyShape, { output: bodyShape, trainableParams: 0, nonTrainableParams: 0, macs: 0, formula: '' });
  walk.layers.push(sum);
  walk.steps.push({ kind: 'residual', body: bodySteps, ...(statement.shortcut ? { shortcut: shortcutSteps } : {}), sum });
  return bodyShape;
}

function checkStatements(walk: Walk, statements: readonly Statement[], input: Shape | undefined, copy: Copy): Shape | undefined {
  let shape = input;
  for (const statement of statements) {
    if (walk.overflowed) return undefined;
    switch (statement.kind) {
      case 'Layer':
        shape = checkLayer(walk, statement, shape, copy);
        break;
      case 'Repeat':
        shape = checkRepeat(walk, statement, shape, copy);
        break;
      case 'Residual':
        shape = checkResidual(walk, statement, shape, copy);
        break;
      case 'Input':
      case 'Error':
        break; // `input` is read before the walk; misplaced ones were reported by the parser
      default: {
        const unreachable: never = statement;
        return unreachable;
      }
    }
  }
  return shape;
}

/** The `k` of every written layer name of the form `k_N`, which a generated name could equal. */
function kindsOfGeneratedLookingNames(statements: readonly Statement[]): Set<string> {
  const kinds = new Set<string>();
  const stack = [...statements];
  while (stack.length > 0) {
    const statement = stack.pop() as Statement;
    const match = statement.kind === 'Layer' && statement.name ? /^(.+)_\d+$/.exec(statement.name.text) : null;
    if (match) kinds.add(match[1] as string);
    if (statement.kind === 'Repeat' && statement.body) stack.push(...statement.body.items);
    if (statement.kind === 'Residual') stack.push(...(statement.body?.items ?? []), ...(statement.shortcut?.body?.items ?? []));
  }
  return kinds;
}

/** Finds the model's `input` (the parser reports a missing, duplicate or misplaced one). */
function findInput(body: Block<Statement> | undefined): InputStatement | undefined {
  return body?.items.find((s): s is InputStatement => s.kind === 'Input');
}

/**
 * Checks one model: expands `repeat`, infers every layer's output shape, parameters and MACs,
 * and reports argument and shape problems. Works on partial trees: a layer whose input shape is
 * unknown (an error above it) is still argument-checked but gets no shape.
 */
export function checkModel(declaration: ModelDeclaration, text: string, sink: DiagnosticSink): ModelSummary {
  const statements = declaration.body?.items ?? [];
  const inputStatement = findInput(declaration.body);
  const input = inputStatement ? shapeOfInput(inputStatement, sink) : undefined;
  const walk: Walk = {
    sink,
    text,
    layers: [],
    steps: [],
    kindCounters: new Map(),
    names: new Map(),
    generated: new Map(),
    collidingKinds: kindsOfGeneratedLookingNames(statements),
    insideRepeat: false,
    insideResidual: false,
    overflowed: false,
  };
  const output = checkStatements(walk, statements, input, { index: 0, count: 1 });
  let trainableParams = 0;
  let nonTrainableParams = 0;
  let macs = 0;
  for (const layer of walk.layers) {
    trainableParams += layer.trainableParams;
    nonTrainableParams += layer.nonTrainableParams;
    macs += layer.macs;
  }
  const totalParams = trainableParams + nonTrainableParams;
  return {
    name: declaration.name?.text ?? '',
    declaration,
    ...(input ? { input } : {}),
    ...(output && input ? { output } : {}),
    layers: walk.layers,
    steps: walk.steps,
    trainableParams,
    nonTrainableParams,
    totalParams,
    macs,
    parameterBytes: totalParams * 4,
  };
}
