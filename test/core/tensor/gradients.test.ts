import { test } from 'node:test';
import * as T from '../../../core/tensor';
import { checkOp, type OpCheck } from './support/gradient-check';
import * as R from './support/reference';
import { erfSeries } from './support/reference';

// Every operation of the engine, one line (or a few) each, tinygrad style: the engine's forward
// against a float64 reference, and its gradient against finite differences (see checkOp).

const relu = (v: number) => Math.max(v, 0);
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const hardswish = (v: number) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6;
const indices = Int32Array.from([4, 0, 2, 4, 5, 1]);
const classes = Int32Array.from([1, 4, 0, 2]);
const mask = Float32Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? 0 : 1.5));

const cases: Record<string, OpCheck> = {
  'add, same shape': binary([3, 4], [3, 4], T.add, (a, b) => a + b),
  'add, broadcast over leading axes': binary([2, 3, 4], [4], T.add, (a, b) => a + b),
  'add, broadcast both ways': binary([2, 1, 4], [3, 1], T.add, (a, b) => a + b),
  'add, rank-0 operand': binary([3, 4], [], T.add, (a, b) => a + b),
  'sub, broadcast': binary([2, 3, 4], [1, 4], T.sub, (a, b) => a - b),
  'sub, broadcast first operand': binary([3, 1], [2, 3, 4], T.sub, (a, b) => a - b),
  'mul, same shape': binary([3, 4], [3, 4], T.mul, (a, b) => a * b),
  'mul, broadcast': binary([2, 3], [2, 1], T.mul, (a, b) => a * b),
  'div, same shape': { inputs: [{ shape: [3, 4] }, { shape: [3, 4], kind: 'positive' }], run: ([a, b]) => T.div(a!, b!), reference: ([a, b]) => R.binary(a!, b!, (x, y) => x / y) },
  'div, broadcast': { inputs: [{ shape: [2, 3, 4] }, { shape: [4], kind: 'positive' }], run: ([a, b]) => T.div(a!, b!), reference: ([a, b]) => R.binary(a!, b!, (x, y) => x / y) },
  'div, broadcast numerator': { inputs: [{ shape: [3, 1] }, { shape: [3, 4], kind: 'positive' }], run: ([a, b]) => T.div(a!, b!), reference: ([a, b]) => R.binary(a!, b!, (x, y) => x / y) },
  mulScalar: unary([3, 4], (x) => T.mulScalar(x, -2.5), (v) => -2.5 * v),
  addScalar: unary([3, 4], (x) => T.addScalar(x, 0.75), (v) => v + 0.75),
  neg: unary([5], T.neg, (v) => -v),
  'matmul, 2-D': binary([5, 7], [7, 6], T.matmul, undefined, R.matmul),
  'matmul, rank 3 over the last axis': binary([2, 3, 5], [5, 4], T.matmul, undefined, R.matmul),
  'matmul, rank 1': binary([5], [5, 3], T.matmul, undefined, R.matmul),
  addBias: binary([2, 3, 5], [5], T.addBias, (a, b) => a + b),
  'batchMatmul, [2, 3] batches of [4, 5]·[5, 6]': binary([2, 3, 4, 5], [2, 3, 5, 6], (a, b) => T.batchMatmul(a, b), undefined, (a, b) => R.batchMatmul(a, b, false)),
  'batchMatmul, a·bᵀ (attention scores q·kᵀ)': binary([3, 5, 4], [3, 6, 4], (a, b) => T.batchMatmul(a, b, true), undefined, (a, b) => R.batchMatmul(a, b, true)),
  // One tensor as both operands: its gradient buffer gets both rules' sums (neither may start it afresh).
  'batchMatmul, x·xᵀ': unary([2, 4, 3], (x) => T.batchMatmul(x, x, true), undefined, (x) => R.batchMatmul(x, x, true)),
  'linear, x·x (x square, no bias)': unary([3, 3], (x) => T.linear(x, x), undefined, (x) => R.matmul(x, x)),
  'batchMatmul, a·bᵀ, gradient for b only': { ...binary([2, 4, 3], [2, 5, 3], (a, b) => T.batchMatmul(a, b, true), undefined, (a, b) => R.batchMatmul(a, b, true)), inputs: [{ shape: [2, 4, 3], grad: false }, { shape: [2, 5, 3] }] },
  'causalSoftmax, [2, 3] heads of 5 positions': unary([2, 3, 5, 5], T.causalSoftmax, undefined, R.causalSoftmax),
  'narrow, the middle third of axis 0': unary([3, 2, 4], (x) => T.narrow(x, 0, 1, 1), undefined, (x) => R.narrow(x, 0, 1, 1)),
  'narrow, axis −1 from 2': unary([2, 3, 7], (x) => T.narrow(x, -1, 2, 4), undefined, (x) => R.narrow(x, 2, 2, 4)),
  'splitHeads, columns 4…8 of [2, 3, 12] as 2 heads, scaled': unary([2, 3, 12], (x) => T.splitHeads(x, 2, 4, 4, -0.5), undefined, (x) =>
    R.unary(R.permute({ data: R.narrow(x, 2, 4, 4).data, shape: [2, 3, 2, 2] }, [0, 2, 1, 3]), (v) => -0.5 * v),
  ),
  'splitHeads, all columns of [3, 6] as 3 heads': unary([3, 6], (x) => T.splitHeads(x, 3, 0, 6), undefined, (x) => R.permute({ data: x.data, shape: [3, 3, 2] }, [1, 0, 2])),
  'mergeHeads, [2] × 3 heads of [4, 5]': unary([2, 3, 4, 5], T.mergeHeads, undefined, (x) => ({ data: R.permute(x, [0, 2, 1, 3]).data, shape: [2, 4, 15] })),
  'linear, rank 3 with bias': {
    inputs: [{ shape: [2, 3, 5] }, { shape: [5, 4] }, { shape: [4] }],
    run: ([x, w, b]) => T.linear(x!, w!, b),
    reference: ([x, w, b]) => {
      const y = R.matmul(x!, w!);
      return { data: y.data.map((v, i) => v + b!.data[i % 4]!), shape: y.shape };
    },
  },
  'linear, no bias': binary([3, 6], [6, 2], (x, w) => T.linear(x, w), undefined, R.matmul),
  'linearGelu, rank 3 with bias': {
    inputs: [{ shape: [2, 3, 5] }, { shape: [5, 4] }, { shape: [4] }],
    run: ([x, w, b]) => T.linearGelu(x!, w!, b),
    reference: ([x, w, b]) => R.unary(R.binary(R.matmul(x!, w!), b!, (p, q) => p + q), R.gelu),
  },
  'linearGelu, no bias': binary([3, 6], [6, 2], (x, w) => T.linearGelu(x, w), undefined, (x, w) => R.unary(R.matmul(x, w), R.gelu)),
  'sum, all': unary([3, 4], (x) => T.sum(x), undefined, (x) => R.reduce(x, undefined, false, false)),
  'sum, axis 1 keeping it': unary([2, 3, 4], (x) => T.sum(x, { axis: 1, keepDims: true }), undefined, (x) => R.reduce(x, 1, true, false)),
  'sum, axis 0': unary([3, 4], (x) => T.sum(x, { axis: 0 }), undefined, (x) => R.reduce(x, 0, false, false)),
  'mean, all': unary([3, 4], (x) => T.mean(x), undefined, (x) => R.reduce(x, undefined, false, true)),
  'mean, last axis': unary([2, 3, 4], (x) => T.mean(x, { axis: -1 }), undefined, (x) => R.reduce(x, -1, false, true)),
  exp: unary([3, 4], T.exp, Math.exp),
  log: unary([3, 4], T.log, Math.log, undefined, 'positive'),
  sqrt: unary([3, 4], T.sqrt, Math.sqrt, undefined, 'positive'),
  abs: unary([3, 4], T.abs, Math.abs, undefined, 'awayFromZero'),
  'pow 2': unary([3, 4], (x) => T.pow(x, 2), (v) => v * v),
  'pow 3': unary([3, 4], (x) => T.pow(x, 3), (v) => v ** 3),
  'pow 0.5': unary([3, 4], (x) => T.pow(x, 0.5), Math.sqrt, undefined, 'positive'),
  'pow -1.5': unary([3, 4], (x) => T.pow(x, -1.5), (v) => v ** -1.5, undefined, 'positive'),
  relu: unary([4, 5], T.relu, relu, undefined, 'awayFromZero'),
  leakyRelu: unary([4, 5], (x) => T.leakyRelu(x, 0.1), (v) => (v > 0 ? v : 0.1 * v), undefined, 'awayFromZero'),
  elu: unary([4, 5], (x) => T.elu(x, 1.3), (v) => (v > 0 ? v : 1.3 * (Math.exp(v) - 1)), undefined, 'awayFromZero'),
  gelu: unary([4, 5], T.gelu, R.gelu),
  tanh: unary([4, 5], T.tanh, Math.tanh),
  sigmoid: unary([4, 5], T.sigmoid, sigmoid),
  softplus: unary([4, 5], T.softplus, (v) => Math.log(1 + Math.exp(v))),
  softmax: unary([3, 5], T.softmax, undefined, R.softmax),
  'logSoftmax, rank 3': unary([2, 3, 4], T.logSoftmax, undefined, R.logSoftmax),
  'conv2d, 3×3 with bias': conv([2, 3, 6, 5], [4, 3, 3, 3], true, [1, 1], [0, 0], [1, 1]),
  'conv2d, rectangular kernel, stride, padding and dilation': conv([2, 2, 7, 8], [3, 2, 2, 3], true, [2, 1], [1, 2], [2, 1]),
  'conv2d, no bias, stride 2 both ways, padding 1': conv([1, 3, 6, 6], [2, 3, 3, 3], false, [2, 2], [1, 1], [1, 1]),
  'conv2d, 1×1 kernel': conv([2, 4, 3, 3], [5, 4, 1, 1], true, [1, 1], [0, 0], [1, 1]),
  'maxPool2d, 2×2': pool('max', [2, 3, 4, 6], [2, 2], [2, 2], [0, 0]),
  'maxPool2d, rectangular window, overlapping, padded': pool('max', [2, 2, 5, 6], [3, 2], [2, 1], [1, 1]),
  'avgPool2d, 2×2': pool('avg', [2, 3, 4, 6], [2, 2], [2, 2], [0, 0]),
  'avgPool2d, 3×3 stride 2 padded (padding counts)': pool('avg', [2, 2, 5, 7], [3, 3], [2, 2], [1, 1]),
  globalAvgPool2d: unary([2, 3, 4, 5], T.globalAvgPool2d, undefined, (x) => R.reduce({ data: x.data, shape: [2, 3, 20] }, 2, false, true)),
  'reshape, then a product': binary([2, 6], [3, 4], (a, b) => T.mul(T.reshape(a, [3, -1]), b), undefined, (a, b) => R.binary({ data: a.data, shape: [3, 4] }, b, (x, y) => x * y)),
  flatten: unary([2, 3, 2, 2], T.flatten, undefined, (x) => ({ data: x.data, shape: [2, 12] })),
  'gatherRows (embedding), repeated indices': unary([6, 4], (t) => T.gatherRows(t, indices, [2, 3]), undefined, (t) => R.gatherRows(t, indices, [2, 3])),
  selectLast: unary([4, 5], (x) => T.selectLast(x, classes), undefined, (x) => R.selectLast(x, classes)),
  dropout: unary([3, 4], (x) => T.dropout(x, mask), undefined, (x) => R.array64(x.data.map((v, i) => v * mask[i]!), x.shape)),
  'batchNorm, [N, C]': norm('batch', [6, 3]),
  'batchNorm, [N, C, H, W]': norm('batch', [3, 2, 3, 2]),
  'layerNorm, rank 3': norm('layer', [2, 3, 5]),
  'conv2d, gradient for the weights only (a data input)': { ...conv([2, 2, 5, 5], [3, 2, 3, 3], true, [1, 1], [1, 1], [1, 1]), inputs: [{ shape: [2, 2, 5, 5], grad: false }, { shape: [3, 2, 3, 3] }, { shape: [3] }] },
  'matmul, gradient for b only': { ...binary([4, 3], [3, 2], T.matmul, undefined, R.matmul), inputs: [{ shape: [4, 3], grad: false }, { shape: [3, 2] }] },
  'batchNorm, gradient for x only': { ...norm('batch', [4, 3]), inputs: [{ shape: [4, 3] }, { shape: [3], grad: false }, { shape: [3], grad: false }] },
  'layerNorm, gradient for gamma and beta only': { ...norm('layer', [3, 4]), inputs: [{ shape: [3, 4], grad: false }, { shape: [4] }, { shape: [4] }] },
  'div, gradient for the divisor only': { inputs: [{ shape: [3, 4], grad: false }, { shape: [4], kind: 'positive' }], run: ([a, b]) => T.div(a!, b!), reference: ([a, b]) => R.binary(a!, b!, (x, y) => x / y) },
  'conv2d, groups 2': conv([2, 4, 5, 6], [6, 2, 3, 3], true, [1, 1], [1, 1], [1, 1], 2),
  'conv2d, depthwise (groups = channels), stride 2, dilation 2': conv([2, 3, 7, 7], [3, 1, 3, 3], true, [2, 2], [2, 1], [2, 2], 3),
  'conv2d, depthwise with a channel multiplier (filters = 2·channels)': conv([1, 3, 5, 5], [6, 1, 3, 2], false, [1, 2], [1, 0], [1, 1], 3),
  'conv1d, stride 2, padding 1, dilation 2, groups 2': {
    inputs: [{ shape: [2, 4, 11] }, { shape: [6, 2, 3] }, { shape: [6] }],
    run: ([x, w, b]) => T.conv1d(x!, w!, b, { stride: 2, padding: 1, dilation: 2, groups: 2 }),
    reference: ([x, w, b]) => squeeze2(R.conv2d(unsqueeze2(x!), unsqueeze2(w!), b, [1, 2], [0, 1], [1, 2], 2)),
  },
  'convTranspose2d, 3×3 stride 2 padding 1 outputPadding 1': convTranspose([2, 3, 4, 5], [3, 2, 3, 3], true, [2, 2], [1, 1], [1, 1]),
  'convTranspose2d, 2×2 stride 2 (U-Net), no bias': convTranspose([2, 4, 3, 3], [4, 3, 2, 2], false, [2, 2], [0, 0], [0, 0]),
  'convTranspose2d, rectangular kernel, stride 1, padding [0, 1]': convTranspose([1, 2, 4, 4], [2, 3, 2, 3], true, [1, 1], [0, 1], [0, 0]),
  'convTranspose2d, stride [3, 2], outputPadding [2, 0]': convTranspose([1, 2, 3, 4], [2, 2, 3, 2], true, [3, 2], [1, 0], [2, 0]),
  'convTranspose2d, dilation [2, 3], stride [2, 3], outputPadding [1, 2]': convTranspose([2, 3, 3, 4], [3, 2, 3, 2], true, [2, 3], [1, 0], [1, 2], [2, 3]),
  'convTranspose2d, groups 2 (4 → 6 channels)': convTranspose([2, 4, 3, 3], [4, 3, 2, 3], true, [2, 1], [0, 1], [1, 0], [1, 1], 2),
  'convTranspose2d, depthwise (groups = channels), dilation 2, no bias': convTranspose([1, 3, 4, 4], [3, 1, 3, 3], false, [1, 1], [2, 2], [0, 0], [2, 2], 3),
  'upsample, nearest ×2': unary([2, 3, 3, 4], (x) => T.upsample(x, { scale: 2 }), undefined, (x) => R.upsample(x, [2, 2], 'nearest')),
  'upsample, nearest [3, 2]': unary([1, 2, 3, 3], (x) => T.upsample(x, { scale: [3, 2], mode: 'nearest' }), undefined, (x) => R.upsample(x, [3, 2], 'nearest')),
  'upsample, bilinear ×2': unary([2, 2, 3, 4], (x) => T.upsample(x, { scale: 2, mode: 'bilinear' }), undefined, (x) => R.upsample(x, [2, 2], 'bilinear')),
  'upsample, bilinear [3, 4] on a 1-pixel-wide plane': unary([1, 2, 3, 1], (x) => T.upsample(x, { scale: [3, 4], mode: 'bilinear' }), undefined, (x) => R.upsample(x, [3, 4], 'bilinear')),
  'maxPool1d, kernel 3 stride 2 padding 1': pool1d('max', [2, 3, 9], 3, 2, 1),
  'avgPool1d, kernel 2': pool1d('avg', [2, 3, 8], 2, 2, 0),
  globalAvgPool1d: unary([2, 3, 5], T.globalAvgPool1d, undefined, (x) => R.reduce(x, 2, false, true)),
  globalMaxPool2d: { inputs: [{ shape: [2, 3, 4, 5], kind: 'distinct' }], run: ([x]) => T.globalMaxPool2d(x!), reference: ([x]) => ({ data: R.pool2d(x!, 'max', [4, 5], [4, 5], [0, 0]).data, shape: [2, 3] }) },
  'adaptiveAvgPool2d, 7×5 to 3×2 (overlapping windows)': unary([2, 2, 7, 5], (x) => T.adaptiveAvgPool2d(x, [3, 2]), undefined, (x) => R.adaptiveAvgPool2d(x, [3, 2])),
  'adaptiveAvgPool2d, 4×4 to 1×1': unary([1, 3, 4, 4], (x) => T.adaptiveAvgPool2d(x, [1, 1]), undefined, (x) => R.adaptiveAvgPool2d(x, [1, 1])),
  'adaptiveAvgPool2d, 3×3 to 5×4 (larger than the input)': unary([1, 2, 3, 3], (x) => T.adaptiveAvgPool2d(x, [5, 4]), undefined, (x) => R.adaptiveAvgPool2d(x, [5, 4])),
  'permute, [0, 2, 3, 1] (NCHW to NHWC)': unary([2, 3, 4, 5], (x) => T.permute(x, [0, 2, 3, 1]), undefined, (x) => R.permute(x, [0, 2, 3, 1])),
  'permute, reversed rank 3': unary([2, 3, 4], (x) => T.permute(x, [2, 1, 0]), undefined, (x) => R.permute(x, [2, 1, 0])),
  'flatten from axis 2': unary([2, 3, 2, 2], (x) => T.flatten(x, 2), undefined, (x) => ({ data: x.data, shape: [2, 3, 4] })),
  'concat, three tensors on the channel axis': {
    inputs: [{ shape: [2, 1, 3, 2] }, { shape: [2, 3, 3, 2] }, { shape: [2, 2, 3, 2] }],
    run: (parts) => T.concat(parts, 1),
    reference: (parts) => R.concat(parts, 1),
  },
  'concat, last axis (−1), gradient for the second only': {
    inputs: [{ shape: [3, 2], grad: false }, { shape: [3, 4] }],
    run: (parts) => T.concat(parts, -1),
    reference: (parts) => R.concat(parts, 1),
  },
  'narrow, a time step of [N, T, k]': unary([2, 4, 3], (x) => T.narrow(x, 1, 2, 1), undefined, (x) => R.narrow(x, 1, 2, 1)),
  'narrow, a gate block of the last axis (−1)': unary([3, 8], (x) => T.narrow(x, -1, 4, 2), undefined, (x) => R.narrow(x, 1, 4, 2)),
  'narrow, the whole axis': unary([2, 3], (x) => T.narrow(x, 0, 0, 2), undefined, (x) => R.narrow(x, 0, 0, 2)),
  'addAll, three tensors with broadcasting': {
    inputs: [{ shape: [2, 3] }, { shape: [2, 3] }, { shape: [3] }],
    run: (parts) => T.addAll(parts),
    reference: ([a, b, c]) => R.binary(R.binary(a!, b!, (x, y) => x + y), c!, (x, y) => x + y),
  },
  silu: unary([4, 5], T.silu, (v) => v * sigmoid(v)),
  mish: unary([4, 5], (x) => T.mish(T.mulScalar(x, 3)), (v) => 3 * v * Math.tanh(Math.log1p(Math.exp(3 * v)))),
  hardswish: unary([4, 5], (x) => T.hardswish(T.mulScalar(x, 2.5)), (v) => hardswish(2.5 * v), undefined, 'awayFromZero'),
  hardsigmoid: unary([4, 5], (x) => T.hardsigmoid(T.mulScalar(x, 2.5)), (v) => Math.min(Math.max(2.5 * v + 3, 0), 6) / 6, undefined, 'awayFromZero'),
  relu6: unary([4, 5], (x) => T.relu6(T.mulScalar(x, 3)), (v) => Math.min(Math.max(3 * v, 0), 6), undefined, 'awayFromZero'),
  'prelu, one slope': { inputs: [{ shape: [3, 4], kind: 'awayFromZero' }, { shape: [1] }], run: ([x, w]) => T.prelu(x!, w!), reference: ([x, w]) => R.prelu(x!, w!) },
  'prelu, a slope per channel of [N, C, H, W]': { inputs: [{ shape: [2, 3, 2, 2], kind: 'awayFromZero' }, { shape: [3] }], run: ([x, w]) => T.prelu(x!, w!), reference: ([x, w]) => R.prelu(x!, w!) },
  'a shared input used twice: x·x + x': unary([3, 4], (x) => T.add(T.mul(x, x), x), (v) => v * v + v),
  'a chain: dense, gelu, log-softmax, pick, mean': {
    inputs: [{ shape: [4, 3] }, { shape: [3, 5] }, { shape: [5] }],
    run: ([x, w, b]) => T.mean(T.selectLast(T.logSoftmax(T.gelu(T.addBias(T.matmul(x!, w!), b!))), classes)),
    reference: ([x, w, b]) => R.reduce(R.selectLast(R.logSoftmax(R.unary(R.binary(R.matmul(x!, w!), b!, (p, q) => p + q), R.gelu)), classes), undefined, false, true),
  },
};

