// `dlmodel export` (cli/export-command.ts, runExport) in-process: what it writes, where it refuses
// to write (outside --root, through links), its exit statuses and messages; and model.py for
// layer names that are Python keywords or nn.Module attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExport, type ExportArguments } from '../../cli/export-command';
import { UsageError } from '../../cli/output';
import { checkDocument } from '../../core/analysis';
import { runStreams } from '../../core/common/random';
import { decodeSafetensors, networkToSafetensors, weightEntries } from '../../core/export';
import { Network } from '../../core/nn/network';
import { maxDataFileBytes } from '../../node/node-file-access';
import { fromRoot } from '../helpers/paths';
import { python, scratch, torchMissing } from './helpers';

function run(args: Partial<ExportArguments> & { file: string; to: ExportArguments['to'] }): { status: number; stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const status = runExport({ root: '.', ...args }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), colour: false });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

function workspace(): string {
  const root = scratch('cli');
  writeFileSync(join(root, 'spirals.dlmodel'), readFileSync(fromRoot('examples/spirals.dlmodel')));
  writeFileSync(join(root, 'lenet5.dlmodel'), readFileSync(fromRoot('examples/lenet5.dlmodel')));
  writeFileSync(join(root, 'broken.dlmodel'), 'model M {\n  input [2]\n  dense(0)\n}\n');
  return root;
}

test('export --to pytorch writes the six files inside the workspace and says how to run them', () => {
  const root = workspace();
  const result = run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'out', 'spirals') });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(readdirSync(join(root, 'out', 'spirals')).sort(), ['README.md', 'data.safetensors', 'dlmodel_support.py', 'init.safetensors', 'model.py', 'train.py']);
  assert.match(result.stdout, /exported Spirals to .*model\.py \(.*\), dlmodel_support\.py/);
  assert.match(result.stdout, /python3 train\.py/);
  // Default output: next to the file.
  const defaulted = run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root });
  assert.equal(defaulted.status, 0, defaulted.stderr);
  assert.ok(existsSync(join(root, 'spirals-pytorch', 'train.py')));
});

test('export --to pytorch of a file without a train block writes the model and its weights only', () => {
  const root = workspace();
  const result = run({ file: join(root, 'lenet5.dlmodel'), to: 'pytorch', root, out: join(root, 'lenet') });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(readdirSync(join(root, 'lenet')).sort(), ['README.md', 'dlmodel_support.py', 'init.safetensors', 'model.py']);
  assert.match(result.stdout, /model only: no train block/);
  assert.match(readFileSync(join(root, 'lenet', 'model.py'), 'utf8'), /self\.c1 = nn\.Conv2d\(1, 6, kernel_size=5\) {2}# line 11: c1 = conv2d\(6, 5, activation: tanh\)/);
});

test('export --to onnx writes one file; --seed and --init choose its weights', () => {
  const root = workspace();
  const result = run({ file: join(root, 'spirals.dlmodel'), to: 'onnx', root, out: join(root, 'm.onnx') });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /exported Spirals to .*m\.onnx \(ONNX opset 17, .*\): input \[batch, 2\] → output \[batch, 3\]/);
  assert.ok(readFileSync(join(root, 'm.onnx')).length > 1000);

  // --init: the exported init.safetensors holds exactly the given weights.
  const model = checkDocument(readFileSync(join(root, 'spirals.dlmodel'), 'utf8')).models[0]!;
  const network = new Network(model, runStreams(123).init);
  writeFileSync(join(root, 'start.safetensors'), networkToSafetensors(network));
  const withInit = run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'init'), init: join(root, 'start.safetensors') });
  assert.equal(withInit.status, 0, withInit.stderr);
  const decoded = decodeSafetensors(readFileSync(join(root, 'init', 'init.safetensors')));
  assert.ok(decoded.ok);
  for (const entry of weightEntries(network)) assert.deepEqual(Array.from(decoded.file.tensors.get(entry.name)!.data as Float32Array), Array.from(entry.read()), entry.name);
  assert.match(readFileSync(join(root, 'init', 'train.py'), 'utf8'), /INIT_FROM_FILE = True/);

  const seeded = run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'seeded'), seed: 9, epochs: 3 });
  assert.equal(seeded.status, 0, seeded.stderr);
  const train = readFileSync(join(root, 'seeded', 'train.py'), 'utf8');
  assert.match(train, /^SEED = 9 /m);
  assert.match(train, /^EPOCHS = 3 /m);
});

