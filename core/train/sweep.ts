import type { DocumentAnalysis, ModelSummary, TrainSummary } from '../analysis';
import { findLayer } from '../analysis/catalog';
import { namedLayer, type SweepAxis, type SweepSpec } from '../analysis/sweep-checker';
import { Random } from '../common/random';
import type { TextRange } from '../common/range';
import type { TrainEntry, Value } from '../syntax/tree';

/** One swept key's value in a configuration, as written in the sweep (`sgd(momentum: 0.9)`). */
export interface SweepSetting {
  readonly key: string;
  readonly value: string;
}

/** One run of a sweep: its settings and the whole document with them written in (no `sweep:`). */
export interface SweepConfiguration {
  /** 0-based position in the sweep's order (grid order, or random's draw order). */
  readonly index: number;
  readonly settings: readonly SweepSetting[];
  /** The document as if these values had been written, so a run plans and checks it like any file. */
  readonly text: string;
}

/** A replacement of one range of the document's text (UTF-16 offsets). */
export interface SweepTextEdit {
  readonly range: TextRange;
  readonly newText: string;
}
type Edit = SweepTextEdit;

/**
 * The grid points a sweep runs, as indices in grid order: the first key varies slowest, the last
 * fastest (nested loops in the order written). random(n) draws n distinct points with a stream
 * forked from the block's seed, so the same file always draws the same configurations.
 */
export function sweepPoints(spec: SweepSpec, seed: number): number[] {
  const grid = spec.axes.reduce((product, axis) => product * axis.values.length, 1);
  if (spec.method.kind === 'grid' || spec.method.count >= grid) return Array.from({ length: grid }, (_, i) => i);
  const random = new Random(seed).fork('sweep');
  const drawn = new Set<number>();
  while (drawn.size < spec.method.count) drawn.add(random.int(grid));
  return [...drawn];
}

/** Each axis's value index at a grid point (mixed radix, the last axis the fastest digit). */
function digitsOf(point: number, axes: readonly SweepAxis[]): number[] {
  const digits = new Array<number>(axes.length);
  for (let i = axes.length - 1; i >= 0; i--) {
    const size = axes[i]!.values.length;
    digits[i] = point % size;
    point = Math.floor(point / size);
  }
  return digits;
}

const slice = (text: string, at: TextRange): string => text.slice(at.start, at.end);

/** A value's text; a bare name for a call-typed key (`adam`) becomes the call (`adam()`). */
function valueText(text: string, value: Value, callTyped: boolean): string {
  return value.kind === 'Name' && callTyped ? `${value.text}()` : slice(text, value.range);
}

/** The optimizer's text with its learning rate set: `lr` replaces a named or the positional lr. */
function withLearningRate(text: string, optimizer: Value, lr: string): string {
  if (optimizer.kind !== 'Call') return `${slice(text, optimizer.range).replace(/\(\)$/, '')}(lr: ${lr})`;
  const rest = optimizer.args.filter((arg, index) => !(arg.name?.text === 'lr' || (!arg.name && index === 0))).map((arg) => slice(text, arg.range));
  return `${optimizer.callee.text}(${[...rest, `lr: ${lr}`].join(', ')})`;
}

/** The edit that sets a named layer's argument: its value replaced, or the argument added. */
function layerEdit(text: string, model: ModelSummary, axis: Extract<SweepAxis, { kind: 'layer' }>, value: Value): Edit | undefined {
  const call = namedLayer(model, axis.layer)?.call;
  if (!call?.argsRange) return undefined;
  const newText = slice(text, value.range);
  const named = call.args.find((arg) => arg.name?.text === axis.argument);
  if (named?.value) return { range: named.value.range, newText };
  const specs = findLayer(call.callee.text)?.args ?? [];
  const position = specs.filter((s) => s.positional).findIndex((s) => s.name === axis.argument);
  const positional = position >= 0 ? call.args.filter((arg) => !arg.name)[position] : undefined;
  if (positional?.value) return { range: positional.value.range, newText };
  const at = call.closed ? call.argsRange.end - 1 : call.argsRange.end;
  return { range: { start: at, end: at }, newText: `${call.args.length > 0 ? ', ' : ''}${axis.argument}: ${newText}` };
}

function entryOf(train: TrainSummary, key: string): TrainEntry | undefined {
  return train.declaration.body?.items.find((item): item is TrainEntry => item.kind === 'TrainEntry' && item.key.text === key);
}

/**
 * The text edits that write one configuration into the document, and its settings. `keepSweep`
 * (Apply to file) leaves the `sweep:` entry in place and adds the keys the block lacked before it;
 * otherwise (a run's document) the entry gives way to them.
 */