for (const [name, check] of Object.entries(cases)) {
  test(`${name}: forward matches float64, gradient matches finite differences`, () => checkOp(check));
}

test('the float64 reference erf agrees with known values (it is what gelu is checked against)', () => {
  const known: Array<[number, number]> = [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [-1.5, -0.9661051464753108]];
  for (const [x, value] of known) if (Math.abs(erfSeries(x) - value) > 1e-14) throw new Error(`erfSeries(${x}) = ${erfSeries(x)}, expected ${value}`);
});

function unary(shape: number[], run: (x: T.Tensor) => T.Tensor, f?: (v: number) => number, reference?: (x: R.Array64) => R.Array64, kind?: 'positive' | 'awayFromZero'): OpCheck {
  return { inputs: [{ shape, kind: kind ?? 'normal' }], run: ([x]) => run(x!), reference: ([x]) => (reference ? reference(x!) : R.unary(x!, f!)) };
}

function binary(aShape: number[], bShape: number[], run: (a: T.Tensor, b: T.Tensor) => T.Tensor, f?: (a: number, b: number) => number, reference?: (a: R.Array64, b: R.Array64) => R.Array64): OpCheck {
  return { inputs: [{ shape: aShape }, { shape: bShape }], run: ([a, b]) => run(a!, b!), reference: ([a, b]) => (reference ? reference(a!, b!) : R.binary(a!, b!, f!)) };
}

