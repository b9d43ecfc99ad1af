import type { DiagnosticSink } from '../common/diagnostic-sink';
import { formatList } from '../common/format';
import type { TextRange } from '../common/range';
import type { ModelSummary } from './summary';

/**
 * A train block whose model has no trainable parameter (every layer with weights frozen by
 * `trainable: false`, or none has weights) has nothing for the optimizer to update: DL423, before a
 * run that could only repeat its first epoch. Only a fully inferred model is judged, so a layer
 * whose count is unknown after an error upstream does not make the model look empty.
 */
export function checkSomethingToTrain(model: ModelSummary, where: TextRange, sink: DiagnosticSink): void {
  if (!model.output || model.trainableParams > 0n) return;
  const frozen = model.layers.filter((layer) => layer.args?.get('trainable') === false && layer.nonTrainableParams > 0n);
  if (frozen.length === 0) {
    sink.report('DL423', where, `Model ${model.name} has no parameters, so training has nothing to update — add a layer with weights, e.g. dense(…)`);
    return;
  }
  const names = frozen.map((layer) => layer.name);
  sink.report('DL423', where, `Every layer with weights in model ${model.name} is frozen (trainable: false on ${formatList(names)}), so training has nothing to update — remove trainable: false from the layers to train`, {
    related: frozen.slice(0, 8).map((layer) => ({ range: layer.statementRange, message: `${layer.name}: trainable: false` })),
  });
}
