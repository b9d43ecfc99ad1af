/**
 * A network's parameters as one flat vector θ, in `network.parameters` order (each layer's weight,
 * then its bias, in layer order), each tensor's values in its storage order. The loss-landscape
 * code moves through parameter space with these vectors (θ* + αδ + βη), and the training run's
 * snapshots are stored the same way.
 */
import { tensorRole } from '../analysis/catalog';
import type { Network } from '../nn/network';

/** Where one parameter tensor sits in the flat vector, and what it belongs to. */
export interface ParameterSlice {
  /** `dense_1.weight`, `batchnorm_1.bias`, … */
  readonly name: string;
  /** The layer's name and catalog kind (`dense`, `conv2d`, `embedding`, `batchnorm`, `layernorm`). */
  readonly layer: string;
  readonly layerKind: string;
  readonly role: 'weight' | 'bias';
  readonly offset: number;
  readonly length: number;
  /** The tensor's shape as stored: dense weights are [inputs, units] (PyTorch's transpose). */
  readonly shape: readonly number[];
  /** Stored as PyTorch's transpose (its catalog `torchLayout`): the output units run along the last axis. */
  readonly transposed: boolean;
}

/** The slices of every parameter tensor, in order; the last one ends at the vector's length. */
export function parameterLayout(network: Network): ParameterSlice[] {
  const slices: ParameterSlice[] = [];
  let offset = 0;
  for (const { name, layer, spec, tensor } of network.parameters) {
    const layerKind = network.stateOf(layer)?.layer.kind ?? 'unknown';
    // Trainable tensors are weights or biases; a running statistic is never a parameter.
    const role = tensorRole(spec.name) === 'bias' ? 'bias' : 'weight';
    slices.push({ name, layer, layerKind, role, offset, length: tensor.size, shape: [...tensor.shape], transposed: spec.torchLayout === 'transposed' });
    offset += tensor.size;
  }
  return slices;
}

/** The number of trainable values: the length of a flat parameter vector. */
export function parameterCount(network: Network): number {
  let count = 0;
  for (const { tensor } of network.parameters) count += tensor.size;
  return count;
}

/** Copies the network's parameters into `into` (allocated when absent) and returns it. */
export function readParameters(network: Network, into: Float32Array = new Float32Array(parameterCount(network))): Float32Array {
  checkLength(network, into.length, 'readParameters');
  let offset = 0;
  for (const { tensor } of network.parameters) {
    into.set(tensor.data, offset);
    offset += tensor.size;
  }
  return into;
}

/**
 * Writes a flat vector into the network's parameter tensors, in place (the tensors keep their
 * arrays, so anything holding them, such as an optimizer, sees the new values).
 */
export function writeParameters(network: Network, values: Float32Array): void {
  checkLength(network, values.length, 'writeParameters');
  let offset = 0;
  for (const { tensor } of network.parameters) {
    tensor.data.set(values.subarray(offset, offset + tensor.size));
    offset += tensor.size;
  }
}

function checkLength(network: Network, length: number, what: string): void {
  const expected = parameterCount(network);
  if (length !== expected) throw new Error(`${what}: the vector has ${length} values but model ${network.model.name} has ${expected} parameters`);
}
