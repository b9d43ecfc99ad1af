import type { Random } from '../common/random';
import { modelInputValue, type LayerSummary, type ModelSummary } from '../analysis';
import { appliedActivation, findMerge, isMergeKind, layerEntry, type BoundArguments, type ForwardContext, type LayerEntry, type NormalSource, type ObservedValueName, type ParameterName, type PlacedLayer, type TensorSpec } from '../analysis/catalog';
import * as t from '../tensor';
import { drain } from '../inspect/progress';
import { initialiseTensors, type TensorValues } from './init';

/** One tensor of a layer: its catalog spec, its values and, when trainable, the engine's parameter. */
export interface LayerTensor extends TensorValues {
  readonly parameter?: t.Parameter;
}

/** A layer's catalog entry and tensors (parameters and buffers, in state_dict() order). */
export interface LayerState {
  readonly layer: LayerSummary;
  readonly entry: LayerEntry;
  readonly args: BoundArguments;
  readonly placed: PlacedLayer;
  readonly tensors: readonly LayerTensor[];
  /** Shortcuts to the tensors of those PyTorch names (dense keeps its weight as [n, units]). */
  readonly weight?: t.Parameter;
  readonly bias?: t.Parameter;
  readonly runningMean?: Float32Array;
  readonly runningVariance?: Float32Array;
}

/** A named trainable tensor (`dense_1.weight`, `attn.out_proj.bias`): its layer and catalog spec too. */
export interface NamedParameter {
  readonly name: string;
  /** The layer it belongs to (`attn`, never a prefix cut from `name`). */
  readonly layer: string;
  readonly spec: TensorSpec;
  readonly tensor: t.Parameter;
}

export interface ForwardOptions {
  /** Training mode: batch statistics in batch-norm (and their running update), dropout on. */
  readonly training: boolean;
  /** The dropout stream; required when training a model with dropout. */
  readonly random?: Random;
  /** The noise stream (ε of reparameterize); required when training a model with a reparameterize layer. */
  readonly noise?: NormalSource;
  /** Receives the values layers report (attention's weights) with the layer's name; see ForwardContext.observe. */
  readonly observe?: (layer: string, name: ObservedValueName, value: t.Tensor) => void;
}

export interface ForwardResult {
  /** The model's output (after any final softmax or sigmoid). */
  readonly output: t.Tensor;
  /** The scores before a final softmax or sigmoid (the output itself when there is none). */
  readonly logits: t.Tensor;
  /** Each layer's output by name, for the panels and the health checks. */
  readonly activations: ReadonlyMap<string, t.Tensor>;
  /** The input of the model's reparameterize layer, [batch, 2·z]: μ then log σ², which the vae loss reads. */
  readonly latent?: t.Tensor;
}

/**
 * A model ready to run: its layers' tensors as their catalog entries declare them, initialised
 * from the run's `init` stream in layer order, and its forward pass in train or eval mode through
 * each entry's `forward` (the tape records it, so backward needs nothing more).
 */
export class Network {
  readonly parameters: NamedParameter[] = [];
  private readonly states = new Map<LayerSummary, LayerState>();

  constructor(
    readonly model: ModelSummary,
    random: Random,
  ) {
    if (!model.input || !model.output) throw new Error(`model ${model.name}: its shapes are not known; fix the errors dlmodel check reports`);
    for (const layer of model.layers) {
      if (isMergeKind(layer.kind)) continue;
      if (!layer.args || !layer.inputShape || !layer.outputShape) throw new Error(`model ${model.name}: layer ${layer.name} has errors; fix what dlmodel check reports`);
      const placed: PlacedLayer = { args: layer.args, input: layer.inputShape, inputs: [layer.inputShape], output: layer.outputShape };
      this.states.set(layer, this.createState(layer, layerEntry(layer.kind), placed, random));
    }
  }

  private createState(layer: LayerSummary, entry: LayerEntry, placed: PlacedLayer, random: Random): LayerState {
    const { tensors: specs, init } = entry.parameters(placed);
    const values = specs.map((spec) => ({ spec, data: new Float32Array(spec.shape.reduce((a, b) => a * b, 1)) }));
    initialiseTensors(init, values, random);
    const frozen = placed.args.get('trainable') === false;
    const tensors: LayerTensor[] = values.map(({ spec, data }) => {
      if (!spec.trainable) return { spec, data };
      const parameter = t.parameter(data, spec.shape);
      // A frozen layer (`trainable: false`), as requires_grad_(False): no gradient, not in the optimizer's list.
      if (frozen) parameter.requiresGrad = false;
      else this.parameters.push({ name: `${layer.name}.${spec.name}`, layer: layer.name, spec, tensor: parameter });
      return { spec, data, parameter };
    });
    const find = (name: ParameterName): LayerTensor | undefined => tensors.find((tensor) => tensor.spec.name === name);
    const [weight, bias, runningMean, runningVariance] = [find('weight')?.parameter, find('bias')?.parameter, find('running_mean')?.data, find('running_var')?.data];
    return { layer, entry, args: placed.args, placed, tensors, ...(weight ? { weight } : {}), ...(bias ? { bias } : {}), ...(runningMean ? { runningMean } : {}), ...(runningVariance ? { runningVariance } : {}) };
  }

