import { Adam, Sgd, type Optimizer, type OptimizerSetting } from '../../nn/optimizers';
import { formatFactor as f, formatValue as v } from './format';
import type { WeightUpdate } from './trace';

/** A trainable tensor of the step and where its first element sits among the trace's scalars. */
export interface UpdatedParameter {
  readonly data: Float32Array;
  readonly grad: Float32Array;
  readonly firstScalar: number;
}

/** The optimizer's state of one parameter before its step (copied: the step overwrites it). */
interface StateBefore {
  readonly buffer: Float32Array | undefined;
  readonly m: Float32Array | undefined;
  readonly v: Float32Array | undefined;
}

/**
 * Runs the project's optimizer (core/nn, the numbers the view shows as θ') and writes out each
 * weight's update as the optimizer's formula with that weight's numbers, reading the optimizer's
 * state (momentum buffer, Adam's moments and step count) through its read-only accessors.
 */
export function stepWithFormulas(setting: OptimizerSetting, optimizer: Optimizer, parameters: readonly UpdatedParameter[]): WeightUpdate[] {
  const before = parameters.map((p) => Float32Array.from(p.data));
  const grads = parameters.map((p) => Float32Array.from(p.grad));
  const state = parameters.map((_, index) => stateOf(optimizer, index));
  const lr = optimizer.lr;
  optimizer.step();
  const updates: WeightUpdate[] = [];
  parameters.forEach((parameter, index) => {
    for (let i = 0; i < parameter.data.length; i++) {
      const theta = before[index]![i]!;
      const gradient = grads[index]![i]!;
      const after = parameter.data[i]!;
      const lines = formulaLines(setting, optimizer, lr, { theta, gradient, after, index, i, state: state[index]! });
      updates.push({ scalar: parameter.firstScalar + i, before: theta, gradient, after, lines });
    }
  });
  return updates;
}

function stateOf(optimizer: Optimizer, index: number): StateBefore {
  if (optimizer instanceof Sgd) {
    const buffer = optimizer.momentumBuffer(index);
    return { buffer: buffer ? Float32Array.from(buffer) : undefined, m: undefined, v: undefined };
  }
  if (optimizer instanceof Adam) {
    const { m, v } = optimizer.moments(index);
    return { buffer: undefined, m: Float32Array.from(m), v: Float32Array.from(v) };
  }
  return { buffer: undefined, m: undefined, v: undefined };
}

interface WeightStep {
  readonly theta: number;
  readonly gradient: number;
  readonly after: number;
  readonly index: number;
  readonly i: number;
  readonly state: StateBefore;
}

function formulaLines(setting: OptimizerSetting, optimizer: Optimizer, lr: number, step: WeightStep): string[] {
  const arg = (name: string): number => Number(setting.args[name] ?? 0);
  switch (setting.name) {
    case 'sgd':
      return optimizer instanceof Sgd ? sgdLines(optimizer, lr, arg('momentum'), setting.args['nesterov'] === true, arg('weight_decay'), step) : genericLines(step);
    case 'adam':
    case 'adamw':
      return optimizer instanceof Adam ? adamLines(optimizer, lr, { beta1: arg('beta1'), beta2: arg('beta2'), eps: arg('eps'), decay: arg('weight_decay'), decoupled: setting.name === 'adamw' }, step) : genericLines(step);
    case 'rmsprop':
    case 'adagrad':
      return genericLines(step);
    default: {
      const unreachable: never = setting.name;
      return unreachable;
    }
  }
}

function sgdLines(optimizer: Sgd, lr: number, momentum: number, nesterov: boolean, decay: number, step: WeightStep): string[] {
  const { theta, gradient, after } = step;
  const lines: string[] = [];
  const g = gradient + decay * theta;
  lines.push(decay !== 0 ? `g = ∂L/∂θ + λ·θ = ${f(gradient)} + ${f(decay)} · ${f(theta)} = ${v(g)}` : `g = ∂L/∂θ = ${v(g)}`);
  let direction = g;
  if (momentum !== 0) {
    const previous = step.state.buffer?.[step.i];
    const b = optimizer.momentumBuffer(step.index)?.[step.i] ?? g;
    lines.push(previous === undefined ? `b = g = ${v(b)}  (first step: PyTorch starts the momentum buffer at g)` : `b = μ·b + g = ${f(momentum)} · ${f(previous)} + ${f(g)} = ${v(b)}`);
    direction = b;
    if (nesterov) {
      direction = g + momentum * b;
      lines.push(`d = g + μ·b = ${f(g)} + ${f(momentum)} · ${f(b)} = ${v(direction)}  (Nesterov)`);
    }
  }
  const name = momentum === 0 ? 'g' : nesterov ? 'd' : 'b';
  lines.push(`θ' = θ − lr·${name} = ${f(theta)} − ${f(lr)} · ${f(direction)} = ${v(after)}`);
  return lines;
}

interface AdamArgs {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly decay: number;
  readonly decoupled: boolean;
}

function adamLines(optimizer: Adam, lr: number, args: AdamArgs, step: WeightStep): string[] {
  const { beta1, beta2, eps, decay, decoupled } = args;
  const { gradient, after } = step;
  const lines: string[] = [];
  let theta = step.theta;
  if (decoupled && decay !== 0) {
    const decayed = theta * (1 - lr * decay);
    lines.push(`θ ← θ·(1 − lr·λ) = ${f(theta)} · (1 − ${f(lr)} · ${f(decay)}) = ${v(decayed)}  (AdamW)`);
    theta = decayed;
  }
  const g = decoupled ? gradient : gradient + decay * theta;
  lines.push(!decoupled && decay !== 0 ? `g = ∂L/∂θ + λ·θ = ${f(gradient)} + ${f(decay)} · ${f(theta)} = ${v(g)}` : `g = ∂L/∂θ = ${v(g)}`);
  const t = optimizer.stepCount;
  const { m, v: second } = optimizer.moments(step.index);
  const mNew = m[step.i]!;
  const vNew = second[step.i]!;
  lines.push(`m = β₁·m + (1 − β₁)·g = ${f(beta1)} · ${f(step.state.m![step.i]!)} + ${f(1 - beta1)} · ${f(g)} = ${v(mNew)}`);
  lines.push(`v = β₂·v + (1 − β₂)·g² = ${f(beta2)} · ${f(step.state.v![step.i]!)} + ${f(1 - beta2)} · ${f(g)}² = ${v(vNew)}`);
  const mHat = mNew / (1 - Math.pow(beta1, t));
  const vHat = vNew / (1 - Math.pow(beta2, t));
  lines.push(`m̂ = m / (1 − β₁^t) = ${f(mNew)} / (1 − ${f(beta1)}^${t}) = ${v(mHat)}  (bias correction, t = ${t})`);
  lines.push(`v̂ = v / (1 − β₂^t) = ${f(vNew)} / (1 − ${f(beta2)}^${t}) = ${v(vHat)}`);
  lines.push(`θ' = θ − lr·m̂ / (√v̂ + ε) = ${f(theta)} − ${f(lr)} · ${f(mHat)} / (√${f(vHat)} + ${v(eps)}) = ${v(after)}`);
  return lines;
}

/** RMSprop and Adagrad: the change the optimizer made (their rules: docs/language.md, optimizers). */
function genericLines(step: WeightStep): string[] {
  return [`g = ∂L/∂θ = ${v(step.gradient)}`, `θ' = θ − Δ = ${f(step.theta)} − ${f(step.theta - step.after)} = ${v(step.after)}`];
}
