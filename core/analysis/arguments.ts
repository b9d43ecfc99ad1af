import type { DiagnosticSink } from '../common/diagnostic-sink';
import type { Fix } from '../common/diagnostic';
import { formatCount } from '../common/format';
import { closestName, didYouMean } from '../common/suggest';
import { range, type TextRange } from '../common/range';
import type { Argument, Call, Value } from '../syntax/tree';
import { callablesOf } from './catalog';
import type { ArgumentSpec, ArgumentType, ArgumentValue, BoundArguments } from './catalog/types';

/** The syntax node each argument came from, by argument name. */
export interface ArgumentSources {
  get(name: string): Argument | undefined;
}

/** Checked arguments with defaults filled in; `complete` is false when any argument was wrong or missing. */
export interface Binding {
  readonly args: BoundArguments;
  readonly complete: boolean;
  /** The syntax node each argument came from, for pointing diagnostics at a value. */
  readonly sources: ArgumentSources;
  /**
   * When every argument matched a spec and none is missing: the specs whose value was wrong (their
   * slots hold the default, if any). Undefined when an argument was unknown, surplus or given twice,
   * or a required one is missing, so that no value can be trusted to be the one meant.
   */
  readonly rejected: readonly ArgumentSpec[] | undefined;
}

/** Positions of a spec list's arguments by name, and its positional specs; one per catalog list. */
interface SpecIndex {
  readonly byName: ReadonlyMap<string, number>;
  readonly positional: readonly ArgumentSpec[];
}

const specIndexes = new WeakMap<readonly ArgumentSpec[], SpecIndex>();

/** The index of a spec list, built once: catalog lists never change. */
function indexOf(specs: readonly ArgumentSpec[]): SpecIndex {
  let index = specIndexes.get(specs);
  if (!index) {
    index = { byName: new Map(specs.map((spec, i) => [spec.name, i])), positional: specs.filter((spec) => spec.positional) };
    specIndexes.set(specs, index);
  }
  return index;
}

/** `callName's argument` for each spec of a list, as messages name them, and the call name they were made for. */
const specLabels = new WeakMap<readonly ArgumentSpec[], { readonly callName: string; readonly labels: readonly string[] }>();

/**
 * The labels ("conv2d's kernel") of a spec list's arguments under `callName`, made once per list
 * and name rather than once per argument of every call (a spec list is called by one name).
 */
function labelsOf(specs: readonly ArgumentSpec[], callName: string): readonly string[] {
  let made = specLabels.get(specs);
  if (made?.callName !== callName) {
    made = { callName, labels: specs.map((spec) => `${callName}'s ${spec.name}`) };
    specLabels.set(specs, made);
  }
  return made.labels;
}

/**
 * The values of one call's arguments, in an array parallel to the spec list. Checking a large
 * model binds tens of thousands of calls, so this avoids a Map per call; a layer's summary keeps
 * it, so it holds only the values (the source nodes are `ArgumentSources`, used while checking).
 */
class ArgumentTable implements BoundArguments {
  constructor(
    private readonly index: SpecIndex,
    private readonly values: Array<ArgumentValue | undefined>,
  ) {}
  /** True when `other` binds the same spec list to equal values (see `sameArguments`). */
  sameValues(other: ArgumentTable): boolean {
    if (other.index !== this.index) return false;
    for (let i = 0; i < this.values.length; i++) if (!sameValue(this.values[i], other.values[i])) return false;
    return true;
  }
  get(name: string): ArgumentValue | undefined {
    const i = this.index.byName.get(name);
    return i === undefined ? undefined : this.values[i];
  }
  number(name: string): number {
    const value = this.get(name);
    return typeof value === 'number' ? value : NaN;
  }
  pair(name: string): readonly [number, number] {
    const value = this.get(name);
    if (typeof value === 'number') return [value, value];
    if (Array.isArray(value)) return value as unknown as readonly [number, number];
    return [0, 0]; // `valid` padding
  }
  numbers(name: string): readonly number[] | undefined {
    const value = this.get(name);
    return Array.isArray(value) ? (value as readonly number[]) : undefined;
  }
  integers(name: string): readonly number[] {
    const value = this.get(name);
    return Array.isArray(value) ? (value as readonly number[]) : [];
  }
  text(name: string): string {
    const value = this.get(name);
    return typeof value === 'string' ? value : '';
  }
  flag(name: string): boolean {
    return this.get(name) === true;
  }
}

