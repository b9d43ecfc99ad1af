// mnist(path) and fashion_mnist(path): a folder of the standard IDX files, read through the real
// node file adapter in a temporary workspace, checked and loaded by the same readers as idx(…).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { checkDocument } from '../../../core/analysis';
import { loadIdx } from '../../../core/data';
import { createRun, planTraining } from '../../../core/train';
import { NodeFileAccess } from '../../../node/node-file-access';
import { unwrap } from './data-helpers';

/** An IDX file: the magic, the dimensions (big-endian 32-bit), then the bytes. */
function idxFile(magic: number, dimensions: number[], data: Uint8Array): Uint8Array {
  const header = [magic, ...dimensions].flatMap((v) => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
  const bytes = new Uint8Array(header.length + data.length);
  bytes.set(header);
  bytes.set(data, header.length);
  return bytes;
}

const count = 30;
const size = 28;
/** Image i is a bright square of side 4 + (i mod 10), label i mod 10: learnable and deterministic. */
function tinyMnist(): { images: Uint8Array; labels: Uint8Array } {
  const pixels = new Uint8Array(count * size * size);
  for (let i = 0; i < count; i++) {
    const side = 4 + (i % 10);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) pixels[i * size * size + (y + 2) * size + x + 3] = 200 + (i % 50);
  }
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images: idxFile(0x803, [count, size, size], pixels), labels: idxFile(0x801, [count], labels) };
}

function workspace(): string {
  return mkdtempSync(join(tmpdir(), 'dlmodel-mnist-'));
}

const model = (data: string, folder = ''): string => `model M {
  input [1, 28, 28]
  flatten()
  dense(10)
}
train {
  data: ${data}
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  epochs: 1
}
${folder}`;

function check(root: string, text: string, documentFolder = '') {
  const fileAccess = new NodeFileAccess(root);
  return { fileAccess, analysis: checkDocument(text, { fileAccess, documentFolder }) };
}

test('mnist(path) reads the gzipped training files of a folder, and raw ones, as idx(…) reads them', () => {
  const { images, labels } = tinyMnist();
  for (const gzipped of [true, false]) {
    const root = workspace();
    mkdirSync(join(root, 'data', 'mnist'), { recursive: true });
    writeFileSync(join(root, 'data', 'mnist', gzipped ? 'train-images-idx3-ubyte.gz' : 'train-images-idx3-ubyte'), gzipped ? gzipSync(images) : images);
    writeFileSync(join(root, 'data', 'mnist', 'train-labels-idx1-ubyte'), labels);
    // The test files are not read: a broken one changes nothing.
    writeFileSync(join(root, 'data', 'mnist', 't10k-images-idx3-ubyte'), 'not an IDX file');
    const { fileAccess, analysis } = check(root, model('mnist("../data/mnist")'), 'models');
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.trains[0]!.data, { sampleShape: [1, 28, 28], target: { kind: 'classes', count: 10 }, samples: count, tokens: false });
    const planned = planTraining(analysis, { fileAccess, documentFolder: 'models' });
    assert.ok(planned.ok, planned.ok ? '' : planned.message);
    const run = createRun(planned.plan);
    assert.ok(run.ok);
    const direct = unwrap(loadIdx(images, labels, 0));
    // The split reorders rows; the multiset of (label, first bright pixel) pairs is the same.
    const rows = (inputs: Float32Array, targets: Int32Array | Float32Array, n: number) => Array.from({ length: n }, (_, i) => `${targets[i]}:${inputs.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0).toFixed(3)}`).sort();
    const { train, validation } = run.run.data;
    assert.deepEqual([...rows(train.inputs, train.targets, train.count), ...rows(validation.inputs, validation.targets, validation.count)].sort(), rows(direct.inputs, direct.targets, direct.count));
  }
});

