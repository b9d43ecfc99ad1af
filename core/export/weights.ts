import { fromTorchLayout, torchShape, toTorchLayout } from '../nn/layout';
import type { Network } from '../nn/network';
import { decodeSafetensors, encodeSafetensors, type SafeTensor } from './safetensors';

/**
 * A network's weights under PyTorch's names and layouts, which are also the exported model.py's
 * `state_dict()` keys: `<layer>.weight` and `<layer>.bias` for dense ([units, n]: the TRANSPOSE of
 * our [n, units]), conv2d ([filters, C, kh, kw]), batchnorm and layernorm (γ, β) and embedding
 * ([vocab, dim]); `<layer>.running_mean` and `<layer>.running_var` for batchnorm. In model order,
 * each layer's parameters before its buffers, as `state_dict()` lists them.
 */
export interface WeightEntry {
  readonly name: string;
  /** The PyTorch shape. */
  readonly shape: readonly number[];
  /** Values in PyTorch's layout (a copy for dense weights, the live array otherwise). */
  read(): Float32Array;
  /** Writes values given in PyTorch's layout into the network. */
  write(values: Float32Array): void;
  /** Whether it is a trainable parameter (false for running statistics). */
  readonly trainable: boolean;
}

/** Every tensor of a network's state as PyTorch names and shapes it, in the layouts its catalog entries declare. */
export function weightEntries(network: Network): WeightEntry[] {
  const entries: WeightEntry[] = [];
  for (const layer of network.model.layers) {
    const state = network.stateOf(layer.name);
    if (!state || state.layer !== layer) continue;
    for (const { spec, data } of state.tensors) {
      entries.push({
        name: `${layer.name}.${spec.name}`,
        shape: torchShape(spec),
        trainable: spec.trainable,
        read: () => toTorchLayout(spec, data),
        write: (values) => fromTorchLayout(spec, values, data),
      });
    }
  }
  return entries;
}

export interface SaveOptions {
  /** More tensors to store after the weights (e.g. optimizer state as `optimizer.<param>.exp_avg`). */
  readonly extraTensors?: Iterable<readonly [string, SafeTensor]>;
  /** String metadata for the header's `__metadata__`. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * A network's weights (and batch-norm running statistics) as a safetensors file in PyTorch's
 * names and layouts: `torch.load`-free loading with `model.load_state_dict(safetensors.torch.load_file(...))`.
 */
export function networkToSafetensors(network: Network, options: SaveOptions = {}): Uint8Array {
  const tensors: [string, SafeTensor][] = weightEntries(network).map((entry) => [entry.name, { dtype: 'F32', shape: entry.shape, data: entry.read() }]);
  if (options.extraTensors) for (const [name, tensor] of options.extraTensors) tensors.push([name, tensor]);
  return encodeSafetensors(tensors, { format: 'pt', producer: 'dlmodel studio', model: network.model.name, ...(options.metadata ?? {}) });
}

/**
 * Several networks' weights in one safetensors file, each tensor named `<prefix><name>` (a policy
 * and its value model: `policy.dense_1.weight`, `value.dense_1.weight`). Layer names have no dots,
 * so two prefixes ending in a dot never name the same tensor.
 */
export function networksToSafetensors(parts: readonly (readonly [prefix: string, network: Network])[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const tensors: [string, SafeTensor][] = parts.flatMap(([prefix, network]) => weightEntries(network).map((entry): [string, SafeTensor] => [`${prefix}${entry.name}`, { dtype: 'F32', shape: entry.shape, data: entry.read() }]));
  return encodeSafetensors(tensors, { format: 'pt', producer: 'dlmodel studio', ...metadata });
}

export type LoadResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Keys a PyTorch state_dict may carry that have no counterpart here; loading ignores them. */
const ignored = (name: string): boolean => name.endsWith('.num_batches_tracked') || name.startsWith('optimizer.');

const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Loads weights from a safetensors file (ours, or a PyTorch state_dict of the exported model.py)
 * into a network. All or nothing: every tensor is checked — present, F32 (or F64), the expected
 * shape — before any value is written; unknown tensors are an error, except `num_batches_tracked`
 * and `optimizer.*`. With a prefix, reads only the tensors named `<prefix><name>`. Never throws.
 */
export function loadSafetensorsInto(network: Network, bytes: Uint8Array, prefix = ''): LoadResult {
  const decoded = decodeSafetensors(bytes);
  if (!decoded.ok) return decoded;
  // With a prefix (a file of several networks, networksToSafetensors), only that network's tensors.
  const tensors = prefix === '' ? decoded.file.tensors : new Map([...decoded.file.tensors].filter(([name]) => name.startsWith(prefix)).map(([name, tensor]) => [name.slice(prefix.length), tensor]));
  const entries = weightEntries(network);
  const problems: string[] = [];
  const writes: (() => void)[] = [];
  const expected = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const tensor = tensors.get(entry.name);
    if (!tensor) {
      problems.push(`${entry.name} is missing`);
      continue;
    }
    if (tensor.dtype !== 'F32' && tensor.dtype !== 'F64') {
      problems.push(`${entry.name} is ${tensor.dtype}; expected F32`);
      continue;
    }
    const same = tensor.shape.length === entry.shape.length && tensor.shape.every((d, i) => d === entry.shape[i]);
    if (!same) {
      const transposedDense = entry.shape.length === 2 && tensor.shape.length === 2 && tensor.shape[0] === entry.shape[1] && tensor.shape[1] === entry.shape[0] && entry.name.endsWith('.weight');
      problems.push(`${entry.name} has shape ${shapeText(tensor.shape)}; the model needs ${shapeText(entry.shape)}${transposedDense ? ' (dense weights are stored as PyTorch stores them, [units, inputs])' : ''}`);
      continue;
    }
    const values = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data);
    writes.push(() => entry.write(values));
  }
  const unknown = [...tensors.keys()].filter((name) => !expected.has(name) && !ignored(name));
  if (unknown.length > 0) problems.push(`the file has tensors the model does not: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? `, … (${unknown.length} in all)` : ''}`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 6).join('; ');
    return { ok: false, message: `the weights do not fit model ${network.model.name}: ${shown}${problems.length > 6 ? `; and ${problems.length - 6} more` : ''}` };
  }
  for (const write of writes) write();
  return { ok: true };
}
