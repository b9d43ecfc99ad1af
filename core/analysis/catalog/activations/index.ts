/**
 * Every activation of the language, one entry per file. To add one: write its file and list it
 * here; its layer (`name()`) and its `activation:` value follow.
 */
import type { ActivationEntry } from '../entry';
import { elu } from './elu';
import { gelu } from './gelu';
import { hardsigmoid } from './hardsigmoid';
import { hardswish } from './hardswish';
import { leakyRelu } from './leaky-relu';
import { linear } from './linear';
import { logsoftmax } from './logsoftmax';
import { mish } from './mish';
import { relu } from './relu';
import { relu6 } from './relu6';
import { sigmoid } from './sigmoid';
import { silu } from './silu';
import { softmax } from './softmax';
import { softplus } from './softplus';
import { tanh } from './tanh';

/** In catalog order (documentation and completion list them so). */
export const activations = [linear, relu, leakyRelu, elu, gelu, silu, mish, hardswish, relu6, tanh, sigmoid, hardsigmoid, softplus, softmax, logsoftmax] as const;

export type ActivationName = (typeof activations)[number]['name'];

/** Kept for readers of the declarative part (hover, completion). */
export type ActivationSpec = ActivationEntry;

/** Activation names in catalog order. */
export const activationNames: readonly ActivationName[] = activations.map((a) => a.name);

const byName = new Map<string, ActivationEntry<ActivationName>>(activations.map((a) => [a.name, a]));

/** The activation with this name, if any. */
export function findActivation(name: string): ActivationEntry<ActivationName> | undefined {
  return byName.get(name);
}
