// The real `dlmodel` binary (dist/cli.js, as installed by "bin"), run as a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, symlinkSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../helpers/paths';
import { examplesWorkspace, fashionMissing } from '../helpers/fashion-mnist';

const cli = fromRoot('dist/cli.js');

function dlmodel(args: string[], cwd = fromRoot('.')): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), content);
  }
  return folder;
}

test('check --json on VGG-16 prints the documented schema with 138,357,544 parameters', () => {
  const result = dlmodel(['check', '--json', 'examples/vgg16.dlmodel']);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.files.length, 1);
  const file = report.files[0];
  assert.equal(file.path, 'examples/vgg16.dlmodel');
  assert.deepEqual(file.diagnostics, []);
  const model = file.models[0];
  assert.equal(model.name, 'VGG16');
  assert.deepEqual(model.input, [3, 224, 224]);
  assert.deepEqual(model.output, [1000]);
  assert.equal(model.trainableParams, 138_357_544);
  assert.equal(model.nonTrainableParams, 0);
  assert.equal(model.totalParams, 138_357_544);
  assert.equal(model.macs, 15_470_264_320);
  const first = model.layers[0];
  assert.deepEqual(Object.keys(first).sort(), ['kind', 'line', 'macs', 'name', 'nonTrainableParams', 'outputShape', 'trainableParams']);
  assert.deepEqual({ ...first, line: undefined }, { name: 'conv2d_1', kind: 'conv2d', line: undefined, outputShape: [64, 224, 224], trainableParams: 1792, nonTrainableParams: 0, macs: 86_704_128 });
  // Both copies of a repeat carry the line of their statement.
  assert.equal(model.layers[0].line, model.layers[1].line);
});

test("check --json counts lstm and gru as PyTorch: nn.LSTM(32, 64) 25,088 parameters, nn.GRU(32, 64) 18,816", () => {
  const folder = scratch({ 'recurrent.dlmodel': 'model Lstm {\n  input [10, 32]\n  lstm(64)\n}\nmodel Gru {\n  input [10, 32]\n  gru(64, return: last)\n}\n' });
  const result = dlmodel(['check', '--json', 'recurrent.dlmodel'], folder);
  assert.equal(result.status, 0, result.stderr);
  const [lstm, gru] = JSON.parse(result.stdout).files[0].models;
  assert.deepEqual([lstm.trainableParams, lstm.output, lstm.macs], [25_088, [10, 64], 10 * 4 * 64 * (32 + 64)]);
  assert.deepEqual([gru.trainableParams, gru.output, gru.macs], [18_816, [64], 10 * 3 * 64 * (32 + 64)]);
});

test('a recurrent layer on a non-sequence or with an unknown return value is an error that says the fix', () => {
  const text = 'model A {\n  input [12]\n  lstm(8)\n}\nmodel B {\n  input [3, 8, 8]\n  gru(8)\n}\nmodel C {\n  input [5, 4]\n  lstm(8, return: final)\n}\n';
  const result = dlmodel(['check', 'bad.dlmodel'], scratch({ 'bad.dlmodel': text }));
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^bad\.dlmodel:3:3: error DL401 lstm expects a sequence \[T, d\] \(time steps, features per step\); got \[12\] — a sequence of token ids needs embedding\(vocab, dim\) before lstm; a sequence of single numbers, reshape\(\[12, 1\]\)$/m);
  assert.match(result.stdout, /^bad\.dlmodel:7:3: error DL401 gru expects a sequence \[T, d\] .*got \[3, 8, 8\] — reshape it to \[steps, features\] first/m);
  assert.match(result.stdout, /^bad\.dlmodel:11:19: error DL312 Unknown recurrent output 'final' for lstm's return \(expected one of sequences, last\)$/m);
});

test('check prints counts past 2^53 exactly: digits in the table, a string in --json', () => {
  const folder = scratch({ 'huge.dlmodel': 'model Huge {\n  input [2]\n  dense(3002399751580331)\n}\n' });
  const table = dlmodel(['check', 'huge.dlmodel'], folder);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /total params 9,007,199,254,740,993 \(trainable 9,007,199,254,740,993, non-trainable 0\)/);
  const json = dlmodel(['check', '--json', 'huge.dlmodel'], folder);
  assert.equal(json.status, 0, json.stderr);
  const model = JSON.parse(json.stdout).files[0].models[0];
  assert.equal(model.totalParams, '9007199254740993');
  assert.equal(model.parameterBytes, '36028797018963972');
  assert.equal(model.macs, 6004799503160662, 'below 2^53 a count stays a number');
  assert.equal(model.layers[0].trainableParams, '9007199254740993');
});

