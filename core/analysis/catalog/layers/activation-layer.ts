import type { ActivationEntry, LayerEntry } from '../entry';
import { applyModule, noParameters, savesNothing } from '../entry';
import { sameShape } from './shared';

/** The layer form of an activation (`relu()`, `leaky_relu(slope: 0.2)`): its own arguments apply. */
export function activationLayer<Name extends string>(activation: ActivationEntry<Name>): LayerEntry<Name> {
  return {
    name: activation.name,
    category: 'activation',
    summary: activation.summary,
    doc: `${activation.doc} Same as \`${activation.torch}\`.`,
    args: activation.args,
    example: activation.example,
    readsTokens: false,
    infer: sameShape,
    parameters: noParameters,
    forward: ({ t, input, args }) => activation.forward(t, input, args),
    torch: { module: ({ args }) => activation.torchModule(args), call: applyModule },
    onnx: ({ graph, x, y, args }) => activation.onnx(graph, x, y, args),
    savedValues: savesNothing,
  };
}
