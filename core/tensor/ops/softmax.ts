import { formatShape } from '../../common/format';
import { record } from '../graph';
import { logSoftmaxRows, softmaxRows } from '../kernels/softmax';
import type { Tensor } from '../tensor';
import { result } from './result';

function lastAxis(op: string, x: Tensor): number {
  const n = x.shape[x.shape.length - 1];
  if (n === undefined || n === 0) throw new Error(`${op}: x needs a non-empty last axis, got ${formatShape(x.shape)}`);
  return n;
}

/** Softmax over the last axis, fused and stable (shifted by each row's maximum). */
export function softmax(x: Tensor): Tensor {
  const n = lastAxis('softmax', x);
  const out = result(x.shape);
  softmaxRows(x.data, out.data, x.size / n, n);
  return record('softmax', [x], out, undefined);
}

/** ln softmax over the last axis, computed as x − max − ln Σ e^(x − max) (never ln 0 for finite x). */
export function logSoftmax(x: Tensor): Tensor {
  const n = lastAxis('logSoftmax', x);
  const out = result(x.shape);
  logSoftmaxRows(x.data, out.data, x.size / n, n);
  return record('logSoftmax', [x], out, undefined);
}
