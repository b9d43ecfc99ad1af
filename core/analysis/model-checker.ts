import type { DiagnosticSink } from '../common/diagnostic-sink';
import { formatCount, formatShape } from '../common/format';
import type { Block, InputStatement, ModelDeclaration, NumberLiteral, RepeatStatement, ResidualStatement, Statement } from '../syntax/tree';
import { findMerge, inputArgument } from './catalog';
import { addShortcutFix, shortcutLayer } from './residual-shortcut';
import { modelInputValue, type ModelSummary, type Shape } from './summary';
import { maxExpandedLayers, type AnalysisBudget } from './analysis-budget';
import { checkLayer, maxExactCount, maxExactText } from './layer-checker';
import { layerSummary, type Copy } from './layer-summary';
import { addLayer, addNode, defineLocalName, endLocalNames, nextGeneratedName, registerName, type Flow, type Walk } from './model-walk';
import { declaredNames, localDeclaredNames } from './output-references';
import { addCopiesOf, type AnalysedCopy } from './repeat-copies';
import { product, sameShape } from './shape-math';
import { reportUnusedOutputs } from './unused-outputs';
import { ValueSet } from './value-set';


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

function checkRepeat(walk: Walk, statement: RepeatStatement, input: Flow | undefined, copy: Copy): Flow | undefined {
  const count = statement.count;
  if (!count || !statement.body || !count.isIntegerLiteral || !Number.isInteger(count.value)) return undefined;
  if (count.value < 1) {
    walk.sink.report('DL306', count.range, `repeat needs a count ≥ 1; got ${count.text} — remove the block or repeat it at least once`);
    return undefined;
  }
  const wasInside = walk.insideRepeat;
  walk.insideRepeat = true;
  const output = expandRepeat(walk, statement, count, statement.body.items, input, copy);
  walk.insideRepeat = wasInside;
  reportUnreadInputName(walk, statement);
  return output;
}

/** `repeat N as x { … }` whose body never reads x: DL322 (the name is a promise the body does not keep). */
function reportUnreadInputName(walk: Walk, statement: RepeatStatement): void {
  const name = statement.as?.name;
  if (!name || walk.overflowed || walk.references.some((r) => r.definition === name.range)) return;
  walk.sink.report('DL322', name.range, `'${name.text}' names each copy's input, but nothing in the body reads it — read it (e.g. concat(${name.text}, …), add(${name.text}, …), from: ${name.text}) or remove 'as ${name.text}'`, {
    fixes: [{ title: `Remove 'as ${name.text}'`, edits: [{ range: { start: statement.as.keyword.start, end: name.range.end + (walk.text[name.range.end] === ' ' ? 1 : 0) }, newText: '' }] }],
  });
}

/**
 * Expands `count` copies of a repeat's body. Copies are analysed until one gives back its own
 * input shape (a fixed point: most bodies reach it at the first or second copy); the rest are
 * clones of that copy, so the cost is the body's size times the number of distinct shapes, not
 * the count. Whether the expansion fits the document's layer limit is known after the first copy,
 * since every copy makes the same number of layers. A body that reads names (`from:`, merges) is
 * analysed copy by copy: its copies read outputs other than their own input.
 */
function expandRepeat(walk: Walk, statement: RepeatStatement, count: NumberLiteral, body: readonly Statement[], input: Flow | undefined, copy: Copy): Flow | undefined {
  const copies = count.value;
  const levelCopies = copy.count * copies;
  const clonable = !statement.as && !readsNames(body);
  let flow = input;
  let template: AnalysedCopy | undefined;
  for (let i = 0; i < copies; i++) {
    if (template && sameShape(template.input?.shape, flow?.shape)) {
      const output = addCopiesOf(walk, template, i, copies, levelCopies, flow);
      return output === false ? stopForBudget(walk, count) : output;
    }
    const layersBefore = walk.layers.length;
    const nodesBefore = walk.nodes.length;
    const readsModelInput = flow?.value === modelInputValue && !walk.insideResidual;
    const depth = walk.localStack.length;
    if (statement.as?.name) defineLocalName(walk, statement.as.name.text, statement.as.name.range, flow);
    const output = checkStatements(walk, body, flow, { index: copy.index * copies + i, count: levelCopies });
    endLocalNames(walk, depth);
    if (walk.overflowed) return stopForBudget(walk, count);
    const perCopy = walk.layers.length - layersBefore;
    if (i === 0 && !walk.budget.fitsLayers((copies - 1) * perCopy)) {
      const before = walk.budget.layers - perCopy;
      walk.overflowed = true;
      walk.sink.report('DL306', count.range, `repeat ${count.text} expands this document to more than ${formatCount(maxExpandedLayers)} layers (${formatCount(perCopy)} per copy${before > 0 ? `, ${formatCount(before)} before it` : ''}) — use a smaller count`);
      return undefined;
    }
    // The first layer of the model may read its input (embedding): such a copy is no template.
    const usable = clonable && !(readsModelInput && perCopy > 0);
    template = usable ? { index: i, input: flow, output, layers: walk.layers.slice(layersBefore), nodeStart: nodesBefore, nodeEnd: walk.nodes.length } : undefined;
    flow = output;
  }
  return flow;
}

/**
 * True when statements read or give a name (`from:`, a merge, `x = …`, `as x`), so that copies of
 * them differ in what they read or in their layers' names.
 */
