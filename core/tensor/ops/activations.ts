import { needsGrad, record } from '../graph';
import { allocateFloat32 } from '../tape';
import {
  hardsigmoid as hardsigmoidScalar,
  hardswish as hardswishScalar,
  mish as mishScalar,
  sigmoid as sigmoidScalar,
  silu as siluScalar,
  softplus as softplusScalar,
} from '../kernels/activation-math';
import { reluForward } from '../kernels/elementwise';
import { geluForward } from '../kernels/gelu';
import type { Tensor } from '../tensor';
import { result } from './result';

/** max(x, 0). */
export function relu(x: Tensor): Tensor {
  const out = result(x.shape);
  reluForward(x.data, out.data);
  return record('relu', [x], out, undefined);
}

/** x for x > 0, slope·x otherwise. */
export function leakyRelu(x: Tensor, slope: number): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = source[i]! > 0 ? source[i]! : slope * source[i]!;
  return record('leakyRelu', [x], out, { slope });
}

/** x for x > 0, α·(eˣ − 1) otherwise (expm1 keeps small x exact). */
export function elu(x: Tensor, alpha: number): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = source[i]! > 0 ? source[i]! : alpha * Math.expm1(source[i]!);
  return record('elu', [x], out, { alpha });
}

/** GELU, exact form x·Φ(x) (PyTorch's default `approximate='none'`). */
export function gelu(x: Tensor): Tensor {
  const out = result(x.shape);
  // Training keeps dGELU/dx from this pass (a tape buffer, reused step after step) for the backward.
  const derivative = needsGrad([x]) ? allocateFloat32(out.size, false) : undefined;
  geluForward(x.data, out.data, derivative);
  return derivative ? record('gelu', [x], out, { derivative }) : out;
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = Math.tanh(source[i]!);
  return record('tanh', [x], out, undefined);
}

/** The logistic function 1 / (1 + e^−x), stable for large |x|. */
export function sigmoid(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = sigmoidScalar(source[i]!);
  return record('sigmoid', [x], out, undefined);
}

/** ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|). */
export function softplus(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = softplusScalar(source[i]!);
  return record('softplus', [x], out, undefined);
}

/** SiLU (swish): x·σ(x), as torch.nn.functional.silu. */
export function silu(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = siluScalar(source[i]!);
  return record('silu', [x], out, undefined);
}

/** Mish: x·tanh(softplus(x)), as torch.nn.functional.mish. */
export function mish(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = mishScalar(source[i]!);
  return record('mish', [x], out, undefined);
}

/** Hardswish: x·relu6(x + 3)/6, as torch.nn.functional.hardswish (gradient −½ at −3 and 1 at 3, as PyTorch's vectorised loop). */
export function hardswish(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = hardswishScalar(source[i]!);
  return record('hardswish', [x], out, undefined);
}

/** Hardsigmoid: relu6(x + 3)/6, as torch.nn.functional.hardsigmoid (gradient 1/6 strictly inside (−3, 3), else 0). */
export function hardsigmoid(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = hardsigmoidScalar(source[i]!);
  return record('hardsigmoid', [x], out, undefined);
}

/** ReLU6: min(max(x, 0), 6), as torch.nn.functional.relu6 (gradient 0 at 0 and at 6, as hardtanh's). */
export function relu6(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) {
    const v = source[i]!;
    target[i] = v > 6 ? 6 : v > 0 ? v : v !== v ? v : 0;
  }
  return record('relu6', [x], out, undefined);
}
