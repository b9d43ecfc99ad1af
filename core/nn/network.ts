import type { Random } from '../common/random';
import type { LayerSummary, ModelStep, ModelSummary } from '../analysis';
import type { BoundArguments } from '../analysis/catalog';
import * as t from '../tensor';
import { initialiseEmbedding, initialiseLayer, initialiseNormalisation, type InitName } from './init';

/** A layer's trainable tensors and, for batch-norm, its running statistics. */
export interface LayerState {
  readonly layer: LayerSummary;
  readonly args: BoundArguments;
  /** dense: [n, units] (x·W; PyTorch's Linear stores the transpose); conv2d: [filters, C, kh, kw]; embedding: [vocab, dim]; norms: γ. */
  readonly weight?: t.Parameter;
  /** dense, conv2d: the bias; norms: β. */
  readonly bias?: t.Parameter;
  readonly runningMean?: Float32Array;
  readonly runningVariance?: Float32Array;
}

/** A named trainable tensor (`dense_1.weight`, `batchnorm_1.bias`). */
export interface NamedParameter {
  readonly name: string;
  readonly tensor: t.Parameter;
}

export interface ForwardOptions {
  /** Training mode: batch statistics in batch-norm (and their running update), dropout on. */
  readonly training: boolean;
  /** The dropout stream; required when training a model with dropout. */
  readonly random?: Random;
}

export interface ForwardResult {
  /** The model's output (after any final softmax or sigmoid). */
  readonly output: t.Tensor;
  /** The scores before a final softmax or sigmoid (the output itself when there is none). */
  readonly logits: t.Tensor;
  /** Each layer's output by name, for the panels and the health checks. */
  readonly activations: ReadonlyMap<string, t.Tensor>;
}

const pair = (args: BoundArguments, name: string): readonly [number, number] => args.pair(name);

function applyActivation(name: string, x: t.Tensor, args?: BoundArguments): t.Tensor {
  switch (name) {
    case 'linear':
      return x;
    case 'relu':
      return t.relu(x);
    case 'leaky_relu':
      return t.leakyRelu(x, args?.get('slope') === undefined ? 0.01 : args.number('slope'));
    case 'elu':
      return t.elu(x, args?.get('alpha') === undefined ? 1 : args.number('alpha'));
    case 'gelu':
      return t.gelu(x);
    case 'tanh':
      return t.tanh(x);
    case 'sigmoid':
      return t.sigmoid(x);
    case 'softplus':
      return t.softplus(x);
    case 'softmax':
      return t.softmax(x);
    default:
      throw new Error(`activation: unknown '${name}'`);
  }
}