function readsNames(statements: readonly Statement[]): boolean {
  const stack = [...statements];
  while (stack.length > 0) {
    const statement = stack.pop() as Statement;
    if (statement.kind === 'Layer' && statement.name) return true;
    if (statement.kind === 'Layer' && statement.call && (findMerge(statement.call.callee.text) || statement.call.args.some((a) => a.name?.text === inputArgument.name))) return true;
    if (statement.kind === 'Repeat' && statement.as) return true;
    if (statement.kind === 'Repeat') stack.push(...(statement.body?.items ?? []));
    if (statement.kind === 'Residual') stack.push(...(statement.body?.items ?? []), ...(statement.shortcut?.body?.items ?? []));
  }
  return false;
}

/** Ends a walk the budget stopped; the first repeat to see it says why (an inner one may have). */
function stopForBudget(walk: Walk, count: NumberLiteral): undefined {
  walk.overflowed = true;
  if (walk.budget.claimExhaustionReport()) {
    walk.sink.report('DL306', count.range, `repeat ${count.text} stopped checking: its copies change the shape, so each is analysed again, and this document's analysis budget of ${formatCount(walk.budget.workLimit)} steps ran out — use a smaller count`);
  }
  return undefined;
}

/** `residual { body } shortcut { path }`, lowered to the body's nodes, the shortcut's and an `add` node. */
function checkResidual(walk: Walk, statement: ResidualStatement, input: Flow | undefined, copy: Copy): Flow | undefined {
  const wasInside = walk.insideResidual;
  walk.insideResidual = true;
  const body = statement.body ? checkStatements(walk, statement.body.items, input, copy) : undefined;
  const shortcut = statement.shortcut?.body ? checkStatements(walk, statement.shortcut.body.items, input, copy) : statement.shortcut ? undefined : input;
  walk.insideResidual = wasInside;
  const addName = nextGeneratedName(walk, 'add');
  registerName(walk, addName, statement.range, false, 'add');
  const summary = layerSummary(addName, 'add', statement.range, copy, body?.shape, undefined);
  if (!body || !shortcut) {
    if (input) walk.consumed.add(input.value);
    addLayer(walk, summary);
    return undefined;
  }
  if (!sameShape(body.shape, shortcut.shape)) {
    const shortcutAt = statement.shortcut?.keyword ?? statement.keyword;
    // The message names the layer that fixes it, and the quick fix adds that very layer.
    const layer = statement.shortcut ? undefined : shortcutLayer(shortcut.shape, body.shape);
    const fix = layer && statement.body?.closed ? addShortcutFix(statement, layer) : undefined;
    const advice = statement.shortcut
      ? 'make both paths end in the same shape'
      : `add a shortcut that maps ${formatShape(shortcut.shape)} to ${formatShape(body.shape)}${layer ? `, e.g. shortcut { ${layer} }` : ''}`;
    walk.sink.report('DL404', statement.keyword, `residual adds body(x) ${formatShape(body.shape)} to ${statement.shortcut ? 'shortcut(x)' : 'x'} ${formatShape(shortcut.shape)}; the shapes must be equal — ${advice}`, {
      related: [{ range: shortcutAt, message: `${statement.shortcut ? 'shortcut' : 'identity shortcut'} gives ${formatShape(shortcut.shape)}` }],
      ...(fix ? { fixes: [fix] } : {}),
    });
    walk.consumed.add(body.value).add(shortcut.value);
    addLayer(walk, summary);
    return undefined;
  }
  const sum = layerSummary(addName, 'add', statement.range, copy, body.shape, undefined, { output: body.shape, trainableParams: 0n, nonTrainableParams: 0n, macs: 0n, formula: '' });
  addLayer(walk, sum);
  return { shape: body.shape, value: addNode(walk, sum, [body.value, shortcut.value]) };
}

function checkStatements(walk: Walk, statements: readonly Statement[], input: Flow | undefined, copy: Copy): Flow | undefined {
  let flow = input;
  for (const statement of statements) {
    if (walk.overflowed) return undefined;
    if (!walk.budget.spend()) {
      walk.overflowed = true;
      return undefined;
    }
    switch (statement.kind) {
      case 'Layer':
        flow = checkLayer(walk, statement, flow, copy);
        break;
      case 'Repeat':
        flow = checkRepeat(walk, statement, flow, copy);
        break;
      case 'Residual':
        flow = checkResidual(walk, statement, flow, copy);
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
  return flow;
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
  const modelInput = input ? { shape: input, value: modelInputValue } : undefined;
  const walk: Walk = {
    sink,
    text,
    budget,
    layers: [],
    nodes: [],
    modelInput,
    outputs: new Map(),
    declared: declaredNames(statements),
    localDeclared: localDeclaredNames(statements),
    localStack: [],
    consumed: new ValueSet(),
    references: [],
    kindCounters: new Map(),
    names: new Map(),
    generated: new Map(),
    collidingKinds: kindsOfGeneratedLookingNames(statements),
    insideRepeat: false,
    insideResidual: false,
    overflowed: false,
  };
  const exhaustedBefore = budget.exhausted;
  const output = checkStatements(walk, statements, modelInput, { index: 0, count: 1 });
  if (output && !budget.exhausted) reportUnusedOutputs(walk, output.value);
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
    ...(output && input ? { output: output.shape } : {}),
    layers: walk.layers,
    graph: { nodes: walk.nodes, output: output?.value ?? modelInputValue },
    references: walk.references,
    trainableParams,
    nonTrainableParams,
    totalParams,
    macs,
    parameterBytes: totalParams * 4n,
  };
}
