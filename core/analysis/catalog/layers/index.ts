/**
 * Every layer of the language, one entry per file (pooling: one file for max and average). To add
 * a layer: write its file and list it in `layerEntries` below; `LayerKind` and every consumer follow.
 */
import { activations, type ActivationName } from '../activations';
import type { LayerEntry } from '../entry';
import type { MergeKind } from '../merges';
import { activationLayer } from './activation-layer';
import { attention } from './attention';
import { batchnorm } from './batchnorm';
import { conv1d } from './conv1d';
import { conv2d } from './conv2d';
import { conv_transpose2d } from './conv-transpose2d';
import { dense } from './dense';
import { dropout } from './dropout';
import { embedding } from './embedding';
import { flatten } from './flatten';
import { globalavgpool1d } from './globalavgpool1d';
import { adaptiveavgpool2d } from './adaptiveavgpool2d';
import { globalavgpool2d } from './globalavgpool2d';
import { globalmaxpool2d } from './globalmaxpool2d';
import { gru } from './gru';
import { layernorm } from './layernorm';
import { lstm } from './lstm';
import { avgpool1d, maxpool1d } from './pool1d';
import { avgpool2d, maxpool2d } from './pool2d';
import { trainableArg } from './shared';
import { permute } from './permute';
import { positional_embedding } from './positional-embedding';
import { prelu } from './prelu';
import { reparameterize } from './reparameterize';
import { reshape } from './reshape';
import { sinusoidal_positions } from './sinusoidal-positions';
import { upsample } from './upsample';

/** The layers other than activations, in catalog order. */
const layerEntries = [
  dense,
  conv1d,
  conv2d,
  conv_transpose2d,
  maxpool1d,
  avgpool1d,
  globalavgpool1d,
  maxpool2d,
  avgpool2d,
  globalavgpool2d,
  globalmaxpool2d,
  adaptiveavgpool2d,
  upsample,
  flatten,
  reshape,
  permute,
  dropout,
  batchnorm,
  layernorm,
  embedding,
  lstm,
  gru,
  prelu,
  attention,
  positional_embedding,
  sinusoidal_positions,
  reparameterize,
] as const;

/** The kind of every layer a model may hold: a layer entry's name or an activation's. */
export type LayerKind = (typeof layerEntries)[number]['name'] | ActivationName;

/** Every layer takes `trainable:` last (the checker warns where it freezes nothing: DL417). */
const withTrainable = (entry: LayerEntry<LayerKind>): LayerEntry<LayerKind> => ({ ...entry, args: [...entry.args, trainableArg] });

/** Every layer, activations (generated from their entries) last. */
export const layers: readonly LayerEntry<LayerKind>[] = [...layerEntries, ...activations.map((a) => activationLayer<ActivationName>(a))].map(withTrainable);

const layersByName = new Map<string, LayerEntry<LayerKind>>(layers.map((layer) => [layer.name, layer]));

/** The layer with this name, if any. */
export function findLayer(name: string): LayerEntry<LayerKind> | undefined {
  return layersByName.get(name);
}

/** The entry of a model's layer (a merge, `add` or `concat`, has its own: catalog/merges.ts). */
export function layerEntry(kind: LayerKind | MergeKind): LayerEntry<LayerKind> {
  const entry = layersByName.get(kind);
  if (!entry) throw new Error(`no catalog entry for a layer of kind '${kind}'`);
  return entry;
}

/** Layer names in catalog order. */
export const layerNames: readonly LayerKind[] = layers.map((layer) => layer.name);

export { initialisers } from './shared';
