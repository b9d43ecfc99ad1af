/**
 * A checkpoint: the weights (exactly what `networkToSafetensors` writes, so PyTorch loads them as
 * before) plus a run's training state in the same safetensors file. One file, not a sidecar: a
 * checkpoint is copied, renamed and attached as one thing, and a weights file that lost its
 * optimizer state would resume silently differently. Both loaders (ours and train.py's) skip
 * `optimizer.*` tensors, so the state costs a weights-only reader nothing.
 *
 * - tensors `optimizer.<parameter>.<slot>`: torch.optim's state names (`exp_avg`, `exp_avg_sq`,
 *   `momentum_buffer`, `square_avg`, `sum`) for each trainable parameter under its PyTorch name,
 *   in PyTorch's layout (dense moments transposed like the weights), F32;
 * - metadata `dlmodel.training`: JSON of the rest (`TrainingState` without the arrays), see docs/export.md.
 */
import type { RandomState } from '../common/random';
import type { OptimizerState } from '../nn/optimizers';
import type { Network } from '../nn/network';
import { fromTorchLayout, torchShape, toTorchLayout } from '../nn/layout';
import type { PlateauState } from '../nn/plateau';
import type { TrainingState } from '../train';
import type { TensorSpec } from '../analysis/catalog';
import { decodeSafetensors, type SafeTensor } from './safetensors';
import { networkToSafetensors } from './weights';

/** The metadata key of the training state, and the version of its JSON. */
export const trainingStateKey = 'dlmodel.training';
const formatVersion = 1;
const optimizerNames: readonly TrainingState['optimizer'][] = ['sgd', 'adam', 'adamw', 'rmsprop', 'adagrad'];

/** The trainable parameters in the optimizer's order with their tensor specs (for the layout). */
function trainableSpecs(network: Network): { name: string; spec: TensorSpec }[] {
  return network.parameters.map(({ name }) => {
    const dot = name.indexOf('.');
    const spec = network.stateOf(name.slice(0, dot))?.tensors.find((t) => t.spec.name === name.slice(dot + 1))?.spec;
    if (!spec) throw new Error(`checkpoint: parameter ${name} has no tensor spec`);
    return { name, spec };
  });
}

/** The weights and the training state as one safetensors file (`metadata`: more header entries, e.g. a text model's vocabulary). */
export function checkpointToSafetensors(network: Network, state: TrainingState, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const specs = trainableSpecs(network);
  const extraTensors: [string, SafeTensor][] = [];
  for (const [slot, arrays] of state.optimizerState.slots) {
    arrays.forEach((values, i) => {
      const { name, spec } = specs[i]!;
      extraTensors.push([`optimizer.${name}.${slot}`, { dtype: 'F32', shape: torchShape(spec), data: toTorchLayout(spec, values) }]);
    });
  }
  const { optimizerState, ...rest } = state;
  const json = { version: formatVersion, ...rest, optimizerSteps: optimizerState.steps, slots: [...optimizerState.slots.keys()] };
  return networkToSafetensors(network, { extraTensors, metadata: { ...metadata, [trainingStateKey]: JSON.stringify(json) } });
}

export type CheckpointRead = { readonly ok: true; readonly state: TrainingState | undefined } | { readonly ok: false; readonly message: string };

const isUint32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isRandomState = (v: unknown): v is RandomState => typeof v === 'object' && v !== null && isUint32((v as RandomState).state) && ((v as RandomState).spareNormal === null || Number.isFinite((v as RandomState).spareNormal));
const isPlateau = (v: unknown): v is PlateauState => {
  if (v === null) return true;
  const p = v as PlateauState;
  return typeof v === 'object' && (p.best === null || Number.isFinite(p.best)) && isCount(p.badEpochs) && isCount(p.cooldownLeft) && Number.isFinite(p.lr) && p.lr > 0;
};

/**
 * The training state of a checkpoint for this network, or `state: undefined` for a weights-only
 * file (one PyTorch wrote, or dlmodel before checkpoints). Never throws; the weights themselves
 * are loaded by `loadSafetensorsInto`.
 */
export function readTrainingState(network: Network, bytes: Uint8Array): CheckpointRead {
  const decoded = decodeSafetensors(bytes);
  if (!decoded.ok) return decoded;
  const text = decoded.file.metadata[trainingStateKey];
  if (text === undefined) return { ok: true, state: undefined };
  const fail = (why: string): CheckpointRead => ({ ok: false, message: `its training state (${trainingStateKey}) ${why}` });
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return fail('is not JSON');
  }
  if (typeof json !== 'object' || json === null) return fail('is not an object');
  if (json['version'] !== formatVersion) return fail(`has version ${String(json['version'])}; this dlmodel reads version ${formatVersion}`);
  const { epochsDone, steps, epochs, seed, optimizer, optimizerSteps, streams, plateau, slots, lrScale } = json;
  if (!isCount(epochsDone) || !isCount(steps) || !isCount(epochs) || !isUint32(seed) || !isCount(optimizerSteps)) return fail('has a position or seed that is not a non-negative integer');
  if (!optimizerNames.includes(optimizer as TrainingState['optimizer'])) return fail(`names an unknown optimizer ${JSON.stringify(optimizer)}`);
  const s = streams as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null || !isRandomState(s['shuffle']) || !isRandomState(s['dropout']) || !isRandomState(s['augment'])) return fail('has malformed random stream positions');
  if (!isPlateau(plateau)) return fail('has a malformed reduce_on_plateau state');
  if (typeof lrScale !== 'number' || !Number.isFinite(lrScale) || lrScale <= 0) return fail('has no positive lrScale');
  if (!Array.isArray(slots) || !slots.every((slot): slot is string => typeof slot === 'string')) return fail('has no list of optimizer slots');
  const specs = trainableSpecs(network);
  const slotArrays = new Map<string, Float32Array[]>();
  for (const slot of slots) {
    const arrays: Float32Array[] = [];
    for (const { name, spec } of specs) {
      const tensor = decoded.file.tensors.get(`optimizer.${name}.${slot}`);
      const shape = torchShape(spec);
      if (!tensor || tensor.dtype !== 'F32' || tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) return fail(`needs optimizer.${name}.${slot}, F32 of shape [${shape.join(', ')}]`);
      const values = new Float32Array(tensor.data.length);
      fromTorchLayout(spec, tensor.data, values);
      arrays.push(values);
    }
    slotArrays.set(slot, arrays);
  }
  const optimizerState: OptimizerState = { steps: optimizerSteps, slots: slotArrays };
  const { shuffle, dropout, augment } = s as { shuffle: RandomState; dropout: RandomState; augment: RandomState };
  return { ok: true, state: { epochsDone, steps, epochs, seed, optimizer: optimizer as TrainingState['optimizer'], optimizerState, streams: { shuffle, dropout, augment }, plateau, lrScale } };
}
