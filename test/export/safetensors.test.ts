// Safetensors over bytes: the format, its checks, a network's weights in PyTorch's names and
// layouts, loading them back (shape-checked, all or nothing), and both directions with PyTorch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { runStreams } from '../../core/common/random';
import { buildExport, decodeSafetensors, encodeSafetensors, loadSafetensorsInto, networkToSafetensors, weightEntries, type SafeTensor } from '../../core/export';
import { Network } from '../../core/nn/network';
import { fromRoot } from '../helpers/paths';
import { python, scratch, torchMissing, writeFiles } from './helpers';

const modelText = `model M {
  input [1, 4, 4]
  conv2d(3, 3, padding: 1)
  batchnorm()
  flatten()
  hidden = dense(5, activation: relu)
  dense(2)
}
`;
const network = (seed = 0): Network => new Network(checkDocument(modelText).models[0]!, runStreams(seed).init);

test('encode/decode round-trips every dtype, metadata and an empty tensor; the header is 8-byte aligned', () => {
  const bytes = encodeSafetensors(
    [
      ['a', { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 1e-30, -0, 7) }],
      ['b', { dtype: 'F64', shape: [1], data: Float64Array.of(Math.PI) }],
      ['c', { dtype: 'I32', shape: [3], data: Int32Array.of(-1, 0, 2147483647) }],
      ['d', { dtype: 'I64', shape: [], data: BigInt64Array.of(-5n) }],
      ['e', { dtype: 'U8', shape: [2], data: Uint8Array.of(0, 255) }],
      ['empty', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) }],
    ],
    { note: 'héllo ✓' },
  );
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLength) % 8, 0);
  const decoded = decodeSafetensors(bytes);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
  const { tensors, metadata } = decoded.file;
  assert.deepEqual(metadata, { note: 'héllo ✓' });
  assert.deepEqual([...tensors.keys()], ['a', 'b', 'c', 'd', 'e', 'empty']);
  assert.deepEqual(Array.from(tensors.get('a')!.data as Float32Array), [1, -2, 3.5, Math.fround(1e-30), -0, 7]);
  assert.deepEqual(tensors.get('a')!.shape, [2, 3]);
  assert.equal((tensors.get('b')!.data as Float64Array)[0], Math.PI);
  assert.deepEqual(Array.from(tensors.get('c')!.data as Int32Array), [-1, 0, 2147483647]);
  assert.equal((tensors.get('d')!.data as BigInt64Array)[0], -5n);
  assert.deepEqual(Array.from(tensors.get('e')!.data as Uint8Array), [0, 255]);
  assert.equal(tensors.get('empty')!.data.length, 0);
});

test('decode refuses broken files with a reason, never throws', () => {
  const good = encodeSafetensors([['w', { dtype: 'F32', shape: [2], data: Float32Array.of(1, 2) }]]);
  const header = (json: string, data = 0): Uint8Array => {
    const text = new TextEncoder().encode(json);
    const out = new Uint8Array(8 + text.length + data);
    new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
    out.set(text, 8);
    return out;
  };
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(3), /fewer than the 8/],
    [good.slice(0, good.length - 1), /lies outside|bytes/],
    [Uint8Array.from([...good, 0, 0, 0, 0]), /after the last tensor/],
    [header('{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}', 8), /not JSON/],
    [header('[1, 2]'), /not a JSON object/],
    [header('{"w": {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]}}', 4), /dtype/],
    [header('{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}', 8), /needs 12/],
    [header('{"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 8]}}', 8), /shape/],
    [header('{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}', 8), /overlaps/],
    [header('{"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}', 8), /gap/],
    [Uint8Array.from([255, 255, 255, 255, 255, 255, 255, 255, 1]), /header length/],
  ];
  for (const [bytes, reason] of cases) {
    const result = decodeSafetensors(bytes);
    assert.ok(!result.ok, `accepted ${reason}`);
    assert.match(result.message, reason);
  }
});

test('networkToSafetensors: PyTorch names and layouts (dense transposed to [units, n]), running statistics; loads back exactly', () => {
  const source = network(3);
  const bytes = networkToSafetensors(source);
  const decoded = decodeSafetensors(bytes);
  assert.ok(decoded.ok);
  const shapes = Object.fromEntries([...decoded.file.tensors].map(([name, tensor]) => [name, tensor.shape]));
  assert.deepEqual(shapes, {
    'conv2d_1.weight': [3, 1, 3, 3],
    'conv2d_1.bias': [3],
    'batchnorm_1.weight': [3],
    'batchnorm_1.bias': [3],
    'batchnorm_1.running_mean': [3],
    'batchnorm_1.running_var': [3],
    'hidden.weight': [5, 48],
    'hidden.bias': [5],
    'dense_2.weight': [2, 5],
    'dense_2.bias': [2],
  });
  const ours = source.stateOf('hidden')!.weight!;
  const stored = decoded.file.tensors.get('hidden.weight')!.data as Float32Array;
  assert.equal(stored[1 * 48 + 7], ours.data[7 * 5 + 1], 'element [unit 1, input 7]');
  const target = network(4);
  target.stateOf('batchnorm_1')!.runningMean!.fill(0.5);
  source.stateOf('batchnorm_1')!.runningVariance!.set([2, 3, 4]);
  assert.deepEqual(loadSafetensorsInto(target, networkToSafetensors(source)), { ok: true });
  for (const [a, b] of weightEntries(source).map((entry, i) => [entry, weightEntries(target)[i]!] as const)) assert.deepEqual(Array.from(b.read()), Array.from(a.read()), a.name);
  assert.deepEqual(Array.from(target.stateOf('batchnorm_1')!.runningVariance!), [2, 3, 4]);
});

