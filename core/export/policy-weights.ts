/**
 * A policy and its value model (`baseline: value`) in one weights file: each tensor named after
 * its model, `policy.<name>` and `value.<name>` (the exported train.py's `dl.load_weights(model,
 * path, prefix)` reads the same). A policy without a value model keeps the plain names of every
 * other export, so its file loads into model.py's module as it is.
 */
import type { Network } from '../nn/network';
import { decodeSafetensors } from './safetensors';
import { loadSafetensorsInto, networksToSafetensors, networkToSafetensors, weightEntries, type LoadResult } from './weights';

export const policyPrefix = 'policy.';
export const valuePrefix = 'value.';

/** The policy's weights, and the value model's beside them when there is one. */
export function policyWeightsToSafetensors(policy: Network, value: Network | undefined, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  if (!value) return networkToSafetensors(policy, { metadata });
  return networksToSafetensors(
    [
      [policyPrefix, policy],
      [valuePrefix, value],
    ],
    { model: policy.model.name, valueModel: value.model.name, ...metadata },
  );
}

/**
 * Loads a policy's weights (all or nothing): a file of both models into both; a file of the
 * policy alone into the policy (a value model then keeps its initial weights).
 */
export function loadPolicyWeights(policy: Network, value: Network | undefined, bytes: Uint8Array): LoadResult {
  const decoded = decodeSafetensors(bytes);
  if (!decoded.ok) return decoded;
  const names = [...decoded.file.tensors.keys()];
  const bothModels = names.some((name) => name.startsWith(policyPrefix));
  if (!value || !bothModels) {
    if (bothModels && !value) return loadSafetensorsInto(policy, bytes, policyPrefix);
    return loadSafetensorsInto(policy, bytes);
  }
  const saved = weightEntries(policy).map((entry) => Float32Array.from(entry.read()));
  const loaded = loadSafetensorsInto(policy, bytes, policyPrefix);
  if (!loaded.ok) return loaded;
  const loadedValue = loadSafetensorsInto(value, bytes, valuePrefix);
  if (!loadedValue.ok) weightEntries(policy).forEach((entry, i) => entry.write(saved[i]!));
  return loadedValue;
}
