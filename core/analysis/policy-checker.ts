import { DiagnosticSink } from '../common/diagnostic-sink';
import { formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import type { Fix } from '../common/diagnostic';
import type { Call, TrainEntry } from '../syntax/tree';
import { bindArguments } from './arguments';
import { algorithms, defaultArguments, findEnvironment, type EnvironmentSpec } from './catalog';
import type { ArgumentValue, BoundArguments } from './catalog/types';
import { sameShape } from './shape-math';
import type { ModelSummary } from './summary';

/** The keys a policy train block reads; any other key set there does nothing (DL547). */
export const policyKeys: readonly string[] = ['model', 'env', 'algorithm', 'episodes', 'value', 'optimizer', 'clip_norm', 'seed'];

/** The keys only a policy train block reads (DL548 without `env`). */
export const policyOnlyKeys: readonly string[] = ['env', 'algorithm', 'episodes', 'value'];

export interface PolicyEntries {
  readonly values: ReadonlyMap<string, ArgumentValue>;
  readonly sources: ReadonlyMap<string, TrainEntry>;
}

/** A checked call of the environment or the algorithm, its arguments bound with defaults. */
export interface BoundCall {
  readonly name: string;
  readonly args: BoundArguments;
}

/** What the checker resolved of a policy block's `env:` (and its observation shape and actions). */
export interface PolicyEnvironment extends BoundCall {
  readonly observationShape: readonly number[];
  readonly actions: number;
}

function boundCall(value: ArgumentValue | undefined, find: (name: string) => { name: string; args: EnvironmentSpec['args'] } | undefined): BoundCall | undefined {
  if (typeof value === 'string') {
    const spec = find(value);
    return spec ? { name: spec.name, args: defaultArguments(spec.args) } : undefined;
  }
  if (typeof value !== 'object' || !('kind' in value) || value.kind !== 'Call') return undefined;
  const spec = find(value.callee.text);
  if (!spec) return undefined;
  // Arguments were checked when the value was read; bind again silently to get their values.
  const binding = bindArguments(value, spec.args, spec.name, new DiagnosticSink());
  return binding.complete ? { name: spec.name, args: binding.args } : undefined;
}

/** The block's `env:` resolved, or undefined when absent or wrong (reported when read). */
export function policyEnvironmentOf(entries: PolicyEntries): PolicyEnvironment | undefined {
  const bound = boundCall(entries.values.get('env'), findEnvironment);
  const spec = bound && findEnvironment(bound.name);
  return bound && spec ? { ...bound, observationShape: spec.observationShape(bound.args), actions: spec.actions(bound.args) } : undefined;
}

/** The block's `algorithm:` resolved, `reinforce()` with its defaults when absent. */
export function policyAlgorithmOf(entries: PolicyEntries): BoundCall | undefined {
  if (!entries.sources.has('algorithm')) return { name: 'reinforce', args: defaultArguments(algorithms[0]!.args) };
  return boundCall(entries.values.get('algorithm'), (name) => algorithms.find((a) => a.name === name));
}

export interface PolicyModelContext {
  readonly model: ModelSummary;
  readonly envRange: TextRange;
  readonly outputRange: TextRange;
  /** The activation the model ends in (`softmax`, `linear`, …). */
  readonly activation: string;
  /** Fixes that set the last dense layer's units. */
  readonly unitsFix: (units: number) => Fix[];
}

/**
 * A policy maps an observation to one score per action: the model's input must be the
 * environment's observation shape (DL549) and its output [actions] (DL550), as logits or softmax
 * probabilities (DL551: anything else is not a distribution the policy can sample from).
 */
export function checkPolicyModel(env: PolicyEnvironment, context: PolicyModelContext, sink: DiagnosticSink): void {
  const { model, envRange, outputRange } = context;
  const inputStatement = model.declaration.body?.items.find((s) => s.kind === 'Input');
  const observation = formatShape(env.observationShape);
  if (model.input && !sameShape(model.input, env.observationShape)) {
    sink.report('DL549', envRange, `${env.name}(…) observes ${observation} but model ${model.name} takes input ${formatShape(model.input)} — set input ${observation}`, {
      related: [{ range: inputStatement?.range ?? model.declaration.keyword, message: `input ${formatShape(model.input)}` }],
      fixes: inputStatement?.kind === 'Input' && inputStatement.shape ? [{ title: `Set input ${observation}`, edits: [{ range: inputStatement.shape.range, newText: observation }] }] : [],
    });
  }
  const output = model.output;
  if (!output) return;
  if (output.length !== 1 || output[0] !== env.actions) {
    sink.report('DL550', outputRange, `${env.name}(…) has ${env.actions} actions, so the policy needs an output [${env.actions}] (one score per action); got ${formatShape(output)} — end the model with dense(${env.actions})`, {
      related: [{ range: envRange, message: `${env.actions} actions` }],
      fixes: output.length === 1 ? context.unitsFix(env.actions) : [],
    });
  }
  if (context.activation !== 'linear' && context.activation !== 'softmax') {
    sink.report('DL551', outputRange, `The policy ends in ${context.activation}, but actions are sampled from softmax(scores): end the model with softmax() or no activation (logits)`, { related: [{ range: envRange, message: 'a policy' }] });
  }
}

/** Policy-only keys without `env` (DL548), or supervised keys in a policy block (DL547). */
export function checkPolicyKeys(entries: PolicyEntries, isPolicy: boolean, sink: DiagnosticSink): void {
  for (const [key, entry] of entries.sources) {
    if (!isPolicy && policyOnlyKeys.includes(key)) {
      sink.report('DL548', entry.key.range, `'${key}' is for a policy train block, which needs env: … — add env: cartpole() (or gridworld(), bandit()), or remove ${key}`, { fixes: [{ title: `Remove '${key}'`, edits: [{ range: entry.range, newText: '' }] }] });
    }
    if (isPolicy && !policyKeys.includes(key) && key !== 'data' && key !== 'loss') {
      sink.report('DL547', entry.key.range, `'${key}' has no effect on a policy run (env: …): it plays episodes, not epochs over data — remove it`, { fixes: [{ title: `Remove '${key}'`, edits: [{ range: entry.range, newText: '' }] }] });
    }
  }
}

/** The call of a checked `env:` value, for ranges. */
export function envCall(entries: PolicyEntries): Call | undefined {
  const value = entries.values.get('env');
  return typeof value === 'object' && 'kind' in value && value.kind === 'Call' ? value : undefined;
}
