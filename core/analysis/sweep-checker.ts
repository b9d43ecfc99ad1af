import type { TextRange } from '../common/range';
import { closestName, didYouMean } from '../common/suggest';
import type { Argument, Call, Identifier, LayerStatement, Statement, Value } from '../syntax/tree';
import { DiagnosticSink } from '../common/diagnostic-sink';
import { numberLiteral } from '../syntax/parse-values';
import { bindArguments, checkValue } from './arguments';
import { earlyStops, findLayer, halvingDefaults, maxHalvingRuns, maxSweepRuns, sweepArgument, sweepMetrics, trainKeys, type SweepMetric } from './catalog';
import type { ArgumentSpec, ArgumentType } from './catalog/types';
import type { ModelSummary } from './summary';


/**
 * One swept key: a train key (`batch`), the optimizer's learning rate (`lr`), or a named layer's
 * argument (`hidden.units`), with the values written for it (each already checked).
 */
export type SweepAxis =
  | { readonly kind: 'train'; readonly key: string; readonly type: ArgumentType; readonly values: readonly Value[] }
  | { readonly kind: 'lr'; readonly key: 'lr'; readonly values: readonly Value[] }
  | { readonly kind: 'layer'; readonly key: string; readonly layer: string; readonly argument: string; readonly values: readonly Value[] };

/** `early_stop: halving(grace_period: g, reduction_factor: η)`: rungs at g, g·η, g·η², … (successive halving). */
export interface SweepHalving {
  readonly kind: 'halving';
  readonly gracePeriod: number;
  readonly reductionFactor: number;
}

export type SweepMethod = { readonly kind: 'grid' } | { readonly kind: 'random'; readonly count: number };

/** A checked `sweep:` value: every axis known and every value valid on its own. */
export interface SweepSpec {
  readonly method: SweepMethod;
  readonly metric: SweepMetric;
  /** Runs that trail at a rung stop early; absent: every run trains all its epochs. */
  readonly earlyStop?: SweepHalving;
  readonly axes: readonly SweepAxis[];
  /** How many runs the sweep makes: the grid's size, or random's n when smaller. */
  readonly runs: number;
  /** The `sweep: …` entry, removed from each configuration's text. */
  readonly entryRange: TextRange;
  readonly valueRange: TextRange;
}

/** random(n) draws from a grid of at most this many points (Random.int's range). */
const maxRandomGrid = 2 ** 32;
const lrType: ArgumentType = { kind: 'number', min: 0, minExclusive: true };
/** Keys that cannot be swept: the model is the one the layers belong to, and a sweep does not nest. */
const unsweepable = new Set(['model', 'sweep']);

/** The named layer statement `name = kind(…)` anywhere in the model's body (repeat bodies excluded: their names are per copy). */
export function namedLayer(model: ModelSummary, name: string): LayerStatement | undefined {
  const stack: Statement[] = [...(model.declaration.body?.items ?? [])];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (item.kind === 'Layer' && item.name?.text === name) return item;
    if (item.kind === 'Residual') {
      if (item.body) stack.push(...item.body.items);
      if (item.shortcut?.body) stack.push(...item.shortcut.body.items);
    }
  }
  return undefined;
}

function layerNames(model: ModelSummary): string[] {
  const names: string[] = [];
  for (const item of model.declaration.body?.items ?? []) if (item.kind === 'Layer' && item.name) names.push(item.name.text);
  return names;
}

/** The list of values of one axis, each checked against `type` (DL305/DL306 as anywhere else). */
function checkValues(value: Value | undefined, name: Identifier, type: ArgumentType, label: string, sink: DiagnosticSink, lrSwept = false): readonly Value[] | undefined {
  if (!value) return undefined;
  if (value.kind !== 'List' || value.items.length === 0) {
    sink.report('DL574', value.range, `A swept key takes a non-empty list of values — write ${name.text}: [${value.kind === 'List' ? '…' : sliceless(value)}, …]`);
    return undefined;
  }
  let ok = true;
  for (const item of value.items) {
    // A bare optimizer or schedule name (`adam`) means its call with the defaults (`adam()`).
    let checked = item.kind === 'Name' && type.kind === 'call' && !type.bareName ? asEmptyCall(item) : item;
    if (lrSwept && checked.kind === 'Call') checked = withSweptLr(checked);
    if (checkValue(checked, type, label, sink) === undefined) ok = false;
  }
  return ok ? value.items : undefined;
}

const sliceless = (value: Value): string => (value.kind === 'Number' ? value.text : value.kind === 'Name' ? value.text : '…');

function asEmptyCall(name: Extract<Value, { kind: 'Name' }>): Call {
  return { kind: 'Call', range: name.range, callee: { kind: 'Identifier', range: name.range, text: name.text }, args: [], closed: true };
}