/**
 * A model ready to run: its parameters, initialised from the run's `init` stream in layer order
 * (each layer's weight, then its bias), and its forward pass in train or eval mode.
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
      if (layer.kind === 'add') continue;
      if (!layer.args || !layer.inputShape) throw new Error(`model ${model.name}: layer ${layer.name} has errors; fix what dlmodel check reports`);
      this.states.set(layer, this.createState(layer, layer.args, layer.inputShape, random));
    }
  }

  private addParameter(name: string, data: Float32Array, shape: readonly number[]): t.Parameter {
    const tensor = t.parameter(data, shape);
    this.parameters.push({ name, tensor });
    return tensor;
  }

  private createState(layer: LayerSummary, args: BoundArguments, input: readonly number[], random: Random): LayerState {
    switch (layer.kind) {
      case 'dense': {
        const n = input[input.length - 1]!;
        const units = args.number('units');
        const weight = new Float32Array(n * units);
        const bias = args.flag('bias') ? new Float32Array(units) : undefined;
        // Drawn in PyTorch's [units, n] order so the exporter can write the same numbers; stored transposed.
        const drawn = new Float32Array(n * units);
        initialiseLayer(args.text('init') as InitName, drawn, bias, { fanIn: n, fanOut: units }, random);
        for (let u = 0; u < units; u++) for (let i = 0; i < n; i++) weight[i * units + u] = drawn[u * n + i]!;
        return { layer, args, weight: this.addParameter(`${layer.name}.weight`, weight, [n, units]), ...(bias ? { bias: this.addParameter(`${layer.name}.bias`, bias, [units]) } : {}) };
      }
      case 'conv2d': {
        const channels = input[0]!;
        const filters = args.number('filters');
        const [kh, kw] = pair(args, 'kernel');
        const weight = new Float32Array(filters * channels * kh * kw);
        const bias = args.flag('bias') ? new Float32Array(filters) : undefined;
        initialiseLayer(args.text('init') as InitName, weight, bias, { fanIn: channels * kh * kw, fanOut: filters * kh * kw }, random);
        return { layer, args, weight: this.addParameter(`${layer.name}.weight`, weight, [filters, channels, kh, kw]), ...(bias ? { bias: this.addParameter(`${layer.name}.bias`, bias, [filters]) } : {}) };
      }
      case 'batchnorm':
      case 'layernorm': {
        const size = layer.kind === 'batchnorm' ? input[0]! : input[input.length - 1]!;
        const scale = new Float32Array(size);
        const shift = new Float32Array(size);
        initialiseNormalisation(scale, shift);
        const state = { layer, args, weight: this.addParameter(`${layer.name}.weight`, scale, [size]), bias: this.addParameter(`${layer.name}.bias`, shift, [size]) };
        return layer.kind === 'batchnorm' ? { ...state, runningMean: new Float32Array(size), runningVariance: new Float32Array(size).fill(1) } : state;
      }
      case 'embedding': {
        const vocab = args.number('vocab');
        const dim = args.number('dim');
        const table = new Float32Array(vocab * dim);
        initialiseEmbedding(table, random);
        return { layer, args, weight: this.addParameter(`${layer.name}.weight`, table, [vocab, dim]) };
      }
      default:
        return { layer, args };
    }
  }

  /** The state of a layer (its parameters and running statistics). */
  stateOf(name: string): LayerState | undefined {
    for (const state of this.states.values()) if (state.layer.name === name) return state;
    return undefined;
  }

  /** Runs the model on a batch `input` [batch, ...input shape]. */
  forward(input: t.Tensor, options: ForwardOptions): ForwardResult {
    const activations = new Map<string, t.Tensor>();
    let logits: t.Tensor | undefined;
    const lastLayer = this.model.layers[this.model.layers.length - 1];
    const run = (steps: readonly ModelStep[], x: t.Tensor): t.Tensor => {
      let current = x;
      for (const step of steps) {
        if (step.kind === 'residual') {
          const body = run(step.body, current);
          const shortcut = step.shortcut ? run(step.shortcut, current) : current;
          current = t.add(body, shortcut);
          activations.set(step.sum.name, current);
          continue;
        }
        current = this.layerForward(step.layer, current, options, (beforeActivation) => {
          if (step.layer === lastLayer) logits = beforeActivation;
        });
        activations.set(step.layer.name, current);
      }
      return current;
    };
    const output = run(this.model.steps, input);
    return { output, logits: logits ?? output, activations };
  }

  /** One layer; `final` receives the value before a closing softmax/sigmoid of the last layer. */
  private layerForward(layer: LayerSummary, x: t.Tensor, options: ForwardOptions, final: (beforeActivation: t.Tensor) => void): t.Tensor {
    const state = this.states.get(layer)!;
    const args = state.args;
    const activate = (value: t.Tensor, name: string): t.Tensor => {
      if (name === 'softmax' || name === 'sigmoid') final(value);
      return applyActivation(name, value, name === layer.kind ? args : undefined);
    };
    switch (layer.kind) {
      case 'dense': {
        let y = t.matmul(x, state.weight!);
        if (state.bias) y = t.addBias(y, state.bias);
        return activate(y, args.text('activation'));
      }
      case 'conv2d': {
        const padding = args.get('padding') === 'same' ? samePadding(args) : pair(args, 'padding');
        const y = t.conv2d(x, state.weight!, state.bias, { stride: pair(args, 'stride'), padding, dilation: pair(args, 'dilation') });
        return activate(y, args.text('activation'));
      }
      case 'maxpool2d':
      case 'avgpool2d': {
        const kernel = pair(args, 'size');
        const pool = { kernel, stride: args.get('stride') === undefined ? kernel : pair(args, 'stride'), padding: pair(args, 'padding') };
        return layer.kind === 'maxpool2d' ? t.maxPool2d(x, pool) : t.avgPool2d(x, pool);
      }
      case 'globalavgpool2d':
        return t.globalAvgPool2d(x);
      case 'flatten':
        return t.flatten(x);
      case 'dropout':
        return options.training ? t.dropout(x, dropoutMask(x.size, args.number('rate'), options.random)) : x;
      case 'batchnorm':
        return this.batchNorm(state, x, options.training);
      case 'layernorm':
        return t.layerNorm(x, state.weight!, state.bias!, args.number('eps'));
      case 'embedding': {
        const indices = Int32Array.from(x.data);
        return t.gatherRows(state.weight!, indices, x.shape);
      }
      default:
        return activate(x, layer.kind);
    }
  }

  private batchNorm(state: LayerState, x: t.Tensor, training: boolean): t.Tensor {
    const eps = state.args.number('eps');
    const channels = x.shape[1]!;
    if (training) {
      const result = t.batchNorm(x, state.weight!, state.bias!, eps);
      // PyTorch's running update: the batch mean, and the UNBIASED batch variance.
      const momentum = state.args.number('momentum');
      const count = x.size / channels;
      const correction = count > 1 ? count / (count - 1) : 1;
      for (let c = 0; c < channels; c++) {
        state.runningMean![c] = (1 - momentum) * state.runningMean![c]! + momentum * result.mean[c]!;
        state.runningVariance![c] = (1 - momentum) * state.runningVariance![c]! + momentum * result.variance[c]! * correction;
      }
      return result.output;
    }
    // Evaluation: ((x − running mean)/√(running var + eps))·γ + β per channel; γ and β keep their gradients.
    const shape = x.shape.length === 4 ? [1, channels, 1, 1] : [1, channels];
    const inverse = new Float32Array(channels);
    const offset = new Float32Array(channels);
    for (let c = 0; c < channels; c++) {
      inverse[c] = 1 / Math.sqrt(state.runningVariance![c]! + eps);
      offset[c] = -state.runningMean![c]! * inverse[c]!;
    }
    const normalised = t.add(t.mul(x, t.tensor(inverse, shape)), t.tensor(offset, shape));
    return t.add(t.mul(normalised, t.reshape(state.weight!, shape)), t.reshape(state.bias!, shape));
  }
}

/** The padding of `padding: same`: d·(k − 1)/2 on each side (the checker guarantees it is whole). */
function samePadding(args: BoundArguments): readonly [number, number] {
  const [kh, kw] = args.pair('kernel');
  const [dh, dw] = args.pair('dilation');
  return [(dh * (kh - 1)) / 2, (dw * (kw - 1)) / 2];
}

/** An inverted-dropout mask: 0 with probability `rate`, else 1/(1 − rate). */
function dropoutMask(length: number, rate: number, random: Random | undefined): Float32Array {
  if (!random) throw new Error('dropout: training needs the run’s dropout stream');
  const mask = new Float32Array(length);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < length; i++) mask[i] = random.nextFloat() < rate ? 0 : keep;
  return mask;
}
