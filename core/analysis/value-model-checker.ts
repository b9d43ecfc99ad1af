import type { DiagnosticSink } from '../common/diagnostic-sink';
import type { Fix } from '../common/diagnostic';
import { formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import type { TrainEntry } from '../syntax/tree';
import type { PolicyEnvironment } from './policy-checker';
import { sameShape } from './shape-math';
import type { ModelSummary } from './summary';

export interface ValueModelContext {
  /** The block's `baseline:` (after defaults). */
  readonly baseline: string;
  /** Where `baseline: …` is written, or the algorithm call when it is not. */
  readonly baselineRange: TextRange;
  /** The `value:` entry, when written. */
  readonly valueEntry: TrainEntry | undefined;
  /** The model `value:` names (undefined when absent or unknown; an unknown name is reported already). */
  readonly valueModel: ModelSummary | undefined;
  /** The policy model, when known. */
  readonly policy: ModelSummary | undefined;
  readonly env: PolicyEnvironment | undefined;
  /** The activation the value model ends in. */
  readonly activation: string;
  /** Fixes that set the value model's last dense units. */
  readonly unitsFix: (units: number) => Fix[];
}

/**
 * `baseline: value` learns V(s) in a second model named by `value:` (DL552 when it is missing,
 * DL553 when `value:` is written for another baseline). That model reads the same observation as
 * the policy (DL554), gives one number without squashing it through softmax (DL555), and is not
 * the policy itself (DL556: its one output would have to be both the action scores and V).
 */
export function checkValueModel(context: ValueModelContext, sink: DiagnosticSink): void {
  const { baseline, valueEntry, valueModel, env } = context;
  if (baseline === 'value' && !valueEntry) {
    sink.report('DL552', context.baselineRange, 'baseline: value needs a value model: add value: Critic to this block and a model Critic { input … dense(1) } that maps an observation to one number');
    return;
  }
  if (baseline !== 'value' && valueEntry) {
    sink.report('DL553', valueEntry.key.range, `'value' is only read with baseline: value (this block uses baseline: ${baseline}) — remove it or set baseline: value`, { fixes: [{ title: "Remove 'value'", edits: [{ range: valueEntry.range, newText: '' }] }] });
    return;
  }
  if (!valueModel || !valueEntry?.value) return;
  const where = valueEntry.value.range;
  if (context.policy && valueModel.name === context.policy.name) {
    sink.report('DL556', where, `The value model must be a second model: ${valueModel.name} is the policy, whose output scores the actions — declare model Critic { … dense(1) } and write value: Critic`);
    return;
  }
  if (env && valueModel.input && !sameShape(valueModel.input, env.observationShape)) {
    const observation = formatShape(env.observationShape);
    sink.report('DL554', where, `${env.name}(…) observes ${observation} but the value model ${valueModel.name} takes input ${formatShape(valueModel.input)} — set its input ${observation}`);
  }
  const output = valueModel.output;
  if (output && (output.length !== 1 || output[0] !== 1)) {
    sink.report('DL555', where, `The value model ${valueModel.name} must give one number V(s); its output is ${formatShape(output)} — end it with dense(1)`, { fixes: output.length === 1 ? context.unitsFix(1) : [] });
  } else if (context.activation === 'softmax' || context.activation === 'logsoftmax') {
    sink.report('DL555', where, `The value model ${valueModel.name} ends in ${context.activation}, which over one output is a constant — end it with dense(1) and no activation`);
  }
}