test('export refuses: errors in the file, weights that do not fit (exit 1); outside the workspace, through a link, bad arguments (usage errors)', () => {
  const root = workspace();
  const broken = run({ file: join(root, 'broken.dlmodel'), to: 'pytorch', root, out: join(root, 'b') });
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /dlmodel: export: the file has 1 error \(first: DL\d+ .*\) — run dlmodel check and fix it/);
  assert.ok(!existsSync(join(root, 'b')), 'nothing is written');

  writeFileSync(join(root, 'bad.safetensors'), new Uint8Array(16));
  const badInit = run({ file: join(root, 'spirals.dlmodel'), to: 'onnx', root, out: join(root, 'x.onnx'), init: join(root, 'bad.safetensors') });
  assert.equal(badInit.status, 1);
  assert.match(badInit.stderr, /not a valid safetensors file/);
  const otherModel = new Network(checkDocument('model O {\n  input [2]\n  dense(3)\n}\n').models[0]!, runStreams(0).init);
  writeFileSync(join(root, 'other.safetensors'), networkToSafetensors(otherModel));
  const misfit = run({ file: join(root, 'spirals.dlmodel'), to: 'onnx', root, out: join(root, 'x.onnx'), init: join(root, 'other.safetensors') });
  assert.equal(misfit.status, 1);
  assert.match(misfit.stderr, /the weights do not fit model Spirals: hidden1\.weight is missing/);

  const outside = scratch('outside');
  assert.throws(() => run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(outside, 'x') }), (e: unknown) => e instanceof UsageError && /outside the workspace folder/.test(e.message));
  assert.throws(() => run({ file: join(root, 'spirals.dlmodel'), to: 'onnx', root, out: join(root, '..', 'escape.onnx') }), UsageError);
  symlinkSync(outside, join(root, 'link'));
  assert.throws(() => run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'link', 'x') }), (e: unknown) => e instanceof UsageError && /through a link/.test(e.message));
  mkdirSync(join(root, 'dir'));
  symlinkSync(join(outside, 'planted.py'), join(root, 'dir', 'model.py'));
  assert.throws(() => run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'dir') }), (e: unknown) => e instanceof UsageError && /is a link/.test(e.message));
  assert.ok(!existsSync(join(outside, 'planted.py')), 'nothing written through the link');
  assert.ok(!existsSync(join(outside, 'x')));

  assert.throws(() => run({ file: join(root, 'missing.dlmodel'), to: 'pytorch', root }), (e: unknown) => e instanceof UsageError && /no such file/.test(e.message));
  assert.throws(() => run({ file: join(root, 'spirals.dlmodel'), to: 'keras' as never, root }), (e: unknown) => e instanceof UsageError && /--to must be pytorch or onnx/.test(e.message));
  assert.throws(() => run({ file: join(root, 'spirals.dlmodel'), to: 'onnx', root, out: root }), (e: unknown) => e instanceof UsageError && /is a folder/.test(e.message));
  const unknownTrain = run({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'q'), train: 'nope' });
  assert.equal(unknownTrain.status, 1);
  assert.match(unknownTrain.stderr, /no train block named 'nope'/);
});

test('export --init reads only a regular file, and refuses one over the limit before reading it', { skip: process.platform === 'win32' ? 'needs /dev/zero and FIFOs' : false }, () => {
  const root = workspace();
  const refused = (init: string): string => {
    let message = '';
    assert.throws(
      () => run({ file: join(root, 'spirals.dlmodel'), to: 'onnx', root, out: join(root, 'x.onnx'), init }),
      (e: unknown) => e instanceof UsageError && Boolean((message = e.message)),
    );
    return message;
  };
  assert.match(refused('/dev/zero'), /cannot read --init \/dev\/zero: it is a device, not a regular file/);
  execFileSync('mkfifo', [join(root, 'pipe.safetensors')]);
  assert.match(refused(join(root, 'pipe.safetensors')), /it is a named pipe \(FIFO\), not a regular file/);
  // A sparse file one byte over the limit: refused by its size, without reading a gigabyte.
  writeFileSync(join(root, 'huge.safetensors'), '');
  truncateSync(join(root, 'huge.safetensors'), maxDataFileBytes + 1);
  assert.match(refused(join(root, 'huge.safetensors')), /more than the 1(\.0)? GiB limit/);
  assert.ok(!existsSync(join(root, 'x.onnx')), 'nothing written');
});

test('model.py registers layers named like Python keywords or nn.Module methods by name, and they run', { skip: torchMissing() }, () => {
  const root = scratch('names');
  writeFileSync(join(root, 'names.dlmodel'), 'model nn {\n  input [3]\n  forward = dense(4, activation: relu)\n  lambda = dense(4)\n  eval = tanh()\n  training = dense(2)\n}\n');
  const result = run({ file: join(root, 'names.dlmodel'), to: 'pytorch', root, out: join(root, 'out') });
  assert.equal(result.status, 0, result.stderr);
  const modelPy = readFileSync(join(root, 'out', 'model.py'), 'utf8');
  assert.match(modelPy, /class nnModel\(nn\.Module\)/);
  assert.match(modelPy, /self\._modules\["forward"\] = nn\.Linear\(3, 4\)/);
  const script = `
import sys, torch
sys.path.insert(0, sys.argv[1])
import dlmodel_support as dl
from model import nnModel
m = nnModel()
dl.load_weights(m, sys.argv[1] + '/init.safetensors')
print(sorted(m.state_dict().keys()))
print(m(torch.ones(2, 3)).shape)
`;
  const python3 = spawnSync(python, ['-c', script, join(root, 'out')], { encoding: 'utf8' });
  assert.equal(python3.status, 0, python3.stderr);
  assert.match(python3.stdout, /\['forward\.bias', 'forward\.weight', 'lambda\.bias', 'lambda\.weight', 'training\.bias', 'training\.weight'\]/);
  assert.match(python3.stdout, /torch\.Size\(\[2, 2\]\)/);
});
