import type { FanDraw, Initialisation, InitName, TensorSpec } from '../analysis/catalog';
import type { Random } from '../common/random';
import { fromTorchLayout } from './layout';

export type { InitName } from '../analysis/catalog';

/** Fans of a weight: `fanIn` is n for dense and C·k_h·k_w for conv2d; `fanOut` is units or filters·k_h·k_w. */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/**
 * Fills a layer's weight and bias as the spec's `init:` says, drawing from `random` weights first,
 * then the bias, each in row-major order (the PyTorch exporter repeats exactly this order):
 * - `default`: PyTorch's own reset for nn.Linear and nn.Conv2d — weights and biases U(−1/√fan_in, 1/√fan_in)
 *   (kaiming_uniform with a = √5 gives exactly that bound);
 * - `he`: weights N(0, 2/fan_in), bias 0;
 * - `glorot`: weights U(±√(6/(fan_in + fan_out))), bias 0;
 * - `zeros`: everything 0.
 */
export function initialiseLayer(init: InitName, weight: Float32Array, bias: Float32Array | undefined, fans: Fans, random: Random): void {
  switch (init) {
    case 'default': {
      const bound = 1 / Math.sqrt(fans.fanIn);
      for (let i = 0; i < weight.length; i++) weight[i] = random.uniform(-bound, bound);
      if (bias) for (let i = 0; i < bias.length; i++) bias[i] = random.uniform(-bound, bound);
      return;
    }
    case 'he': {
      const std = Math.sqrt(2 / fans.fanIn);
      for (let i = 0; i < weight.length; i++) weight[i] = std * random.normal();
      bias?.fill(0);
      return;
    }
    case 'glorot': {
      const limit = Math.sqrt(6 / (fans.fanIn + fans.fanOut));
      for (let i = 0; i < weight.length; i++) weight[i] = random.uniform(-limit, limit);
      bias?.fill(0);
      return;
    }
    case 'zeros':
      weight.fill(0);
      bias?.fill(0);
      return;
    default: {
      const unreachable: never = init;
      return unreachable;
    }
  }
}

/** An embedding table as nn.Embedding initialises it: N(0, 1). */
export function initialiseEmbedding(table: Float32Array, random: Random): void {
  for (let i = 0; i < table.length; i++) table[i] = random.normal();
}

/** nn.LSTM's and nn.GRU's reset_parameters: every tensor in order, U(−1/√hidden, 1/√hidden), drawn in PyTorch's layout. */
function initialiseRecurrent(hidden: number, tensors: readonly TensorValues[], random: Random): void {
  const bound = 1 / Math.sqrt(hidden);
  for (const { spec, data } of tensors) {
    const drawn = spec.torchLayout === 'same' ? data : new Float32Array(data.length);
    for (let i = 0; i < drawn.length; i++) drawn[i] = random.uniform(-bound, bound);
    if (drawn !== data) fromTorchLayout(spec, drawn, data);
  }
}

/** A layer's tensor as the network holds it: its catalog spec and its values. */
export interface TensorValues {
  readonly spec: TensorSpec;
  readonly data: Float32Array;
}

/**
 * Gives a layer's tensors their starting values by its catalog `Initialisation`: each tensor's
 * `fill`, then the draws from the init stream (each weight in PyTorch's layout, then its bias).
 */
export function initialiseTensors(init: Initialisation, tensors: readonly TensorValues[], random: Random): void {
  for (const { spec, data } of tensors) data.fill(spec.fill ?? 0);
  switch (init.kind) {
    case 'constant':
      return;
    case 'normal': {
      const weight = tensors.find((tensor) => tensor.spec.name === 'weight');
      if (weight) initialiseEmbedding(weight.data, random);
      return;
    }
    case 'recurrent':
      initialiseRecurrent(init.hidden, tensors, random);
      return;
    case 'fan':
      return drawFans({ init: init.init, fanIn: init.fanIn, fanOut: init.fanOut, weight: 'weight', bias: 'bias' }, tensors, random);
    case 'fans':
      for (const draw of init.draws) drawFans(draw, tensors, random);
      return;
    default: {
      const unreachable: never = init;
      return unreachable;
    }
  }
}

/** One `init:` rule on a named weight (drawn in PyTorch's layout, so train.py draws the same numbers into the same places) and bias. */
function drawFans(draw: FanDraw, tensors: readonly TensorValues[], random: Random): void {
  const weight = tensors.find((tensor) => tensor.spec.name === draw.weight);
  if (!weight) return;
  const bias = draw.bias === undefined ? undefined : tensors.find((tensor) => tensor.spec.name === draw.bias);
  const drawn = weight.spec.torchLayout === 'same' ? weight.data : new Float32Array(weight.data.length);
  initialiseLayer(draw.init, drawn, bias?.data, { fanIn: draw.fanIn, fanOut: draw.fanOut }, random);
  if (drawn !== weight.data) fromTorchLayout(weight.spec, drawn, weight.data);
}
