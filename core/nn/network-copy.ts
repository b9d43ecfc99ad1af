import { Random } from '../common/random';
import { Network } from './network';

/**
 * A second network of the same model holding the same values: every tensor, parameters and
 * buffers (batch-norm running statistics) alike. The loss landscape of a run that is still
 * training is computed on such a copy, so the run's own weights can go on moving under it.
 */
export function copyNetwork(network: Network): Network {
  // The initial values are overwritten below; the stream only has to exist.
  const copy = new Network(network.model, new Random(0));
  for (const layer of network.model.layers) {
    const from = network.stateOf(layer.name);
    const to = copy.stateOf(layer.name);
    if (!from || !to) continue;
    from.tensors.forEach((tensor, i) => {
      const target = to.tensors[i]!;
      target.data.set(tensor.data);
      if (tensor.parameter && target.parameter) target.parameter.data.set(tensor.parameter.data);
    });
  }
  return copy;
}
