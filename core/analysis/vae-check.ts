import type { DiagnosticSink } from '../common/diagnostic-sink';
import type { TextRange } from '../common/range';
import type { ModelSummary } from './summary';

/**
 * The `vae(…)` loss reads μ and log σ² from the input of the model's one reparameterize layer and
 * reconstructs the input: without such a layer it has no KL term (DL565), with several it could
 * not tell which one (DL566), and without `target: input` it has nothing to reconstruct (DL567).
 * A reparameterize layer under another loss samples while training but nothing pulls its
 * distribution towards N(0, I) (DL568, a warning).
 */
export function checkVae(model: ModelSummary, lossName: string, reconstructs: boolean, lossRange: TextRange, sink: DiagnosticSink): void {
  const samplers = model.layers.filter((layer) => layer.kind === 'reparameterize');
  if (lossName !== 'vae') {
    if (samplers.length > 0) sink.report('DL568', samplers[0]!.statementRange, `reparameterize() samples while training, but loss ${lossName} has no KL term to pull μ and log σ² towards N(0, I) — use loss: vae (with target: input), or remove the layer`, { related: [{ range: lossRange, message: `loss ${lossName}` }] });
    return;
  }
  if (samplers.length === 0) {
    sink.report('DL565', lossRange, `vae needs μ and log σ² from a reparameterize() layer in model ${model.name} — end the encoder with dense(2·z) and add reparameterize() before the decoder`);
  } else if (samplers.length > 1) {
    sink.report('DL566', samplers[1]!.statementRange, `vae reads one reparameterize() layer; model ${model.name} has ${samplers.length} — keep one`, { related: [{ range: samplers[0]!.statementRange, message: 'the first reparameterize()' }] });
  }
  if (!reconstructs) sink.report('DL567', lossRange, 'vae reconstructs the input: add target: input to the train block');
}
