import { formatShape } from '../../common/format';
import { record } from '../graph';
import type { Tensor } from '../tensor';
import { result } from './result';

/** eˣ elementwise. */
export function exp(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = Math.exp(source[i]!);
  return record('exp', [x], out, undefined);
}

/** Natural logarithm elementwise (−∞ at 0, NaN below). */
export function log(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = Math.log(source[i]!);
  return record('log', [x], out, undefined);
}

/** √x elementwise. */
export function sqrt(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = Math.sqrt(source[i]!);
  return record('sqrt', [x], out, undefined);
}

/** |x| elementwise (its gradient at 0 is 0, as in PyTorch). */
export function abs(x: Tensor): Tensor {
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  for (let i = 0; i < target.length; i++) target[i] = Math.abs(source[i]!);
  return record('abs', [x], out, undefined);
}

/** xᵖ elementwise for a constant exponent p. */
export function pow(x: Tensor, exponent: number): Tensor {
  if (!Number.isFinite(exponent)) throw new Error(`pow: exponent must be a finite number, got ${exponent} (x is ${formatShape(x.shape)})`);
  const out = result(x.shape);
  const source = x.data;
  const target = out.data;
  if (exponent === 2) for (let i = 0; i < target.length; i++) target[i] = source[i]! * source[i]!;
  else for (let i = 0; i < target.length; i++) target[i] = Math.pow(source[i]!, exponent);
  return record('pow', [x], out, { exponent });
}