test('mnist(path): a missing folder, an escaping path, an empty path and a link out of the workspace are errors on the path', () => {
  const root = workspace();
  const outside = workspace();
  const { images, labels } = tinyMnist();
  writeFileSync(join(outside, 'train-images-idx3-ubyte.gz'), gzipSync(images));
  writeFileSync(join(outside, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
  mkdirSync(join(root, 'linked'));
  symlinkSync(join(outside, 'train-images-idx3-ubyte.gz'), join(root, 'linked', 'train-images-idx3-ubyte.gz'));
  symlinkSync(join(outside, 'train-labels-idx1-ubyte.gz'), join(root, 'linked', 'train-labels-idx1-ubyte.gz'));
  symlinkSync(outside, join(root, 'folder-link'));
  const cases: Array<[string, string, RegExp]> = [
    ['mnist("nowhere")', 'DL510', /has no train-images-idx3-ubyte\.gz or train-images-idx3-ubyte \(looked for nowhere\/train-images-idx3-ubyte\.gz and nowhere\/train-images-idx3-ubyte/],
    ['mnist("../up")', 'DL511', /leads outside the workspace/],
    ['fashion_mnist("/usr/share/datasets/fashion-mnist")', 'DL511', /absolute paths are not allowed/],
    ['mnist("")', 'DL511', /empty/],
    ['mnist("linked")', 'DL511', /through a link/],
    ['mnist("folder-link")', 'DL511', /through a link/],
  ];
  for (const [data, code, message] of cases) {
    const text = model(data);
    const { analysis } = check(root, text);
    const found = analysis.diagnostics.map((d) => `${d.code} ${d.message}`);
    assert.equal(analysis.diagnostics.length, 1, `${data}: ${found.join('; ')}`);
    const [diagnostic] = analysis.diagnostics;
    assert.equal(diagnostic!.code, code, `${data}: ${found.join('; ')}`);
    assert.match(diagnostic!.message, message);
    // On the path argument, not the whole call.
    assert.equal(text.slice(diagnostic!.range.start, diagnostic!.range.end), data.slice(data.indexOf('(') + 1, -1));
  }
});

test('mnist(path): a malformed file in the folder is DL515 naming the file, on the path', () => {
  const root = workspace();
  const { images } = tinyMnist();
  mkdirSync(join(root, 'd'));
  writeFileSync(join(root, 'd', 'train-images-idx3-ubyte'), images);
  writeFileSync(join(root, 'd', 'train-labels-idx1-ubyte.gz'), gzipSync(idxFile(0x801, [3], Uint8Array.from([0, 1, 2]))));
  const text = model('mnist("d")');
  const { analysis } = check(root, text);
  assert.equal(analysis.diagnostics.length, 1);
  assert.equal(analysis.diagnostics[0]!.code, 'DL515');
  assert.match(analysis.diagnostics[0]!.message, /^d\/train-labels-idx1-ubyte\.gz: IDX labels file has 3 labels for 30 images/);
  assert.equal(text.slice(analysis.diagnostics[0]!.range.start, analysis.diagnostics[0]!.range.end), '"d"');
});

const fashion = '/usr/share/datasets/fashion-mnist';
const fashionFiles = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'];
const noFashion = fashionFiles.every((f) => existsSync(join(fashion, f))) ? false : 'Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)';

test('fashion_mnist(path) on Debian’s Fashion-MNIST, copied into a workspace: 60,000 training images, 10 named classes', { skip: noFashion }, () => {
  const root = workspace();
  mkdirSync(join(root, 'fashion'));
  // Copied, not linked: a link out of the workspace is refused (tested above).
  for (const file of fashionFiles) copyFileSync(join(fashion, file), join(root, 'fashion', file));
  const { fileAccess, analysis } = check(root, model('fashion_mnist("fashion")'));
  assert.deepEqual(analysis.diagnostics, []);
  assert.deepEqual(analysis.trains[0]!.data, { sampleShape: [1, 28, 28], target: { kind: 'classes', count: 10 }, samples: 60000, tokens: false });
  const limited = checkDocument(model('fashion_mnist("fashion", limit: 500)'), { fileAccess, documentFolder: '' });
  const planned = planTraining(limited, { fileAccess, documentFolder: '' });
  assert.ok(planned.ok, planned.ok ? '' : planned.message);
  const run = createRun(planned.plan);
  assert.ok(run.ok);
  const train = run.run.data.train;
  assert.equal(train.count + run.run.data.validation.count, 500);
  assert.equal(train.targetKind, 'classes');
  if (train.targetKind === 'classes') assert.deepEqual(train.classNames?.slice(0, 2), ['T-shirt/top', 'Trouser']);
  // The same bytes as reading the files directly with idx(…)'s loader.
  const direct = unwrap(loadIdx(readFileSync(join(fashion, fashionFiles[0]!)), readFileSync(join(fashion, fashionFiles[1]!)), 500));
  const sum = (values: Float32Array) => values.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum(train.inputs) + sum(run.run.data.validation.inputs) - sum(direct.inputs)) < 1e-2);
});
