/**
 * A training run's weights as a file and back: what `dlmodel train --save` writes and `--init`
 * reads, and what the editor's worker hands over. A text run's file also records its vocabulary,
 * context and targets (text-metadata.ts), so `dlmodel generate` needs nothing else; loading such a
 * file into a text run whose vocabulary differs is refused, since its token ids would mean other
 * characters.
 */
import type { TrainingRun } from '../train/run';
import type { Network } from '../nn/network';
import { textModelInfo } from '../train/text-model';
import { checkpointToSafetensors } from './checkpoint';
import { decodeSafetensors } from './safetensors';
import { readTextMetadata, textMetadata, vocabularyMismatch } from './text-metadata';
import { loadPolicyWeights, policyWeightsToSafetensors } from './policy-weights';
import { loadSafetensorsInto, networkToSafetensors, type LoadResult } from './weights';

/** A supervised run (its data may be text), or a policy run (with its value model's weights beside its own: policy-weights.ts). */
export type RunWithWeights = Pick<TrainingRun, 'kind' | 'network' | 'plan' | 'data'> | { readonly kind: 'policy'; readonly network: Network; readonly valueNetwork?: Network | undefined };

/** The run's current weights as safetensors, with the text model's metadata for a run on text(…). */
export function runWeightsToSafetensors(run: RunWithWeights): Uint8Array {
  if (run.kind === 'policy') return policyWeightsToSafetensors(run.network, run.valueNetwork);
  const info = textModelInfo(run.plan, run.data.train);
  return networkToSafetensors(run.network, info ? { metadata: textMetadata(info) } : {});
}

/** A supervised run's checkpoint: its weights (with the text model's metadata) and its training state (checkpoint.ts). */
export function runCheckpointToSafetensors(run: TrainingRun): Uint8Array {
  const info = textModelInfo(run.plan, run.data.train);
  return checkpointToSafetensors(run.network, run.trainingState(), info ? textMetadata(info) : {});
}

/** Loads weights into a run (all or nothing), refusing a text model's weights made for another vocabulary. */
export function loadRunWeights(run: RunWithWeights, bytes: Uint8Array): LoadResult {
  if (run.kind === 'policy') return loadPolicyWeights(run.network, run.valueNetwork, bytes);
  const decoded = decodeSafetensors(bytes);
  if (!decoded.ok) return decoded;
  const saved = readTextMetadata(decoded.file.metadata);
  if (!saved.ok) return saved;
  const current = textModelInfo(run.plan, run.data.train);
  if (saved.info && current) {
    const mismatch = vocabularyMismatch(saved.info, current);
    if (mismatch) return { ok: false, message: `${mismatch} — train from the seed, or on the text they were trained on` };
  }
  return loadSafetensorsInto(run.network, bytes);
}
