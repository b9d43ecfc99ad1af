import type { DiagnosticSink } from '../common/diagnostic-sink';
import { formatShape } from '../common/format';
import type { TextRange } from '../common/range';
import type { Value } from '../syntax/tree';
import type { LossSpec } from './catalog';
import type { DataDescription } from './data-probe';
import type { InputValueRange } from './input-value-range';
import { sameShape } from './shape-math';
import type { ModelSummary } from './summary';

/** Where the parts of a `target: input` block are written, for pointing diagnostics at them. */
export interface ReconstructionSources {
  readonly lossValue: Value;
  readonly targetValue: Value;
  readonly outputRange: TextRange;
}

/** The losses that compare an output with its input element by element: the regression ones, and binary cross-entropy per element. */
const reconstructs = (loss: LossSpec): boolean => loss.target === 'real' || loss.name === 'binary_cross_entropy';

/**
 * `target: input` (an autoencoder): the sample is its own target, so the model must output the
 * input's shape (DL517), the loss must compare values element by element (mse, mae, huber,
 * smooth_l1, or binary_cross_entropy on values in [0, 1]; anything else is DL507), and the samples must be values,
 * not token ids (DL507). A softmax before binary_cross_entropy is DL509, as for labels.
 */
export function checkReconstruction(model: ModelSummary, loss: LossSpec, data: DataDescription, activation: string, sources: ReconstructionSources, sink: DiagnosticSink): void {
  const { lossValue, targetValue, outputRange } = sources;
  if (data.tokens) {
    sink.report('DL507', targetValue.range, 'target: input reconstructs real-valued samples, but this data gives integer token ids — remove target: input (text data predicts the next token)');
    return;
  }
  if (!reconstructs(loss)) {
    sink.report('DL507', lossValue.range, `${loss.name} does not compare outputs with values element by element, but with target: input the targets are the samples' values — use mse, mae, huber, smooth_l1 or binary_cross_entropy (for values in [0, 1])`, {
      related: [{ range: targetValue.range, message: 'target: input' }],
    });
    return;
  }
  const output = model.output;
  if (output && !sameShape(output, data.sampleShape)) {
    const size = data.sampleShape.reduce((a, b) => a * b, 1);
    const fix = data.sampleShape.length === 1 ? `end the model with dense(${size})` : `flatten the data (e.g. digits(flat: true)) and end with dense(${size}), or end with layers that give ${formatShape(data.sampleShape)}`;
    sink.report('DL517', outputRange, `With target: input the model must output its input's shape: output ${formatShape(output)}, input ${formatShape(data.sampleShape)} — ${fix}`, {
      related: [{ range: targetValue.range, message: 'target: input' }],
    });
  }
  if (loss.name === 'binary_cross_entropy' && activation === 'softmax') {
    sink.report('DL509', outputRange, 'softmax makes the outputs compete, but binary_cross_entropy treats each as its own probability — use sigmoid() or no activation', { related: [{ range: lossValue.range, message: 'loss binary_cross_entropy' }] });
  }
}

/**
 * binary_cross_entropy with `target: input` reads every input value as the probability of a
 * Bernoulli, which only a value in [0, 1] is: outside it the loss has no minimum and training
 * diverges. DL533 when the data set is known to give such values; otherwise training checks the
 * values it loaded (core/train/run.ts) and fails with the same advice.
 */
export function checkUnitTargets(loss: LossSpec, values: InputValueRange, sources: Pick<ReconstructionSources, 'lossValue' | 'targetValue'>, sink: DiagnosticSink): void {
  if (loss.name !== 'binary_cross_entropy' || values.range !== 'outside') return;
  sink.report('DL533', sources.lossValue.range, `binary_cross_entropy with target: input reads each input value as a probability in [0, 1], but ${values.why} — use mse (or huber) to reconstruct them, or data in [0, 1]`, {
    related: [{ range: sources.targetValue.range, message: 'target: input' }],
    fixes: [{ title: 'Use mse', edits: [{ range: sources.lossValue.kind === 'Call' ? sources.lossValue.callee.range : sources.lossValue.range, newText: 'mse' }] }],
  });
}