test('loadSafetensorsInto: missing, misshapen, transposed and unknown tensors are refused whole, with the reasons', () => {
  const target = network(1);
  const before = weightEntries(target).map((e) => Array.from(e.read()));
  const entries = weightEntries(network(2));
  const tensors: [string, SafeTensor][] = entries.map((e) => [e.name, { dtype: 'F32', shape: e.shape, data: e.read().slice() }]);
  const without = tensors.filter(([name]) => name !== 'dense_2.bias');
  const missing = loadSafetensorsInto(target, encodeSafetensors(without));
  assert.ok(!missing.ok && /dense_2\.bias is missing/.test(missing.message), missing.ok ? '' : missing.message);
  const transposed = tensors.map(([name, t]): [string, SafeTensor] => (name === 'hidden.weight' ? [name, { ...t, shape: [48, 5] }] : [name, t]));
  const shaped = loadSafetensorsInto(target, encodeSafetensors(transposed));
  assert.ok(!shaped.ok && /hidden\.weight has shape \[48, 5\]; the model needs \[5, 48\] \(dense weights are stored as PyTorch stores them/.test(shaped.message), shaped.ok ? '' : shaped.message);
  const extra = loadSafetensorsInto(target, encodeSafetensors([...tensors, ['dense_9.weight', { dtype: 'F32', shape: [1], data: Float32Array.of(1) }]]));
  assert.ok(!extra.ok && /dense_9\.weight/.test(extra.message));
  const wrongType = loadSafetensorsInto(target, encodeSafetensors(tensors.map(([name, t]): [string, SafeTensor] => (name === 'dense_2.bias' ? [name, { dtype: 'I32', shape: [2], data: Int32Array.of(1, 2) }] : [name, t]))));
  assert.ok(!wrongType.ok && /dense_2\.bias is I32/.test(wrongType.message));
  assert.ok(!loadSafetensorsInto(target, new Uint8Array(4)).ok);
  assert.deepEqual(weightEntries(target).map((e) => Array.from(e.read())), before, 'nothing was written');
  // PyTorch's extra keys are ignored.
  const withTorchKeys = loadSafetensorsInto(target, encodeSafetensors([...tensors, ['batchnorm_1.num_batches_tracked', { dtype: 'I64', shape: [], data: BigInt64Array.of(3n) }]]));
  assert.deepEqual(withTorchKeys, { ok: true });
});

test('PyTorch loads our init.safetensors into model.py, and we load what train.py --save writes', { skip: torchMissing() }, () => {
  const text = readFileSync(fromRoot('examples/digits-cnn.dlmodel'), 'utf8');
  const analysis = checkDocument(text);
  const exported = buildExport(analysis, { target: 'pytorch', text, fileName: 'digits-cnn.dlmodel' });
  assert.ok(exported.ok, exported.ok ? '' : exported.message);
  const folder = scratch('safetensors');
  writeFiles(folder, exported.files);
  const script = `
import sys, torch
sys.path.insert(0, sys.argv[1])
import dlmodel_support as dl
from model import DigitsCNN
model = DigitsCNN()
dl.load_weights(model, sys.argv[1] + '/init.safetensors')
with torch.no_grad():
    for name, value in model.state_dict().items():
        if value.is_floating_point():
            value.mul_(2).add_(0.25)
dl.save_weights(model, sys.argv[2])
print(sorted(model.state_dict().keys()))
`;
  const saved = join(folder, 'saved.safetensors');
  const result = spawnSync(python, ['-c', script, folder, saved], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  const mine = new Network(exported.model, runStreams(0).init);
  const expected = weightEntries(mine).map((e) => Array.from(e.read(), (v) => Math.fround(v * 2 + 0.25)));
  assert.deepEqual(loadSafetensorsInto(mine, readFileSync(saved)), { ok: true });
  assert.deepEqual(weightEntries(mine).map((e) => Array.from(e.read())), expected);
  writeFileSync(join(folder, 'done'), '');
});