test('check prints a per-layer table with totals and memory, and exits 0 on clean files', () => {
  const result = dlmodel(['check', 'examples/spirals.dlmodel']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /model Spirals {2}input \[2\] → output \[3\]/);
  assert.match(result.stdout, /layer\s+kind\s+line\s+output shape\s+params\s+MACs/);
  assert.match(result.stdout, /hidden1\s+dense\s+\d+\s+\[16\]\s+48\s+32/);
  assert.match(result.stdout, /total params 371 \(trainable 371, non-trainable 0\)/);
  assert.match(result.stdout, /parameter memory 1\.4 KiB \(float32\)/);
  assert.match(result.stdout, /1 file checked: 0 errors, 0 warnings/);
});

test('errors print as file:line:col and exit 1; JSON positions are 1-based', () => {
  const folder = scratch({ 'bad.dlmodel': 'model M {\n  input [64]\n  conv2d(8, 3)\n}\n' });
  const human = dlmodel(['check', 'bad.dlmodel'], folder);
  assert.equal(human.status, 1);
  assert.match(human.stdout, /^bad\.dlmodel:3:3: error DL401 conv2d expects an input \[C, H, W\]; got \[64\] — remove flatten\(\) above or use dense\(\)$/m);
  const json = JSON.parse(dlmodel(['check', '--json', 'bad.dlmodel'], folder).stdout);
  const d = json.files[0].diagnostics[0];
  assert.deepEqual([d.code, d.severity, d.line, d.column, d.endLine, d.endColumn], ['DL401', 'error', 3, 3, 3, 15]);
});

test('printed columns count characters (code points); --json columns count UTF-16 units, as LSP does', () => {
  // 'é' is one UTF-16 unit, '😀' two: 'msx' starts at character 30 of its line but UTF-16 unit 31.
  const folder = scratch({ 'wide.dlmodel': 'train {\n  data: csv("é😀.csv"); loss: msx\n}\n' });
  const human = dlmodel(['check', 'wide.dlmodel'], folder);
  assert.match(human.stdout, /^wide\.dlmodel:2:30: error DL312 Unknown loss 'msx'/m);
  const json = JSON.parse(dlmodel(['check', '--json', 'wide.dlmodel'], folder).stdout);
  const d = json.files[0].diagnostics.find((x: { code: string }) => x.code === 'DL312');
  assert.deepEqual([d.line, d.column, d.endLine, d.endColumn], [2, 31, 2, 34]);
});

test('warnings alone exit 0', () => {
  const folder = scratch({ 'warn.dlmodel': 'model M {\n  input [1, 8, 8]\n  dense(10)\n}\n' });
  const result = dlmodel(['check', 'warn.dlmodel'], folder);
  assert.equal(result.status, 0);
  assert.match(result.stdout, /warning DL405/);
});

test('usage errors and unreadable files exit 2 with a message, never a stack trace', () => {
  for (const args of [['check'], ['frobnicate'], ['check', '--bogus', 'x'], ['check', 'does-not-exist.dlmodel'], ['check', 'examples'], ['check', '--root', 'nope', 'examples/xor.dlmodel']]) {
    const result = dlmodel(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /^dlmodel: /);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  }
});

test('invalid UTF-8, binary garbage and empty files give diagnostics, not crashes', () => {
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const folder = scratch({ 'latin1.dlmodel': Buffer.from('model M {\n  input [2]\n  # caf\xe9\n  dense(3)\n}\n', 'latin1'), 'garbage.dlmodel': garbage, 'empty.dlmodel': '' });
  const latin1 = dlmodel(['check', 'latin1.dlmodel'], folder);
  assert.equal(latin1.status, 1);
  assert.match(latin1.stdout, /error DL105/);
  assert.match(latin1.stdout, /dense_1/, 'the rest of the file is still checked');
  const binary = dlmodel(['check', 'garbage.dlmodel'], folder);
  assert.equal(binary.status, 1);
  assert.doesNotMatch(binary.stderr, /internal error/);
  const empty = dlmodel(['check', 'empty.dlmodel'], folder);
  assert.equal(empty.status, 0);
});

test('--root bounds data paths, and a symbolic link out of it is refused before reading', () => {
  const outside = scratch({ 'secret.csv': 'a,b,label\n1,2,x\n3,4,y\n' });
  const model = 'model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: csv("data/linked.csv", target: "label")\n  loss: cross_entropy\n  optimizer: adam()\n  batch: 1\n}\n';
  const folder = scratch({ 'm.dlmodel': model });
  mkdirSync(join(folder, 'data'));
  symlinkSync(join(outside, 'secret.csv'), join(folder, 'data', 'linked.csv'));
  const result = dlmodel(['check', 'm.dlmodel'], folder);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /error DL511 .*outside the workspace folder through a link/);
});

test('checking all examples is clean (with their data in place)', (t) => {
  const { folder, withoutData } = examplesWorkspace();
  const files = readdirSync(folder).filter((f) => f.endsWith('.dlmodel') && !withoutData.includes(f));
  if (withoutData.length > 0) t.diagnostic(`not checked, their data is not installed: ${withoutData.join(', ')} (${String(fashionMissing())})`);
  const result = dlmodel(['check', ...files], folder);
  assert.equal(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, new RegExp(`${files.length} files checked: 0 errors, 0 warnings`));
});