/** An optimizer as it will run when `lr` is swept too: `sgd(momentum: 0.9)` gets the swept lr (its value checked on its own axis). */
function withSweptLr(call: Call): Call {
  if (call.args.some((arg, index) => arg.name?.text === 'lr' || (!arg.name && index === 0))) return call;
  const at = call.callee.range;
  const lr: Argument = { kind: 'Argument', range: at, name: { kind: 'Identifier', range: at, text: 'lr' }, value: numberLiteral(at, 0.001, '0.001', false) };
  return { ...call, args: [...call.args, lr] };
}

function layerAxis(name: Identifier, value: Value | undefined, model: ModelSummary | undefined, sink: DiagnosticSink): SweepAxis | undefined {
  const dot = name.text.indexOf('.');
  const layerName = name.text.slice(0, dot);
  const argument = name.text.slice(dot + 1);
  const layerRange = { start: name.range.start, end: name.range.start + dot };
  if (!model) return undefined; // the missing model was reported already
  const statement = namedLayer(model, layerName);
  if (!statement?.call) {
    const names = layerNames(model);
    const suggestion = closestName(layerName, names);
    sink.report('DL572', layerRange, `Model ${model.name} has no layer named '${layerName}'${didYouMean(suggestion)}${names.length > 0 ? ` (named layers: ${names.join(', ')})` : ' — name it: hidden = dense(32)'}`, {
      fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: layerRange, newText: suggestion }] }] : [],
    });
    return undefined;
  }
  const kind = statement.call.callee.text;
  const specs: readonly ArgumentSpec[] = findLayer(kind)?.args ?? [];
  const spec = specs.find((s) => s.name === argument);
  if (!spec) {
    const argumentRange = { start: name.range.start + dot + 1, end: name.range.end };
    const suggestion = closestName(argument, specs.map((s) => s.name));
    sink.report('DL573', argumentRange, `${kind} has no argument '${argument}'${didYouMean(suggestion)} (arguments: ${specs.map((s) => s.name).join(', ') || 'none'})`, {
      fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: argumentRange, newText: suggestion }] }] : [],
    });
    return undefined;
  }
  const values = checkValues(value, name, spec.type, `${kind}'s ${argument}`, sink);
  return values ? { kind: 'layer', key: name.text, layer: layerName, argument, values } : undefined;
}

function trainAxis(name: Identifier, value: Value | undefined, sink: DiagnosticSink, lrSwept: boolean): SweepAxis | undefined {
  if (name.text === 'lr') {
    const values = checkValues(value, name, lrType, "the optimizer's lr", sink);
    return values ? { kind: 'lr', key: 'lr', values } : undefined;
  }
  const spec = unsweepable.has(name.text) ? undefined : trainKeys.find((k) => k.name === name.text);
  if (!spec) {
    const keys = ['lr', ...trainKeys.map((k) => k.name).filter((k) => !unsweepable.has(k))];
    const suggestion = closestName(name.text, keys);
    const why = unsweepable.has(name.text) ? `'${name.text}' cannot be swept` : `Unknown sweep key '${name.text}'${didYouMean(suggestion)}`;
    sink.report('DL571', name.range, `${why} — sweep a train key, lr, or a named layer's argument as layer.argument (keys: ${keys.join(', ')})`, {
      fixes: suggestion && !unsweepable.has(name.text) ? [{ title: `Change to '${suggestion}'`, edits: [{ range: name.range, newText: suggestion }] }] : [],
    });
    return undefined;
  }
  const values = checkValues(value, name, spec.type, `train's ${spec.name}`, sink, lrSwept && spec.name === 'optimizer');
  return values ? { kind: 'train', key: spec.name, type: spec.type, values } : undefined;
}

function checkMetric(value: Value | undefined, sink: DiagnosticSink): SweepMetric | undefined {
  if (!value) return undefined;
  const found = value.kind === 'Name' ? sweepMetrics.find((m) => m === value.text) : undefined;
  if (found) return found;
  const written = value.kind === 'Name' ? value.text : '';
  const suggestion = closestName(written, sweepMetrics);
  sink.report('DL575', value.range, `Unknown sweep metric${written ? ` '${written}'` : ''}${didYouMean(suggestion)} (metrics: ${sweepMetrics.join(', ')})`, {
    fixes: suggestion ? [{ title: `Change to '${suggestion}'`, edits: [{ range: value.range, newText: suggestion }] }] : [],
  });
  return undefined;
}

/** `early_stop: halving` or `halving(…)`, its arguments checked by the catalog (defaults filled in). */
function checkEarlyStop(value: Value | undefined, sink: DiagnosticSink): SweepHalving | undefined {
  const type = sweepArgument('early_stop').type;
  if (!value || checkValue(value, type, "the sweep's early_stop", sink) === undefined) return undefined;
  if (value.kind !== 'Call') return { kind: 'halving', ...halvingDefaults };
  const spec = earlyStops.find((s) => s.name === value.callee.text)!;
  const bound = bindArguments(value, spec.args, spec.name, new DiagnosticSink()).args;
  return { kind: 'halving', gracePeriod: bound.get('grace_period') as number, reductionFactor: bound.get('reduction_factor') as number };
}

