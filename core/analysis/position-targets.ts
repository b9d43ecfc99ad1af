/**
 * The output/loss rules of `text(…, targets: all)` (docs/language.md, section 8): a class target
 * at every input position, so the model must output [positions, classes] — one row of scores per
 * position (DL540) — and the loss must be one that reads class scores, cross_entropy or nll
 * (DL541), which then averages over positions and samples as `F.cross_entropy` on [B, V, T].
 */
import type { DiagnosticSink } from '../common/diagnostic-sink';
import { formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import { checkClassWeights, checkLogProbabilities, type LossUse } from './loss-checks';

/** What the data gives: `count` classes at each of `positions` positions. */
export interface PositionTargets {
  readonly count: number;
  readonly positions: number;
}

/** Checks model output and loss against per-position class targets. */
export function checkPositionTargets(use: LossUse, target: PositionTargets, dataRange: TextRange, sink: DiagnosticSink): void {
  const { count, positions } = target;
  const expected = formatShape([positions, count]);
  if (use.spec.target !== 'classes') {
    sink.report('DL541', use.value.range, `text(targets: all) gives a class at each of ${positions} positions, which ${use.spec.name} cannot compare with — use cross_entropy (or nll after logsoftmax()), or targets: next`, {
      related: [{ range: dataRange, message: `${count} classes at ${positions} positions` }],
    });
    return;
  }
  checkClassWeights(use, count, dataRange, sink);
  const output = use.output;
  if (output.length !== 2 || output[0] !== positions || output[1] !== count) {
    const hint = output.length === 1 ? 'keep the position axis (no flatten()) and end with' : 'end the model, per position, with';
    sink.report('DL540', use.outputRange, `text(targets: all) predicts the next character at each of ${positions} positions, so the model must output ${expected} (scores per position); got ${formatShape(output)} — ${hint} dense(${count}), or use targets: next`, {
      related: [{ range: dataRange, message: `${count} classes at ${positions} positions` }],
    });
  }
  checkLogProbabilities(use, sink);
}