  /** The state of a layer (its parameters and running statistics). */
  stateOf(name: string): LayerState | undefined {
    for (const state of this.states.values()) if (state.layer.name === name) return state;
    return undefined;
  }

  /** Runs the model on a batch `input` [batch, ...input shape]: its graph's nodes in order, each reading earlier values. */
  forward(input: t.Tensor, options: ForwardOptions): ForwardResult {
    return drain(this.forwardWork(input, options));
  }

  /**
   * `forward` pausing after each node of the graph: an evaluation at the end of an epoch runs a
   * 256-row chunk through a deep net one layer per pull, so the training worker answers Stop
   * between layers. The caller keeps the weights still and the tape it runs on active at every
   * pull (`TrainingRun`'s sliced probe and the `Evaluator` do); the result is `forward`'s, bit for bit.
   */
  *forwardWork(input: t.Tensor, options: ForwardOptions): Generator<void, ForwardResult, void> {
    const activations = new Map<string, t.Tensor>();
    let logits: t.Tensor | undefined;
    const lastLayer = this.model.layers[this.model.layers.length - 1];
    const values: t.Tensor[] = [];
    const valueOf = (id: number): t.Tensor => (id === modelInputValue ? input : values[id]!);
    let latent: t.Tensor | undefined;
    for (const { layer, inputs } of this.model.graph.nodes) {
      if (layer.kind === 'reparameterize') latent = valueOf(inputs[0]!);
      const merge = findMerge(layer.kind);
      const output = merge
        ? merge.forward(t, inputs.map(valueOf), layer.args)
        : this.layerForward(layer, valueOf(inputs[0]!), options, (beforeActivation) => {
            if (layer === lastLayer) logits = beforeActivation;
          });
      values.push(output);
      activations.set(layer.name, output);
      yield;
    }
    const output = valueOf(this.model.graph.output);
    return { output, logits: logits ?? output, activations, ...(latent ? { latent } : {}) };
  }

  /** One layer (not a merge) on `x`, as `forward` runs it: for callers that run the graph their own way (core/generate/kv-cache.ts). */
  forwardLayer(layer: LayerSummary, x: t.Tensor, options: ForwardOptions): t.Tensor {
    return this.layerForward(layer, x, options, () => undefined);
  }

  /** One layer; `final` receives the value before a closing softmax/sigmoid (what a loss reads). */
  private layerForward(layer: LayerSummary, x: t.Tensor, options: ForwardOptions, final: (beforeActivation: t.Tensor) => void): t.Tensor {
    const state = this.states.get(layer)!;
    const activation = appliedActivation(layer);
    if (activation?.isLayer && activation.entry.outputUnit) final(x);
    const context = forwardContext(state, x, options);
    // An output unit's input is the loss's: it must exist as a tensor, so it is never fused away.
    const fused = activation && !activation.isLayer && !activation.entry.outputUnit ? state.entry.forwardActivated?.(context, activation.entry.name) : undefined;
    if (fused) return fused;
    const y = state.entry.forward(context);
    if (!activation || activation.isLayer) return y;
    if (activation.entry.outputUnit) final(y);
    return activation.entry.forward(t, y, activation.args);
  }
}

/** What an entry's forward pass reads of its layer's state. */
function forwardContext(state: LayerState, x: t.Tensor, options: ForwardOptions): ForwardContext {
  const tensor = (name: ParameterName): LayerTensor | undefined => state.tensors.find((candidate) => candidate.spec.name === name);
  const missing = (name: string): never => {
    throw new Error(`layer ${state.layer.name}: no tensor '${name}'`);
  };
  return {
    t,
    input: x,
    inputs: [x],
    args: state.args,
    training: options.training,
    parameter: (name) => tensor(name)?.parameter ?? missing(name),
    optional: (name) => tensor(name)?.parameter,
    buffer: (name) => tensor(name)?.data ?? missing(name),
    dropoutStream: () => {
      if (!options.random) throw new Error('dropout: training needs the run’s dropout stream');
      return options.random;
    },
    noiseStream: () => {
      if (!options.noise) throw new Error('reparameterize: training needs the run’s noise stream');
      return options.noise;
    },
    observe: (name, value) => options.observe?.(state.layer.name, name, value),
  };
}
