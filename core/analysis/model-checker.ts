import type { DiagnosticSink } from '../common/diagnostic-sink';
import { formatCount, formatShape } from '../common/format';
import { closestName, didYouMean } from '../common/suggest';
import { range, type TextRange } from '../common/range';
import type { Block, InputStatement, LayerStatement, ModelDeclaration, NumberLiteral, RepeatStatement, ResidualStatement, Statement } from '../syntax/tree';
import { bindArguments, type Binding } from './arguments';
import { findLayer, isShapeProblem, layerNames, type LayerKind, type LayerResult } from './catalog';
import { addShortcutFix, shortcutLayer } from './residual-shortcut';
import type { LayerSummary, ModelStep, ModelSummary, Shape } from './summary';
import type { BoundArguments } from './catalog/types';
import { maxExpandedLayers, type AnalysisBudget } from './analysis-budget';
import { addLayer, nextGeneratedName, registerName, type Walk } from './model-walk';
import { addCopiesOf, type AnalysedCopy } from './repeat-copies';
import { product, sameShape } from './shape-math';

interface Copy {
  readonly index: number;
  readonly count: number;
}

/** The largest count a number holds exactly (2^53 − 1): shapes stay below it so that every count derived from them is exact. */
const maxExactCount = BigInt(Number.MAX_SAFE_INTEGER);
const maxExactText = `${formatCount(Number.MAX_SAFE_INTEGER)} (2^53 − 1)`;

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
  if (product(...dims) > maxExactCount) {
    sink.report('DL407', shape.range, `input ${formatShape(dims)} has more values per sample than the ${maxExactText} that can be counted exactly — a sample this large cannot be trained; use a smaller shape`);
    return undefined;
  }
  return dims;
}

/**
 * A layer's summary. Built as one literal with every field present (undefined where unknown) so
 * all summaries share one object shape: this is the hot path of checking a large model.
 */
