import { findActivation, type ActivationName } from './activations';
import { defaultArguments, type ActivationEntry } from './entry';
import type { LayerKind } from './layers';
import type { MergeKind } from './merges';
import type { BoundArguments } from './types';

/** The activation a layer applies last, with the arguments it applies it with. */
export interface AppliedActivation {
  readonly entry: ActivationEntry<ActivationName>;
  readonly args: BoundArguments;
  /** True for an activation layer (`relu()`); false for an `activation:` value of another layer. */
  readonly isLayer: boolean;
}

const defaults = new Map<string, BoundArguments>();
/** An activation's default arguments, built once. */
function defaultsOf(entry: ActivationEntry): BoundArguments {
  let args = defaults.get(entry.name);
  if (!args) defaults.set(entry.name, (args = defaultArguments(entry.args)));
  return args;
}

/**
 * What a layer ends in: an activation layer is its own activation (its arguments given); a layer
 * with an `activation:` argument applies that one with its default arguments; other layers none.
 */
export function appliedActivation(layer: { readonly kind: LayerKind | MergeKind; readonly args?: BoundArguments | undefined }): AppliedActivation | undefined {
  const own = findActivation(layer.kind);
  if (own) return { entry: own, args: layer.args ?? defaultsOf(own), isLayer: true };
  const value = layer.args?.get('activation');
  const named = typeof value === 'string' ? findActivation(value) : undefined;
  return named ? { entry: named, args: defaultsOf(named), isLayer: false } : undefined;
}