function conv(xShape: number[], wShape: number[], bias: boolean, stride: [number, number], padding: [number, number], dilation: [number, number], groups = 1): OpCheck {
  const inputs = [{ shape: xShape }, { shape: wShape }, ...(bias ? [{ shape: [wShape[0]!] }] : [])];
  return {
    inputs,
    run: ([x, w, b]) => T.conv2d(x!, w!, b, { stride, padding, dilation, groups }),
    reference: ([x, w, b]) => R.conv2d(x!, w!, b, stride, padding, dilation, groups),
  };
}

function convTranspose(xShape: number[], wShape: number[], bias: boolean, stride: [number, number], padding: [number, number], outputPadding: [number, number], dilation: [number, number] = [1, 1], groups = 1): OpCheck {
  const inputs = [{ shape: xShape }, { shape: wShape }, ...(bias ? [{ shape: [wShape[1]! * groups] }] : [])];
  return {
    inputs,
    run: ([x, w, b]) => T.convTranspose2d(x!, w!, b, { stride, padding, outputPadding, dilation, groups }),
    reference: ([x, w, b]) => R.convTranspose2d(x!, w!, b, stride, padding, outputPadding, dilation, groups),
  };
}

/** [a, b, c] → [a, b, 1, c] and back: the 1-D ops' references are the 2-D ones on these views. */
function unsqueeze2(x: R.Array64): R.Array64 {
  return { data: x.data, shape: [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!] };
}
function squeeze2(x: R.Array64): R.Array64 {
  return { data: x.data, shape: [x.shape[0]!, x.shape[1]!, x.shape[3]!] };
}