function layerSummary(name: string, kind: LayerKind | 'add', statement: TextRange, copy: Copy, input: Shape | undefined, result?: LayerResult, args?: BoundArguments): LayerSummary {
  return {
    args,
    name,
    kind,
    statementRange: statement,
    copy: copy.index,
    copies: copy.count,
    inputShape: input,
    outputShape: result?.output,
    trainableParams: result?.trainableParams ?? 0n,
    nonTrainableParams: result?.nonTrainableParams ?? 0n,
    macs: result?.macs ?? 0n,
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
  if (!input || !(binding.complete || shapeNeutralOnly(binding))) {
    addLayer(walk, layerSummary(name, spec.name, statement.range, copy, input));
    return undefined;
  }
  const result = spec.infer({ input, args: binding.args, readsModelInput });
  if (isShapeProblem(result)) {
    const source = result.argument ? binding.sources.get(result.argument) : undefined;
    walk.sink.report(result.code, source?.range ?? call.range, result.message);
    addLayer(walk, layerSummary(name, spec.name, statement.range, copy, input));
    return undefined;
  }
  if (product(...result.output) > maxExactCount) {
    walk.sink.report('DL408', call.range, `${spec.name} gives ${formatShape(result.output)}: more values per sample than the ${maxExactText} that can be counted exactly — use fewer units or filters, or a smaller input`);
    addLayer(walk, layerSummary(name, spec.name, statement.range, copy, input));
    return undefined;
  }
  for (const warning of result.warnings ?? []) {
    walk.sink.report(warning.code, call.range, warning.message, warning.code === 'DL405' ? { fixes: [insertFlattenFix(walk.text, statement.range)] } : {});
  }
  const layer = layerSummary(name, spec.name, statement.range, copy, input, result, binding.args);
  addLayer(walk, layer);
  walk.steps.push({ kind: 'layer', layer });
  return result.output;
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

function checkRepeat(walk: Walk, statement: RepeatStatement, input: Shape | undefined, copy: Copy): Shape | undefined {
  const count = statement.count;
  if (!count || !statement.body || !count.isIntegerLiteral || !Number.isInteger(count.value)) return undefined;
  if (count.value < 1) {
    walk.sink.report('DL306', count.range, `repeat needs a count ≥ 1; got ${count.text} — remove the block or repeat it at least once`);
    return undefined;
  }
  const wasInside = walk.insideRepeat;
  walk.insideRepeat = true;
  const output = expandRepeat(walk, count, statement.body.items, input, copy);
  walk.insideRepeat = wasInside;
  return output;
}

/**
 * Expands `count` copies of a repeat's body. Copies are analysed until one gives back its own
 * input shape (a fixed point: most bodies reach it at the first or second copy); the rest are
 * clones of that copy, so the cost is the body's size times the number of distinct shapes, not
 * the count. Whether the expansion fits the document's layer limit is known after the first copy,
 * since every copy makes the same number of layers.
 */
function expandRepeat(walk: Walk, count: NumberLiteral, body: readonly Statement[], input: Shape | undefined, copy: Copy): Shape | undefined {
  const copies = count.value;
  const levelCopies = copy.count * copies;
  let shape = input;
  let template: AnalysedCopy | undefined;
  for (let i = 0; i < copies; i++) {
    if (template && sameShape(template.input, shape)) {
      return addCopiesOf(walk, template, i, copies, levelCopies) ? shape : stopForBudget(walk, count);
    }
    const layersBefore = walk.layers.length;
    const stepsBefore = walk.steps.length;
    const readsModelInput = layersBefore === 0 && !walk.insideResidual;
    const output = checkStatements(walk, body, shape, { index: copy.index * copies + i, count: levelCopies });
    if (walk.overflowed) return stopForBudget(walk, count);
    const perCopy = walk.layers.length - layersBefore;
    if (i === 0 && !walk.budget.fitsLayers((copies - 1) * perCopy)) {
      const before = walk.budget.layers - perCopy;
      walk.overflowed = true;
      walk.sink.report('DL306', count.range, `repeat ${count.text} expands this document to more than ${formatCount(maxExpandedLayers)} layers (${formatCount(perCopy)} per copy${before > 0 ? `, ${formatCount(before)} before it` : ''}) — use a smaller count`);
      return undefined;
    }
    // The first layer of the model may read its input (embedding): such a copy is no template.
    template = readsModelInput && perCopy > 0 ? undefined : { index: i, input: shape, layers: walk.layers.slice(layersBefore), steps: walk.steps.slice(stepsBefore) };
    shape = output;
  }
  return shape;
}

/** Ends a walk the budget stopped; the first repeat to see it says why (an inner one may have). */
function stopForBudget(walk: Walk, count: NumberLiteral): undefined {
  walk.overflowed = true;
  if (walk.budget.claimExhaustionReport()) {
    walk.sink.report('DL306', count.range, `repeat ${count.text} stopped checking: its copies change the shape, so each is analysed again, and this document's analysis budget of ${formatCount(walk.budget.workLimit)} steps ran out — use a smaller count`);
  }
  return undefined;
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
    addLayer(walk, summary);
    return undefined;
  }
  if (!sameShape(bodyShape, shortcutShape)) {
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
    addLayer(walk, summary);
    return undefined;
  }
  const sum = layerSummary(addName, 'add', statement.range, copy, bodyShape, { output: bodyShape, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' });
  addLayer(walk, sum);
  walk.steps.push({ kind: 'residual', body: bodySteps, ...(statement.shortcut ? { shortcut: shortcutSteps } : {}), sum });
  return bodyShape;
}

function checkStatements(walk: Walk, statements: readonly Statement[], input: Shape | undefined, copy: Copy): Shape | undefined {
  let shape = input;
  for (const statement of statements) {
    if (walk.overflowed) return undefined;
    if (!walk.budget.spend()) {
      walk.overflowed = true;
      return undefined;
    }
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
 * unknown (an error above it) is still argument-checked but gets no shape. Spends from the
 * document's `budget`; once it has run out, later models are reported as not checked.
 */
export function checkModel(declaration: ModelDeclaration, text: string, sink: DiagnosticSink, budget: AnalysisBudget): ModelSummary {
  const statements = declaration.body?.items ?? [];
  const inputStatement = findInput(declaration.body);
  const input = inputStatement ? shapeOfInput(inputStatement, sink) : undefined;
  const walk: Walk = {
    sink,
    text,
    budget,
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
  const exhaustedBefore = budget.exhausted;
  const output = checkStatements(walk, statements, input, { index: 0, count: 1 });
  if (budget.exhausted && (exhaustedBefore || budget.claimExhaustionReport())) {
    sink.report('DL106', declaration.keyword, `Model ${declaration.name?.text ?? ''} was not checked${exhaustedBefore ? '' : ' to its end'}: this document used up its analysis budget of ${formatCount(budget.workLimit)} steps${exhaustedBefore ? ' above' : ''} — make the repeat counts reported there smaller`);
  }
  let trainableParams = 0n;
  let nonTrainableParams = 0n;
  let macs = 0n;
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
    parameterBytes: totalParams * 4n,
  };
}