/** The syntax node of each argument of one call, parallel to the spec list: one object per call, not an object, a closure and its context. */
class ArgumentNodes implements ArgumentSources {
  constructor(
    private readonly index: SpecIndex,
    private readonly nodes: Array<Argument | undefined>,
  ) {}
  get(name: string): Argument | undefined {
    const slot = this.index.byName.get(name);
    return slot === undefined ? undefined : this.nodes[slot];
  }
}

const noSpecs: readonly ArgumentSpec[] = [];

/** True for equal argument values: the same primitive (-0 is not 0), equal lists of numbers, or the same syntax node. */
function sameValue(a: ArgumentValue | undefined, b: ArgumentValue | undefined): boolean {
  if (Object.is(a, b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * True when two bindings of the same spec list hold equal values, so that a pure rule of the values
 * gives the same result for both. False for bindings not made by `bindArguments`.
 */
export function sameArguments(a: BoundArguments, b: BoundArguments): boolean {
  if (!(a instanceof ArgumentTable) || !(b instanceof ArgumentTable)) return false;
  return a.sameValues(b);
}

/** Describes a type for messages: "an integer ≥ 1", "a number in [0, 1)". */
export function describeType(type: ArgumentType): string {
  switch (type.kind) {
    case 'integer':
      return type.min !== undefined && type.max !== undefined ? `an integer from ${type.min} to ${type.max}` : type.min !== undefined ? `an integer ≥ ${type.min}` : 'an integer';
    case 'number': {
      if (type.min !== undefined && type.max !== undefined) return `a number in ${type.minExclusive ? '(' : '['}${type.min}, ${type.max}${type.maxExclusive ? ')' : ']'}`;
      if (type.min !== undefined) return `a number ${type.minExclusive ? '>' : '≥'} ${type.min}`;
      return 'a number';
    }
    case 'boolean':
      return '`true` or `false`';
    case 'string':
      return 'a quoted string';
    case 'pair':
      return `an integer ≥ ${type.min} or a list [h, w]`;
    case 'integers':
      return `a list of integers ≥ ${type.min} [a, b, …]`;
    case 'padding':
      return 'an integer ≥ 0, a list [h, w], `valid` or `same`';
    case 'choice':
      return `an ${type.what} name (${type.choices.join(', ')})`;
    case 'batch':
      return 'an integer ≥ 1 or `full`';
    case 'numbers':
      return `a list of numbers ${type.minExclusive ? '>' : '≥'} ${type.min ?? '−∞'}`.replace(' ≥ −∞', '');
    case 'call':
      if (type.bareName) return `a ${type.family} name or call (${callablesOf(type.family).map((c) => c.name).join(', ')})`;
      return `a call to one of ${callablesOf(type.family).map((c) => `${c.name}(…)`).join(', ')}`;
    case 'calls':
      return `a list of calls to ${callablesOf(type.family).map((c) => `${c.name}(…)`).join(', ')}, such as [${callablesOf(type.family).map((c) => `${c.name}()`).join(', ')}]`;
    case 'model':
      return 'the name of a model in this file';
    case 'output':
      return 'the name of an earlier layer (name = layer(…)) or `input`';
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** A short rendering of a value as found in the text, for "got …" parts of messages. */
export function describeValue(value: Value): string {
  switch (value.kind) {
    case 'Number':
      return value.text;
    case 'String':
      return JSON.stringify(value.value);
    case 'Boolean':
      return String(value.value);
    case 'Name':
      return value.text;
    case 'List':
      return `a list of ${value.items.length}`;
    case 'Call':
      return `${value.callee.text}(…)`;
    default: {
      const unreachable: never = value;
      return unreachable;
    }
  }
}

function replaceFix(target: TextRange, replacement: string): Fix {
  return { title: `Change to '${replacement}'`, edits: [{ range: target, newText: replacement }] };
}

function inRange(value: number, type: Extract<ArgumentType, { kind: 'number' | 'integer' }>): boolean {
  if (type.min !== undefined && (value < type.min || ('minExclusive' in type && type.minExclusive && value === type.min))) return false;
  if (type.max !== undefined && (value > type.max || ('maxExclusive' in type && type.maxExclusive && value === type.max))) return false;
  return true;
}

/**
 * DL305 for a value of the wrong type; returns undefined for the caller to return. A function of
 * its own, not a closure made by every `checkValue`: a large model checks tens of thousands of values.
 */
function wrongType(value: Value, type: ArgumentType, label: string, sink: DiagnosticSink, extra = ''): undefined {
  sink.report('DL305', value.range, `${label} must be ${describeType(type)}; got ${describeValue(value)}${extra}`);
  return undefined;
}

/**
 * Reads one syntax value as the given type, reporting DL305 (wrong type), DL306 (out of range)
 * or DL312 (unknown name) under `label` ("conv2d's kernel"). Returns undefined when it is wrong.
 */
export function checkValue(value: Value, type: ArgumentType, label: string, sink: DiagnosticSink): ArgumentValue | undefined {
  switch (type.kind) {
    case 'integer':
    case 'number': {
      if (value.kind !== 'Number') return wrongType(value, type, label, sink);
      if (Number.isNaN(value.value)) return undefined; // malformed: the lexer already said so
      if (type.kind === 'integer' && !(value.isIntegerLiteral && Number.isInteger(value.value))) return wrongType(value, type, label, sink, ' — write a whole number');
      if (!inRange(value.value, type)) {
        sink.report('DL306', value.range, `${label} must be ${describeType(type)}; got ${value.text}`);
        return undefined;
      }
      if (type.kind === 'integer' && !Number.isSafeInteger(value.value)) {
        // Past 2^53 a number cannot hold the integer written (9007199254740993 reads as …992).
        sink.report('DL306', value.range, `${label} must be at most ${formatCount(Number.MAX_SAFE_INTEGER)} (2^53 − 1), the largest integer counted exactly; got ${value.text}`);
        return undefined;
      }
      return value.value;
    }
    case 'boolean':
      return value.kind === 'Boolean' ? value.value : wrongType(value, type, label, sink);
    case 'string':
      return value.kind === 'String' ? value.value : wrongType(value, type, label, sink, value.kind === 'Name' ? ` — put it in double quotes: "${value.text}"` : '');
    case 'pair':
    case 'padding':
      return checkPairOrPadding(value, type, label, sink);
    case 'integers': {
      if (value.kind !== 'List' || value.items.length === 0) return wrongType(value, type, label, sink, value.kind === 'Number' ? ` — write a list: [${value.text}]` : '');
      const integer = integerType(type.min);
      const items = value.items.map((item) => checkValue(item, integer, label, sink));
      return items.every((item): item is number => typeof item === 'number') ? items : undefined;
    }
    case 'choice': {
      if (value.kind === 'String' && type.choices.includes(value.value)) return wrongType(value, type, label, sink, ` — write it without quotes: ${value.value}`);
      if (value.kind !== 'Name') return wrongType(value, type, label, sink);
      if (type.choices.includes(value.text)) return value.text;
      const refusal = type.refused?.[value.text];
      if (refusal !== undefined) {
        sink.report('DL320', value.range, `${label} cannot be '${value.text}': ${refusal}`);
        return undefined;
      }
      const suggestion = closestName(value.text, type.choices);
      sink.report('DL312', value.range, `Unknown ${type.what} '${value.text}' for ${label}${didYouMean(suggestion)} (expected one of ${type.choices.join(', ')})`, {
        fixes: suggestion ? [replaceFix(value.range, suggestion)] : [],
      });
      return undefined;
    }
    case 'batch': {
      if (value.kind === 'Name' && value.text === 'full') return 'full';
      return checkValue(value, { kind: 'integer', min: 1 }, label, sink);
    }
    case 'numbers':
      return checkNumbers(value, type, label, sink);
    case 'call':
      return checkCallValue(value, type, label, sink);
    case 'calls': {
      if (value.kind === 'Call') return wrongType(value, type, label, sink, ` — put it in a list: [${describeValue(value)}]`);
      if (value.kind !== 'List') return wrongType(value, type, label, sink);
      // Every item is checked (each reports its own problems); the list is usable when all are.
      const checked = value.items.map((item) => checkCallValue(item, { kind: 'call', family: type.family }, label, sink));
      return checked.every((item) => item !== undefined) ? value : undefined;
    }
    case 'model':
      return value.kind === 'Name' ? value.text : wrongType(value, type, label, sink);
    case 'output':
      // Which output the name means is resolved by the model walk (output-references.ts).
      return value.kind === 'Name' ? value.text : wrongType(value, type, label, sink, ' — name an earlier layer (stem = conv2d(…)) and write its name');
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** `{ kind: 'integer', min }`, one object per minimum: every pair, padding and integer list item of a large model is checked as one. */
const integerTypes = new Map<number, Extract<ArgumentType, { kind: 'integer' }>>();

function integerType(min: number): Extract<ArgumentType, { kind: 'integer' }> {
  let type = integerTypes.get(min);
  if (type === undefined) integerTypes.set(min, (type = { kind: 'integer', min }));
  return type;
}

function checkPairOrPadding(
  value: Value,
  type: Extract<ArgumentType, { kind: 'pair' | 'padding' }>,
  label: string,
  sink: DiagnosticSink,
): ArgumentValue | undefined {
  const min = type.kind === 'pair' ? type.min : 0;
  if (type.kind === 'padding' && value.kind === 'Name') {
    if (value.text === 'same') return 'same';
    if (value.text === 'valid') return 0;
    const suggestion = closestName(value.text, ['same', 'valid']);
    sink.report('DL312', value.range, `Unknown padding '${value.text}' for ${label}${didYouMean(suggestion)} (expected an integer, [h, w], valid or same)`, {
      fixes: suggestion ? [replaceFix(value.range, suggestion)] : [],
    });
    return undefined;
  }
  const integer = integerType(min);
  if (value.kind === 'Number') return checkValue(value, integer, label, sink);
  if (value.kind !== 'List') return wrongType(value, type, label, sink);
  if (value.items.length !== 2) return wrongType(value, type, label, sink, ' — give [h, w] with two integers');
  const h = checkValue(value.items[0] as Value, integer, label, sink);
  const w = checkValue(value.items[1] as Value, integer, label, sink);
  return typeof h === 'number' && typeof w === 'number' ? ([h, w] as const) : undefined;
}

/** A list whose every item is a number in range; an empty list is wrong (it says nothing). */
function checkNumbers(value: Value, type: Extract<ArgumentType, { kind: 'numbers' }>, label: string, sink: DiagnosticSink): ArgumentValue | undefined {
  if (value.kind !== 'List') return wrongType(value, type, label, sink, value.kind === 'Number' ? ` — put it in brackets: [${value.text}]` : '');
  if (value.items.length === 0) return wrongType(value, type, label, sink, ' — the list is empty');
  const item = { kind: 'number', ...(type.min === undefined ? {} : { min: type.min }), ...(type.minExclusive ? { minExclusive: true } : {}) } as const;
  const numbers: number[] = [];
  for (const entry of value.items) {
    const checked = checkValue(entry, item, label, sink);
    if (typeof checked !== 'number') return undefined;
    numbers.push(checked);
  }
  return numbers;
}

function checkCallValue(value: Value, type: Extract<ArgumentType, { kind: 'call' }>, label: string, sink: DiagnosticSink): ArgumentValue | undefined {
  const family = type.family;
  const candidates = callablesOf(family);
  const names = candidates.map((c) => c.name);
  if (type.bareName && value.kind === 'String' && names.includes(value.value)) {
    sink.report('DL305', value.range, `${label} must be ${describeType(type)}; got ${describeValue(value)} — write it without quotes: ${value.value}`);
    return undefined;
  }
  if (type.bareName && value.kind === 'Name') {
    const spec = candidates.find((c) => c.name === value.text);
    if (spec) return value.text;
    const suggestion = closestName(value.text, names);
    sink.report('DL312', value.range, `Unknown ${family} '${value.text}' for ${label}${didYouMean(suggestion)} (expected one of ${names.join(', ')})`, {
      fixes: suggestion ? [replaceFix(value.range, suggestion)] : [],
    });
    return undefined;
  }
  if (value.kind === 'Name' && names.includes(value.text)) {
    const fix: Fix = { title: `Call it: ${value.text}()`, edits: [{ range: range(value.range.end, value.range.end), newText: '()' }] };
    sink.report('DL305', value.range, `${label} must be a call such as ${value.text}(…); got the bare name ${value.text} — add parentheses`, { fixes: [fix] });
    return undefined;
  }
  if (value.kind !== 'Call') {
    sink.report('DL305', value.range, `${label} must be ${describeType(type)}; got ${describeValue(value)}`);
    return undefined;
  }
  const spec = candidates.find((c) => c.name === value.callee.text);
  if (!spec) {
    const suggestion = closestName(value.callee.text, names);
    sink.report('DL312', value.callee.range, `Unknown ${family === 'data' ? 'data set' : family} '${value.callee.text}'${didYouMean(suggestion)} (expected one of ${names.join(', ')})`, {
      fixes: suggestion ? [replaceFix(value.callee.range, suggestion)] : [],
    });
    return undefined;
  }
  const binding = bindArguments(value, spec.args, spec.name, sink);
  return binding.complete ? value : undefined;
}

/** The range that removes an argument together with the comma that joins it to the previous one. */
function removalRange(args: readonly Argument[], index: number): TextRange {
  const current = args[index] as Argument;
  const previous = args[index - 1];
  if (previous) return range(previous.range.end, current.range.end);
  const next = args[index + 1];
  return next ? range(current.range.start, next.range.start) : current.range;
}

/**
 * Matches a call's arguments to their specs: positional ones in order, then named ones.
 * Reports unknown (DL302), duplicate (DL303), missing (DL304) and surplus positional (DL311)
 * arguments, and checks each value's type and range. Defaults fill what is not given.
 */
export function bindArguments(call: Call, specs: readonly ArgumentSpec[], callName: string, sink: DiagnosticSink): Binding {
  const index = indexOf(specs);
  const values = new Array<ArgumentValue | undefined>(specs.length);
  const nodes = new Array<Argument | undefined>(specs.length);
  let complete = true;
  let matched = true;
  // Made only when a value is wrong or missing: most calls have none.
  let rejected: ArgumentSpec[] | undefined;
  const positional = index.positional;
  let nextPositional = 0;
  let labels: readonly string[] | undefined;
  // Plain loops, not forEach callbacks: a large model binds tens of thousands of calls.
  for (let argIndex = 0; argIndex < call.args.length; argIndex++) {
    const arg = call.args[argIndex] as Argument;
    let spec: ArgumentSpec | undefined;
    if (arg.name) {
      const at = index.byName.get(arg.name.text);
      spec = at === undefined ? undefined : specs[at];
      if (!spec) {
        const suggestion = closestName(arg.name.text, specs.map((s) => s.name));
        const known = specs.length === 0 ? `${callName}() takes no arguments` : `${callName} takes ${specs.map((s) => s.name).join(', ')}`;
        sink.report('DL302', arg.name.range, `Unknown argument '${arg.name.text}' for ${callName}${didYouMean(suggestion)} (${known})`, {
          fixes: suggestion ? [replaceFix(arg.name.range, suggestion)] : [],
        });
        complete = matched = false;
        continue;
      }
    } else {
      spec = positional[nextPositional++];
      if (!spec) {
        const expected = positional.length === 0 ? 'no positional arguments' : `${positional.length} positional argument${positional.length === 1 ? '' : 's'} (${positional.map((s) => s.name).join(', ')})`;
        sink.report('DL311', arg.range, `${callName} takes ${expected}; this is number ${nextPositional} — remove it or name it (key: value)`);
        complete = matched = false;
        continue;
      }
    }
    const slot = index.byName.get(spec.name) as number;
    const first = nodes[slot];
    if (first) {
      sink.report('DL303', arg.range, `'${spec.name}' is given twice to ${callName} — remove one`, {
        related: [{ range: first.range, message: `first '${spec.name}' here` }],
        fixes: [{ title: `Remove the duplicate '${spec.name}'`, edits: [{ range: removalRange(call.args, argIndex), newText: '' }] }],
      });
      complete = matched = false;
      continue;
    }
    nodes[slot] = arg;
    // Without a value the parser reported it; a wrong one was reported by checkValue.
    const checked = arg.value ? checkValue(arg.value, spec.type, (labels ??= labelsOf(specs, callName))[slot] as string, sink) : undefined;
    if (checked === undefined) {
      complete = false;
      (rejected ??= []).push(spec);
    } else {
      values[slot] = checked;
    }
  }
  let missing: ArgumentSpec[] | undefined;
  for (let slot = 0; slot < specs.length; slot++) {
    if (values[slot] !== undefined) continue;
    const spec = specs[slot] as ArgumentSpec;
    // A rejected value's slot holds the default too, for a caller that can use the rest (shapeNeutralOnly).
    if (spec.default !== undefined) values[slot] = spec.default;
    else if (!nodes[slot] && spec.defaultText === undefined) (missing ??= []).push(spec);
  }
  if (missing !== undefined) {
    // One message for all missing arguments: they share the callee's range.
    const list = missing.map((s) => `'${s.name}' (${describeType(s.type)})`).join(' and ');
    const example = `${callName}(${[...positional.map((s) => s.name), ...missing.filter((s) => !s.positional).map((s) => `${s.name}: …`)].join(', ')})`;
    sink.report('DL304', call.callee.range, `${callName} needs ${list} — e.g. ${example}`);
    complete = matched = false;
  }
  return { args: new ArgumentTable(index, values), complete, sources: new ArgumentNodes(index, nodes), rejected: matched ? (rejected ?? noSpecs) : undefined };
}