function pool1d(kind: 'max' | 'avg', shape: number[], kernel: number, stride: number, padding: number): OpCheck {
  const op = kind === 'max' ? T.maxPool1d : T.avgPool1d;
  return {
    inputs: [{ shape, kind: 'distinct' }],
    run: ([x]) => op(x!, { kernel, stride, padding }),
    reference: ([x]) => squeeze2(R.pool2d(unsqueeze2(x!), kind, [1, kernel], [1, stride], [0, padding])),
  };
}

function pool(kind: 'max' | 'avg', shape: number[], kernel: [number, number], stride: [number, number], padding: [number, number]): OpCheck {
  const op = kind === 'max' ? T.maxPool2d : T.avgPool2d;
  return { inputs: [{ shape, kind: 'distinct' }], run: ([x]) => op(x!, { kernel, stride, padding }), reference: ([x]) => R.pool2d(x!, kind, kernel, stride, padding) };
}

function norm(kind: 'batch' | 'layer', shape: number[]): OpCheck {
  const n = kind === 'batch' ? shape[1]! : shape[shape.length - 1]!;
  return {
    inputs: [{ shape }, { shape: [n] }, { shape: [n] }],
    run: ([x, g, b]) => (kind === 'batch' ? T.batchNorm(x!, g!, b!, 1e-5).output : T.layerNorm(x!, g!, b!, 1e-5)),
    reference: ([x, g, b]) => (kind === 'batch' ? R.batchNorm(x!, g!, b!, 1e-5) : R.layerNorm(x!, g!, b!, 1e-5)),
  };
}