function configurationEdits(text: string, train: TrainSummary, model: ModelSummary, spec: SweepSpec, digits: readonly number[], keepSweep = false): { edits: Edit[]; settings: SweepSetting[] } {
  const edits: Edit[] = [];
  const settings: SweepSetting[] = [];
  const added: string[] = [];
  const trainValues = new Map<string, string>();
  let lr: string | undefined;
  let optimizer: Value | undefined = entryOf(train, 'optimizer')?.value;
  spec.axes.forEach((axis, i) => {
    const value = axis.values[digits[i]!]!;
    settings.push({ key: axis.key, value: slice(text, value.range) });
    switch (axis.kind) {
      case 'lr':
        lr = slice(text, value.range);
        break;
      case 'train':
        if (axis.key === 'optimizer') optimizer = value;
        else trainValues.set(axis.key, valueText(text, value, axis.type.kind === 'call' && !axis.type.bareName));
        break;
      case 'layer': {
        const edit = layerEdit(text, model, axis, value);
        if (edit) edits.push(edit);
        break;
      }
      default: {
        const unreachable: never = axis;
        return unreachable;
      }
    }
  });
  if (optimizer && (lr !== undefined || spec.axes.some((a) => a.key === 'optimizer'))) {
    trainValues.set('optimizer', lr === undefined ? valueText(text, optimizer, true) : withLearningRate(text, optimizer, lr));
  }
  for (const [key, newText] of trainValues) {
    const entry = entryOf(train, key);
    if (entry?.value) edits.push({ range: entry.value.range, newText });
    else added.push(`${key}: ${newText}`);
  }
  if (keepSweep) {
    const indent = indentBefore(text, spec.entryRange.start);
    if (added.length > 0) edits.push({ range: { start: spec.entryRange.start, end: spec.entryRange.start }, newText: added.map((line) => `${line}\n${indent}`).join('') });
  } else {
    // The sweep entry gives way to the keys the block did not have (one per line, as the block's own).
    edits.push({ range: spec.entryRange, newText: added.join('\n  ') });
  }
  return { edits, settings };
}

/** The whitespace between the start of the line and `offset` (the entry's indentation). */
function indentBefore(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : '  ';
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  }
  return result;
}

/** The train block with a sweep (the named one, or the only one). */
export function sweepTrain(analysis: DocumentAnalysis, trainName?: string): TrainSummary | undefined {
  return analysis.trains.find((t) => t.sweep !== undefined && (trainName === undefined || t.name === trainName));
}

/**
 * Expands a checked sweep into its configurations, each the document with that configuration's
 * values written in and the `sweep:` entry removed. Pure and deterministic: the same text gives
 * the same configurations in the same order. Each run keeps the block's seed unless `seed` is swept,
 * so configurations differ only by what the sweep names.
 */
export function expandSweep(text: string, analysis: DocumentAnalysis, train: TrainSummary): SweepConfiguration[] {
  const spec = train.sweep;
  const model = analysis.models.find((m) => m.name === train.modelName);
  if (!spec || !model) return [];
  return sweepPoints(spec, train.settings.seed).map((point, index) => {
    const { edits, settings } = configurationEdits(text, train, model, spec, digitsOf(point, spec.axes));
    return { index, settings, text: applyEdits(text, edits) };
  });
}

/**
 * Apply to file: the edits that write a finished run's settings into the train block as its own
 * values (train keys, the optimizer's lr, layer arguments), keeping the `sweep:` entry so the sweep
 * can run again. The settings are matched to the sweep's values by their text, so a sweep that was
 * edited since it ran gives a reason instead of edits. Pure; the edits do not overlap.
 */
export function applyConfigurationEdits(text: string, analysis: DocumentAnalysis, settings: readonly SweepSetting[], trainName?: string): SweepTextEdit[] | string {
  const train = sweepTrain(analysis, trainName);
  const spec = train?.sweep;
  const model = train && analysis.models.find((m) => m.name === train.modelName);
  if (!train || !spec || !model) return 'the file has no sweep any more';
  const digits: number[] = [];
  for (const axis of spec.axes) {
    const setting = settings.find((s) => s.key === axis.key);
    const digit = setting ? axis.values.findIndex((v) => slice(text, v.range) === setting.value) : -1;
    if (digit < 0) return `the sweep has changed since it ran: ${axis.key}${setting ? ` has no value ${setting.value}` : ' was not swept then'}`;
    digits.push(digit);
  }
  if (settings.length !== spec.axes.length) return 'the sweep has changed since it ran: it sweeps other keys now';
  return configurationEdits(text, train, model, spec, digits, true).edits.sort((a, b) => a.range.start - b.range.start);
}

/** The document with edits applied (they must not overlap). */
export function applyTextEdits(text: string, edits: readonly SweepTextEdit[]): string {
  return applyEdits(text, edits);
}

/** `lr=0.01 hidden.units=32`: a configuration in one line. */
export function describeConfiguration(settings: readonly SweepSetting[]): string {
  return settings.map((s) => `${s.key}=${s.value}`).join(' ');
}

