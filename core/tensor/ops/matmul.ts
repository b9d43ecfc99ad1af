import { formatShape } from '../../common/format';
import { needsGrad, record } from '../graph';
import { addBiasRows } from '../kernels/elementwise';
import { linearForward, linearGeluForward, matmulAccumulate } from '../kernels/matmul';
import { size } from '../shape';
import { allocateFloat32 } from '../tape';
import type { Tensor } from '../tensor';
import { result } from './result';

/**
 * a · b over a's last axis: a is [..., n] (any rank ≥ 1), b is [n, m], the result [..., m]. Leading
 * axes of a are rows of one 2-D product, which is how `dense` applies to inputs of any rank.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (b.shape.length !== 2) throw new Error(`matmul: b must have rank 2, got ${formatShape(b.shape)}`);
  if (a.shape.length < 1) throw new Error(`matmul: a must have rank 1 or more, got ${formatShape(a.shape)}`);
  const n = a.shape[a.shape.length - 1]!;
  const [k, m] = b.shape as [number, number];
  if (n !== k) throw new Error(`matmul: inner dimensions differ: a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}`);
  const shape = [...a.shape.slice(0, -1), m];
  const out = result(shape, true);
  const rows = size(a.shape.slice(0, -1));
  matmulAccumulate(a.data, b.data, out.data, rows, n, m);
  return record('matmul', [a, b], out, undefined);
}

/** x + bias, bias [n] added to every row of x [..., n] (dense's bias). */
export function addBias(x: Tensor, bias: Tensor): Tensor {
  const n = x.shape[x.shape.length - 1];
  if (n === undefined || bias.shape.length !== 1 || n !== bias.shape[0]) throw new Error(`addBias: bias must be [n] for x [..., n]: x is ${formatShape(x.shape)}, bias is ${formatShape(bias.shape)}`);
  const out = result(x.shape);
  addBiasRows(x.data, bias.data, out.data);
  return record('addBias', [x, bias], out, undefined);
}

/**
 * x · w + bias (bias optional), dense's forward as one op: x is [..., n], w [n, m], bias [m]. The
 * same values as `addBias(matmul(x, w), bias)` with one output buffer and one gradient rule
 * instead of two (the product's gradient is never copied through the bias op).
 */
export function linear(x: Tensor, w: Tensor, bias?: Tensor): Tensor {
  const [rows, n, m] = linearShape('linear', x, w, bias);
  const out = result([...x.shape.slice(0, -1), m]);
  linearForward(x.data, w.data, bias?.data, out.data, rows, n, m);
  return record('linear', bias ? [x, w, bias] : [x, w], out, undefined);
}

/** [rows, n, m] of x [..., n] · w [n, m] (+ bias [m]), after checking those shapes; `op` names the op in errors. */
function linearShape(op: string, x: Tensor, w: Tensor, bias: Tensor | undefined): [number, number, number] {
  if (w.shape.length !== 2) throw new Error(`${op}: w must have rank 2, got ${formatShape(w.shape)}`);
  if (x.shape.length < 1) throw new Error(`${op}: x must have rank 1 or more, got ${formatShape(x.shape)}`);
  const n = x.shape[x.shape.length - 1]!;
  const [k, m] = w.shape as [number, number];
  if (n !== k) throw new Error(`${op}: inner dimensions differ: x is ${formatShape(x.shape)}, w is ${formatShape(w.shape)}`);
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== m)) throw new Error(`${op}: bias must be [${m}] for w ${formatShape(w.shape)}, got ${formatShape(bias.shape)}`);
  return [size(x.shape.slice(0, -1)), n, m];
}

/**
 * gelu(linear(x, w, bias)) as one op, dense(activation: gelu)'s forward: the same values, but
 * the values before the activation get no buffer, and with the fast backend the product, the bias
 * and GELU are one visit to WebAssembly (the MLP of a transformer block runs ~1M of them a layer).
 * As `gelu`, a forward that records a gradient keeps GELU′ for the backward.
 */
export function linearGelu(x: Tensor, w: Tensor, bias?: Tensor): Tensor {
  const [rows, n, m] = linearShape('linearGelu', x, w, bias);
  const out = result([...x.shape.slice(0, -1), m]);
  const inputs = bias ? [x, w, bias] : [x, w];
  const derivative = needsGrad(inputs) ? allocateFloat32(out.size, false) : undefined;
  linearGeluForward(x.data, w.data, bias?.data, out.data, derivative, rows, n, m);
  return derivative ? record('linearGelu', inputs, out, { derivative }) : out;
}
