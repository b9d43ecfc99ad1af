// The refusals of the convolution entries (conv1d, grouped conv2d, conv_transpose2d, upsample):
// each names its code, the argument it is about and the fix. Counts on legal input are compared
// with PyTorch in reference-architectures.test.ts (SignalCnn, MobileDecoder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';

function problems(input: string, call: string): string[] {
  const text = `model M {\n  input ${input}\n  ${call}\n}\n`;
  const analysis = checkDocument(text);
  return analysis.diagnostics.map((d) => `${d.code} ${text.slice(d.range.start, d.range.end)}: ${d.message}`);
}

test('conv2d refuses groups that do not divide its channels or its filters (DL413 on groups:)', () => {
  const [channels] = problems('[6, 8, 8]', 'conv2d(8, 3, groups: 4)');
  assert.match(channels!, /^DL413 groups: 4: conv2d groups: 4 does not divide its 6 input channels — use groups that divide both 6 and 8 \(1, 2\)$/);
  const [filters] = problems('[6, 8, 8]', 'conv2d(9, 3, groups: 6)');
  assert.match(filters!, /^DL413 .*does not divide its 9 filters — use groups that divide both 6 and 9 \(1, 3\)$/);
  const [both] = problems('[5, 8, 8]', 'conv2d(7, 3, groups: 2)');
  assert.match(both!, /5 input channels nor its 7 filters/);
  assert.deepEqual(problems('[6, 8, 8]', 'conv2d(6, 3, groups: 6)'), [], 'depthwise');
});

test('conv1d refuses groups, a [h, w] padding, same with a stride, and an image input', () => {
  assert.match(problems('[4, 20]', 'conv1d(6, 3, groups: 3)')[0]!, /^DL413 /);
  assert.match(problems('[4, 20]', 'conv1d(6, 3, padding: [1, 1])')[0]!, /^DL305 .*conv1d padding is one integer/);
  assert.match(problems('[4, 20]', 'conv1d(6, 3, stride: 2, padding: same)')[0]!, /^DL403 .*needs stride 1; got stride 2/);
  assert.match(problems('[4, 20]', 'conv1d(6, 4, padding: same)')[0]!, /^DL403 .*odd effective kernel; got 4/);
  assert.match(problems('[4, 20, 20]', 'conv1d(6, 3)')[0]!, /^DL401 .*conv1d expects an input \[C, L\].*use the 2-D layer/);
  assert.match(problems('[4, 5]', 'conv1d(6, 7)')[0]!, /^DL402 .*conv1d kernel \(effective 7\) is longer than its padded input 5/);
  assert.match(problems('[4, 5]', 'maxpool1d(6)')[0]!, /^DL402 /);
  assert.match(problems('[4, 5]', 'avgpool1d(2, padding: 2)')[0]!, /^DL306 .*more than half its window 2/);
});

test('conv_transpose2d refuses an output_padding not smaller than the stride, as PyTorch does', () => {
  assert.match(problems('[4, 5, 5]', 'conv_transpose2d(2, 3, stride: 2, output_padding: 2)')[0]!, /^DL306 output_padding: 2: conv_transpose2d output_padding 2 must be smaller than its stride 2/);
  assert.match(problems('[4, 5, 5]', 'conv_transpose2d(2, 3, output_padding: [0, 1])')[0]!, /^DL306 /);
  assert.match(problems('[4, 1, 1]', 'conv_transpose2d(2, 1, padding: 1)')[0]!, /^DL402 .*output would be -1×-1/);
  assert.deepEqual(problems('[4, 5, 5]', 'conv_transpose2d(2, 3, stride: 2, output_padding: 1)'), []);
});

test('upsample names its modes and needs an image', () => {
  assert.match(problems('[2, 4, 4]', 'upsample(2, mode: bicubic)')[0]!, /^DL312 .*nearest, bilinear/);
  assert.match(problems('[2, 4]', 'upsample(2)')[0]!, /^DL401 /);
});
