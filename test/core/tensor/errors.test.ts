import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as T from '../../../core/tensor';

// Argument errors name the operation and the argument, and show the shapes involved.

const t = (shape: number[]) => T.zeros(shape);

const cases: Array<[string, () => unknown, RegExp]> = [
  ['tensor size', () => T.tensor([1, 2, 3], [2, 2]), /^tensor: data has 3 values but shape \[2, 2\] needs 4$/],
  ['tensor shape', () => T.tensor([], [2, -1]), /^tensor: shape \[2, -1\] is not a valid shape/],
  ['broadcast', () => T.add(t([2, 3]), t([4])), /^add: shapes cannot broadcast: a is \[2, 3\], b is \[4\]$/],
  ['matmul inner', () => T.matmul(t([2, 3]), t([4, 5])), /^matmul: inner dimensions differ: a is \[2, 3\], b is \[4, 5\]$/],
  ['matmul rank', () => T.matmul(t([2, 3]), t([3])), /^matmul: b must have rank 2, got \[3\]$/],
  ['addBias', () => T.addBias(t([2, 3]), t([4])), /^addBias: bias must be \[n\] for x \[\.\.\., n\]: x is \[2, 3\], bias is \[4\]$/],
  ['linear', () => T.linear(t([2, 3]), t([4, 5])), /^linear: inner dimensions differ: x is \[2, 3\], w is \[4, 5\]$/],
  ['linear bias', () => T.linear(t([2, 3]), t([3, 5]), t([4])), /^linear: bias must be \[5\] for w \[3, 5\], got \[4\]$/],
  ['sum axis', () => T.sum(t([2, 3]), { axis: 2 }), /^sum: axis 2 is out of range for rank 2$/],
  ['conv channels', () => T.conv2d(t([1, 3, 5, 5]), t([2, 4, 3, 3]), undefined), /^conv2d: channels differ: x is \[1, 3, 5, 5\], weight is \[2, 4, 3, 3\]$/],
  ['conv fit', () => T.conv2d(t([1, 1, 2, 2]), t([1, 1, 3, 3]), undefined), /^conv2d: the kernel does not fit/],
  ['conv stride', () => T.conv2d(t([1, 1, 5, 5]), t([1, 1, 3, 3]), undefined, { stride: [0, 1] }), /^conv2d: stride must be two integers ≥ 1/],
  ['conv bias', () => T.conv2d(t([1, 1, 5, 5]), t([2, 1, 3, 3]), t([3])), /^conv2d: bias must be \[filters\] = \[2\], got \[3\]$/],
  ['conv rank', () => T.conv2d(t([1, 5, 5]), t([2, 1, 3, 3]), undefined), /^conv2d: x must have rank 4/],
  ['pool padding', () => T.maxPool2d(t([1, 1, 4, 4]), { kernel: [2, 2], padding: [2, 0] }), /^maxPool2d: padding must be at most half the window/],
  ['pool fit', () => T.avgPool2d(t([1, 1, 1, 4]), { kernel: [2, 2] }), /^avgPool2d: the window does not fit/],
  ['reshape', () => T.reshape(t([2, 3]), [4, 2]), /^reshape: x \[2, 3\] has 6 elements, shape \[4, 2\] does not$/],
  ['reshape infer', () => T.reshape(t([2, 3]), [4, -1]), /^reshape: cannot infer the -1 in \[4, -1\] for x \[2, 3\]$/],
  ['gather range', () => T.gatherRows(t([3, 2]), Int32Array.from([0, 3]), [2]), /^gatherRows: index 3 at position 1 is outside \[0, 3\)$/],
  ['gather count', () => T.gatherRows(t([3, 2]), Int32Array.from([0]), [2]), /^gatherRows: indices has 1 values but indexShape \[2\] needs 2$/],
  ['selectLast', () => T.selectLast(t([2, 3]), Int32Array.from([0, -1])), /^selectLast: index -1 at row 1 is outside \[0, 3\)$/],
  ['dropout', () => T.dropout(t([2, 3]), new Float32Array(5)), /^dropout: mask has 5 values but x \[2, 3\] has 6$/],
  ['batchNorm gamma', () => T.batchNorm(t([4, 3]), t([2]), t([3]), 1e-5), /^batchNorm: gamma must be \[3\] for x \[4, 3\], got \[2\]$/],
  ['batchNorm one value', () => T.batchNorm(t([1, 3]), t([3]), t([3]), 1e-5), /^batchNorm: training needs more than one value per channel/],
  ['layerNorm beta', () => T.layerNorm(t([4, 3]), t([3]), t([4]), 1e-5), /^layerNorm: beta must be \[3\] for x \[4, 3\], got \[4\]$/],
  ['softmax empty', () => T.softmax(t([2, 0])), /^softmax: x needs a non-empty last axis, got \[2, 0\]$/],
  ['conv groups divide', () => T.conv2d(t([1, 4, 5, 5]), t([3, 2, 3, 3]), undefined, { groups: 2 }), /^conv2d: groups 2 must divide the channels \(4\) and the filters \(3\)$/],
  ['conv groups weight', () => T.conv2d(t([1, 4, 5, 5]), t([4, 4, 3, 3]), undefined, { groups: 2 }), /^conv2d: channels differ: x is \[1, 4, 5, 5\], weight is \[4, 4, 3, 3\] \(channels \/ groups = 2\)$/],
  ['conv1d stride', () => T.conv1d(t([1, 2, 5]), t([1, 2, 3]), undefined, { stride: 0 }), /^conv1d: stride must be an integer ≥ 1, got 0$/],
  ['conv1d rank', () => T.conv1d(t([1, 2, 5, 5]), t([1, 2, 3]), undefined), /^conv1d: x must have rank 3/],
  ['convTranspose outputPadding', () => T.convTranspose2d(t([1, 2, 3, 3]), t([2, 1, 3, 3]), undefined, { stride: [2, 2], outputPadding: [2, 0] }), /^convTranspose2d: outputPadding must be smaller than the stride/],
  ['convTranspose channels', () => T.convTranspose2d(t([1, 2, 3, 3]), t([3, 1, 3, 3]), undefined), /^convTranspose2d: channels differ: x is \[1, 2, 3, 3\], weight is \[3, 1, 3, 3\]/],
  ['convTranspose bias', () => T.convTranspose2d(t([1, 2, 3, 3]), t([2, 4, 3, 3]), t([2])), /^convTranspose2d: bias must be \[outChannels\] = \[4\], got \[2\]$/],
  ['upsample scale', () => T.upsample(t([1, 1, 2, 2]), { scale: 1.5 }), /^upsample: scale must be two integers ≥ 1/],
  ['upsample mode', () => T.upsample(t([1, 1, 2, 2]), { scale: 2, mode: 'bicubic' as T.UpsampleMode }), /^upsample: mode must be 'nearest' or 'bilinear', got 'bicubic'$/],
  ['maxPool1d kernel', () => T.maxPool1d(t([1, 1, 4]), { kernel: 0 }), /^maxPool1d: kernel must be an integer ≥ 1, got 0$/],
  ['adaptive size', () => T.adaptiveAvgPool2d(t([1, 1, 4, 4]), [0, 2]), /^adaptiveAvgPool2d: size must be two integers ≥ 1/],
  ['permute axes', () => T.permute(t([2, 3, 4]), [0, 1, 1]), /^permute: axes \[0, 1, 1\] must order every axis of x \[2, 3, 4\] exactly once \(0 to 2\)$/],
  ['concat shapes', () => T.concat([t([2, 3]), t([3, 3])], 1), /^concat: tensor 1 is \[3, 3\] but tensor 0 is \[2, 3\]: all axes but 1 must agree$/],
  ['narrow past the end', () => T.narrow(t([2, 3]), 1, 2, 2), /^narrow: 2…4 is not inside axis 1 of x \[2, 3\]$/],
  ['narrow axis', () => T.narrow(t([2, 3]), 2, 0, 1), /^narrow: axis 2 is out of range for rank 2$/],
  ['concat empty', () => T.concat([], 0), /^concat: needs at least one tensor$/],
  ['prelu channels', () => T.prelu(t([2, 3, 4]), t([4])), /^prelu: weight \[4\] needs x \[batch, 4, …\], got \[2, 3, 4\]$/],
  ['flatten axis', () => T.flatten(t([2, 3]), 3), /^flatten: axis 3 is out of range for rank 2$/],
  ['pow exponent', () => T.pow(t([2]), NaN), /^pow: exponent must be a finite number/],
];

for (const [name, run, message] of cases) test(`error: ${name}`, () => assert.throws(run, { message }));