/** What halving cannot do: compare runs of different lengths, keep more than `maxHalvingRuns` workers waiting; and what it does not do. */
function checkHalvingFits(halving: SweepHalving, axes: readonly SweepAxis[], runs: number, epochs: unknown, at: TextRange, sink: DiagnosticSink): boolean {
  if (axes.some((a) => a.key === 'epochs')) {
    sink.report('DL585', at, 'early_stop: halving compares runs at the same epochs, so epochs cannot be swept with it — sweep epochs without early_stop, or fix epochs in the block');
    return false;
  }
  if (runs > maxHalvingRuns) {
    sink.report('DL586', at, `early_stop: halving keeps every run's worker waiting at a rung until all ${runs} have arrived; at most ${maxHalvingRuns} runs — draw fewer with random(${maxHalvingRuns}, …)`);
    return false;
  }
  if (typeof epochs === 'number' && halving.gracePeriod >= epochs) {
    sink.report('DL587', at, `early_stop: halving stops nothing: its first rung (grace_period ${halving.gracePeriod}) is not before the last epoch (${epochs}) — use a smaller grace_period`);
  }
  return true;
}

/** random's first, positional argument: how many configurations to draw. */
function randomCount(call: Call, sink: DiagnosticSink): number | undefined {
  const first = call.args[0];
  if (!first || first.name || !first.value) {
    sink.report('DL570', call.callee.range, 'random needs how many runs to draw first — write random(8, lr: [0.001, 0.01], …)');
    return undefined;
  }
  const count = checkValue(first.value, { kind: 'integer', min: 1, max: maxSweepRuns }, "random's count", sink);
  return typeof count === 'number' ? count : undefined;
}

/**
 * Checks `sweep: grid(key: [values], …, metric: m)` or `sweep: random(n, …)`. Returns the spec
 * only when everything in it is valid, so a sweep never runs a configuration the checker refused.
 */
export function checkSweep(entryRange: TextRange, value: Value, model: ModelSummary | undefined, sink: DiagnosticSink, epochs?: unknown): SweepSpec | undefined {
  if (value.kind !== 'Call' || (value.callee.text !== 'grid' && value.callee.text !== 'random')) {
    sink.report('DL570', value.range, 'A sweep is grid(key: [values], …) or random(n, key: [values], …) — e.g. sweep: grid(lr: [0.001, 0.01], hidden.units: [16, 32])');
    return undefined;
  }
  const isRandom = value.callee.text === 'random';
  const count = isRandom ? randomCount(value, sink) : undefined;
  let ok = !isRandom || count !== undefined;
  let metric: SweepMetric = 'val_loss';
  let earlyStop: { halving: SweepHalving; range: TextRange } | undefined;
  const axes: SweepAxis[] = [];
  const seen = new Map<string, Identifier>();
  const lrSwept = value.args.some((arg) => arg.name?.text === 'lr');
  for (const [index, argument] of value.args.entries()) {
    if (isRandom && index === 0) continue;
    const name = argument.name;
    if (!name) {
      sink.report('DL570', argument.range, `Each sweep entry is key: [values] — name this one, e.g. lr: [0.001, 0.01]`);
      ok = false;
      continue;
    }
    const first = seen.get(name.text);
    if (first) {
      sink.report('DL577', name.range, `'${name.text}' is swept twice — merge the two lists`, { related: [{ range: first.range, message: `first '${name.text}' here` }] });
      ok = false;
      continue;
    }
    seen.set(name.text, name);
    if (name.text === 'metric') {
      const checked = checkMetric(argument.value, sink);
      if (checked) metric = checked;
      else ok = false;
      continue;
    }
    if (name.text === 'early_stop') {
      const halving = checkEarlyStop(argument.value, sink);
      if (halving) earlyStop = { halving, range: argument.range };
      else ok = false;
      continue;
    }
    const axis = name.text.includes('.') ? layerAxis(name, argument.value, model, sink) : trainAxis(name, argument.value, sink, lrSwept);
    if (axis) axes.push(axis);
    else ok = false;
  }
  if (!ok) return undefined;
  const grid = axes.reduce((product, axis) => product * axis.values.length, 1);
  const runs = count === undefined ? grid : Math.min(count, grid);
  if (count === undefined ? grid > maxSweepRuns : grid > maxRandomGrid) {
    const limit = count === undefined ? maxSweepRuns : maxRandomGrid;
    sink.report('DL576', value.callee.range, `This sweep's grid has ${grid.toLocaleString('en-US')} points, more than ${limit.toLocaleString('en-US')} — ${count === undefined ? 'sweep fewer values, or draw some with random(n, …)' : 'sweep fewer values'}`);
    return undefined;
  }
  if (earlyStop && !checkHalvingFits(earlyStop.halving, axes, runs, epochs, earlyStop.range, sink)) return undefined;
  return { method: count === undefined ? { kind: 'grid' } : { kind: 'random', count }, metric, ...(earlyStop ? { earlyStop: earlyStop.halving } : {}), axes, runs, entryRange, valueRange: value.range };
}
