/**
 * The output/loss/data rules of the losses that take arguments or read log-probabilities
 * (docs/language.md, section 8): nll and kl_div need a final logsoftmax (DL530), cross_entropy's
 * and nll's class weights need one weight per class (DL531), cross_entropy after logsoftmax is DL532, kl_div needs probability targets as wide as
 * the output (DL506, DL507). The rules shared by every loss stay in train-checker.ts.
 */
import type { DiagnosticSink } from '../common/diagnostic-sink';
import type { Fix } from '../common/diagnostic';
import { formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import type { Value } from '../syntax/tree';
import type { ArgumentSources } from './arguments';
import type { BoundArguments, LossSpec } from './catalog';
import type { DataDescription } from './data-probe';
import type { Shape } from './summary';

/** The loss as the block wrote it, and the model output it is checked against. */
export interface LossUse {
  readonly spec: LossSpec;
  readonly args: BoundArguments;
  /** The argument nodes of a call (`cross_entropy(weights: […])`); absent for a bare name. */
  readonly sources?: ArgumentSources;
  /** The `loss:` value in the text. */
  readonly value: Value;
  readonly output: Shape;
  readonly outputRange: TextRange;
  /** The activation the model ends in (`linear` when none). */
  readonly activation: string;
}

/** nll and kl_div read the model's output as log-probabilities: only a final logsoftmax gives them. */
export function checkLogProbabilities(use: LossUse, sink: DiagnosticSink): void {
  if (use.spec.reads !== 'log-probabilities' || use.activation === 'logsoftmax') return;
  const name = use.spec.name;
  const ending = use.activation === 'linear' ? 'raw scores (no final activation)' : `${use.activation}`;
  const why = use.activation === 'softmax' ? 'probabilities are not their logarithms, so the loss is wrong' : `${name} is unbounded below on scores that are not log-probabilities, so training diverges`;
  const instead = name === 'nll' ? ', or use cross_entropy, which applies log-softmax itself' : '';
  const fixes: Fix[] = name === 'nll' ? [{ title: 'Use cross_entropy', edits: [{ range: lossNameRange(use.value), newText: 'cross_entropy' }] }] : [];
  sink.report('DL530', use.value.range, `${name} reads log-probabilities, but the model ends in ${ending}: ${why} — end the model with logsoftmax()${instead}`, {
    related: [{ range: use.outputRange, message: `model output ${formatShape(use.output)}, ${use.activation}` }],
    fixes,
  });
}

/** The name part of a `loss:` value: the bare name, or a call's callee. */
function lossNameRange(value: Value): TextRange {
  return value.kind === 'Call' ? value.callee.range : value.range;
}

/**
 * cross_entropy applies log-softmax itself (as F.cross_entropy does), so a final logsoftmax() runs it
 * twice: the loss is unchanged (log-softmax of log-probabilities is themselves) but the layer is
 * dead weight, and usually means nll was meant. A final softmax is not warned about: dlmodel reads
 * it as the probabilities of the scores before it (docs/language.md, section 8).
 */
export function checkRedundantLogSoftmax(use: LossUse, sink: DiagnosticSink): void {
  if (use.spec.name !== 'cross_entropy' || use.activation !== 'logsoftmax') return;
  const smoothed = use.sources?.get('label_smoothing') !== undefined;
  const fixes: Fix[] = smoothed ? [] : [{ title: 'Use nll (it reads log-probabilities)', edits: [{ range: lossNameRange(use.value), newText: 'nll' }] }];
  sink.report('DL532', use.outputRange, `The model ends in logsoftmax(), but cross_entropy applies log-softmax itself (as PyTorch's F.cross_entropy does), so it runs twice — use loss: nll after logsoftmax(), or remove logsoftmax() and keep cross_entropy`, {
    related: [{ range: use.value.range, message: 'loss cross_entropy' }],
    fixes,
  });
}

/** `cross_entropy(weights: […])` and `nll(weights: […])` need exactly one weight per class, as PyTorch's `weight=` does. */
export function checkClassWeights(use: LossUse, classes: number, dataRange: TextRange, sink: DiagnosticSink): void {
  const weights = use.args.numbers('weights');
  if (!weights || weights.length === classes) return;
  const at = use.sources?.get('weights')?.value?.range ?? use.value.range;
  sink.report('DL531', at, `${use.spec.name} has ${weights.length} class weight${weights.length === 1 ? '' : 's'} but the data has ${classes} classes — give one weight per class, in class order`, {
    related: [{ range: dataRange, message: `${classes} classes` }],
  });
}

/** kl_div compares the output's distribution with target probabilities of the same width. */
export function checkDistributionTarget(use: LossUse, data: DataDescription, sink: DiagnosticSink): void {
  const target = data.target;
  if (target.kind === 'classes') {
    sink.report('DL507', use.value.range, `kl_div needs probability targets as wide as the output, but the data has ${target.count} classes — use nll (kl_div to a one-hot class is nll) or cross_entropy`, {
      related: [{ range: use.outputRange, message: `model output ${formatShape(use.output)}` }],
    });
    return;
  }
  if (use.output.length !== 1 || target.shape.length !== 1 || use.output[0] !== target.shape[0]) {
    sink.report('DL506', use.outputRange, `kl_div compares a distribution over the output's last axis with the target's, so their shapes must match: output ${formatShape(use.output)}, target ${formatShape(target.shape)} — end the model with dense(${target.shape[target.shape.length - 1]}) and logsoftmax()`, {
      related: [{ range: use.value.range, message: 'loss kl_div' }],
    });
  }
}
