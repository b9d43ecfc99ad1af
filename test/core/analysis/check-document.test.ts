import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkDocument, maxDocumentLength, resolveDataPath } from '../../../core/analysis';
import type { Diagnostic } from '../../../core/common/diagnostic';
import { applyEdits } from '../../helpers/markers';
import { fromRoot } from '../../helpers/paths';
import { debianFashionMnist, fashionExamples, fashionMissing } from '../../helpers/fashion-mnist';
import { mutate, textMutation } from '../../helpers/text-mutations';

const codes = (diagnostics: readonly Diagnostic[]): string[] => diagnostics.map((d) => d.code);

const spirals = `# Three interleaved spirals, TensorFlow-Playground scale.
model Spirals {
  input [2]
  hidden1 = dense(16, activation: relu)
  hidden2 = dense(16, activation: tanh)
  dense(3)
  softmax()
}

train {
  model: Spirals
  data: spirals(classes: 3, points: 600, noise: 0.15)
  validation: 0.2
  loss: cross_entropy
  optimizer: adam(lr: 0.01)
  batch: 32
  epochs: 200
  seed: 42
}
`;

test('the spec’s first example is clean, with shapes, names and parameter formulas', () => {
  const analysis = checkDocument(spirals);
  assert.deepEqual(analysis.diagnostics, []);
  const [model] = analysis.models;
  assert.ok(model);
  assert.deepEqual(
    model.layers.map((l) => [l.name, l.kind, l.outputShape, l.trainableParams, l.paramFormula]),
    [
      ['hidden1', 'dense', [2 * 8], 48n, '2·16 + 16'],
      ['hidden2', 'dense', [16], 272n, '16·16 + 16'],
      ['dense_3', 'dense', [3], 51n, '16·3 + 3'],
      ['softmax_1', 'softmax', [3], 0n, ''],
    ],
  );
  assert.equal(model.trainableParams, 371n);
  assert.equal(model.macs, 32n + 256n + 48n);
  assert.equal(model.parameterBytes, 371n * 4n);
  assert.equal(analysis.trains[0]?.modelName, 'Spirals');
});

test('repeat expands into numbered copies that share their statement', () => {
  const analysis = checkDocument('model R {\n  input [4]\n  repeat 3 { dense(4, activation: relu) }\n  dense(2)\n}\n');
  assert.deepEqual(analysis.diagnostics, []);
  const layers = analysis.models[0]!.layers;
  assert.deepEqual(layers.map((l) => l.name), ['dense_1', 'dense_2', 'dense_3', 'dense_4']);
  assert.deepEqual(layers.map((l) => [l.copy, l.copies]), [[0, 3], [1, 3], [2, 3], [0, 1]]);
  assert.equal(layers[0]!.statementRange.start, layers[2]!.statementRange.start);
});

test('nested repeats multiply', () => {
  const analysis = checkDocument('model R {\n  input [4]\n  repeat 2 { repeat 3 { dense(4) } relu() }\n}\n');
  const layers = analysis.models[0]!.layers;
  assert.equal(layers.filter((l) => l.kind === 'dense').length, 6);
  assert.equal(layers.filter((l) => l.kind === 'relu').length, 2);
});

test('residual lists body, shortcut, then an add', () => {
  const text = 'model B {\n  input [8, 16, 16]\n  residual {\n    conv2d(16, 3, stride: 2, padding: 1)\n  } shortcut {\n    conv2d(16, 1, stride: 2)\n  }\n}\n';
  const analysis = checkDocument(text);
  assert.deepEqual(codes(analysis.diagnostics), []);
  assert.deepEqual(analysis.models[0]!.layers.map((l) => [l.kind, l.outputShape]), [
    ['conv2d', [16, 8, 8]],
    ['conv2d', [16, 8, 8]],
    ['add', [16, 8, 8]],
  ]);
});

test('a residual whose body changes the shape suggests a shortcut', () => {
  const analysis = checkDocument('model B {\n  input [8, 16, 16]\n  residual { conv2d(16, 3, stride: 2, padding: 1) }\n}\n');
  const d = analysis.diagnostics.find((x) => x.code === 'DL404');
  assert.ok(d);
  assert.match(d.message, /\[16, 8, 8\].*\[8, 16, 16\].*shortcut \{ conv2d\(16, 1, stride: 2\) \}/);
  assert.equal(d.related?.length, 1);
});

test('the residual mismatch has the quick fix its message names, and the fixed text checks clean', () => {
  const cases = [
    { text: 'model B {\n  input [8, 16, 16]\n  residual { conv2d(16, 3, stride: 2, padding: 1) }\n}\n', layer: 'conv2d(16, 1, stride: 2)' },
    { text: 'model B {\n  input [8, 15, 15]\n  residual {\n    conv2d(4, 3, padding: same)\n  }\n}\n', layer: 'conv2d(4, 1)' },
    { text: 'model D {\n  input [16]\n  residual {\n    dense(8)\n  }\n  dense(3)\n}\n', layer: 'dense(8)' },
  ];
  for (const { text, layer } of cases) {
    const d = checkDocument(text).diagnostics.find((x) => x.code === 'DL404');
    assert.ok(d, text);
    assert.ok(d.message.includes(`shortcut { ${layer} }`), d.message);
    assert.equal(d.fixes?.[0]?.title, `Add shortcut { ${layer} }`);
    const fixed = applyEdits(text, d.fixes[0].edits);
    assert.deepEqual(codes(checkDocument(fixed).diagnostics), [], fixed);
  }
  // No single layer maps [8, 16, 16] to [8] (and an existing shortcut is the person's to change): no fix.
  const noLayer = checkDocument('model B {\n  input [8, 16, 16]\n  residual { flatten() }\n}\n').diagnostics.find((x) => x.code === 'DL404');
  assert.ok(noLayer && (noLayer.fixes ?? []).length === 0 && !noLayer.message.includes('e.g.'), noLayer?.message);
});

test('dense on rank 2 applies to the last axis; on rank 3 it warns and its quick fix inserts flatten()', () => {
  const rank2 = checkDocument('model T {\n  input [10, 32]\n  dense(64)\n}\n');
  assert.deepEqual(rank2.diagnostics, []);
  assert.deepEqual(rank2.models[0]!.layers[0]!.outputShape, [10, 64]);
  assert.equal(rank2.models[0]!.layers[0]!.macs, 10n * 32n * 64n);

  const text = 'model I {\n  input [1, 8, 8]\n  dense(10)\n}\n';
  const warned = checkDocument(text).diagnostics.find((d) => d.code === 'DL405');
  assert.ok(warned);
  assert.equal(warned.severity, 'warning');
  const fixed = applyEdits(text, warned.fixes![0]!.edits);
  assert.equal(fixed, 'model I {\n  input [1, 8, 8]\n  flatten()\n  dense(10)\n}\n');
  assert.deepEqual(checkDocument(fixed).diagnostics, []);
});

test('quick fixes clear what they fix: misspelt layer, duplicate argument, output units', () => {
  const cases = [
    ['model M {\n  input [2]\n  dense(3, activation: rleu)\n}\n', 'DL312'],
    ['model M {\n  input [2]\n  dnese(3)\n}\n', 'DL301'],
    ['model M {\n  input [2]\n  dense(3, bias: true, bias: false)\n}\n', 'DL303'],
    ['model M {\n  input [2]\n  dense(3, activaton: relu)\n}\n', 'DL302'],
    ['model M {\n  input [2]\n  dense(8, activation: relu)\n  dense(4)\n}\ntrain {\n  data: spirals(classes: 3)\n  loss: cross_entropy\n  optimizer: adam()\n}\n', 'DL505'],
  ] as const;
  for (const [text, code] of cases) {
    const diagnostic = checkDocument(text).diagnostics.find((d) => d.code === code);
    assert.ok(diagnostic?.fixes?.[0], `${code} should offer a fix`);
    const fixed = applyEdits(text, diagnostic.fixes[0].edits);
    assert.deepEqual(codes(checkDocument(fixed).diagnostics), [], `after fixing ${code}:\n${fixed}`);
  }
});

test('did-you-mean messages name the suggestion', () => {
  const d = checkDocument('model M {\n  input [2]\n  desne(3)\n}\n').diagnostics[0];
  assert.equal(d?.code, 'DL301');
  assert.match(d.message, /did you mean 'dense'\?/);
});

test('a layer after an unknown one is still argument-checked', () => {
  const analysis = checkDocument('model M {\n  input [2]\n  foo(3)\n  dense(0)\n}\n');
  assert.deepEqual(codes(analysis.diagnostics), ['DL301', 'DL306']);
});

test('a wrong activation or initialiser name keeps the layer’s shape and parameters, and every layer after it', () => {
  const analysis = checkDocument('model Iris {\n  input [4]\n  dense(16, activation: relux, init: hee)\n  dense(3)\n}\nmodel Other {\n  input [2]\n  dense(1)\n}\n');
  assert.deepEqual(codes(analysis.diagnostics), ['DL312', 'DL312']);
  const [iris, other] = analysis.models;
  assert.deepEqual(iris!.layers.map((l) => [l.name, l.outputShape, l.trainableParams]), [
    ['dense_1', [16], 80n],
    ['dense_2', [3], 51n],
  ]);
  assert.deepEqual(iris!.output, [3]);
  assert.equal(iris!.trainableParams, 131n);
  assert.deepEqual(other!.output, [1]);
});

test('a layer with a bad argument that may decide its shape loses its own shape; the layers before it and other models keep theirs', () => {
  const analysis = checkDocument('model A {\n  input [4]\n  dense(16)\n  dense(8, bogus: 3)\n  dense(-2)\n  dense(3)\n}\nmodel B {\n  input [2]\n  dense(5, activation: relux)\n}\n');
  assert.deepEqual(codes(analysis.diagnostics), ['DL302', 'DL306', 'DL312']);
  const [a, b] = analysis.models;
  assert.deepEqual(a!.layers.map((l) => l.outputShape), [[16], undefined, undefined, undefined]);
  assert.equal(a!.output, undefined);
  assert.deepEqual(b!.layers.map((l) => [l.outputShape, l.trainableParams]), [[[5], 15n]]);
});

test('conv2d on a flat input says what was found and what to do', () => {
  const d = checkDocument('model M {\n  input [64]\n  conv2d(8, 3)\n}\n').diagnostics[0];
  assert.equal(d?.code, 'DL401');
  assert.equal(d.message, 'conv2d expects an input [C, H, W]; got [64] — remove flatten() above or use dense()');
});

test('padding same keeps H and W with dilation; rejects stride 2 and even kernels', () => {
  const ok = checkDocument('model M {\n  input [3, 11, 13]\n  conv2d(4, [3, 5], padding: same, dilation: 2)\n}\n');
  assert.deepEqual(ok.models[0]!.layers[0]!.outputShape, [4, 11, 13]);
  assert.deepEqual(codes(checkDocument('model M {\n  input [3, 8, 8]\n  conv2d(4, 2, padding: same)\n}\n').diagnostics), ['DL403']);
});

test('the window-larger-than-input error points at the kernel argument', () => {
  const text = 'model M {\n  input [1, 3, 3]\n  maxpool2d(4)\n}\n';
  const d = checkDocument(text).diagnostics[0];
  assert.equal(d?.code, 'DL402');
  assert.equal(text.slice(d.range.start, d.range.end), '4');
});

// The work is counted, not timed: a repeat whose copies reach a fixed point costs its body once.
test('a runaway repeat is reported instead of expanded', () => {
  const analysis = checkDocument('model M {\n  input [2]\n  repeat 100000000 { dense(2) }\n}\n');
  assert.ok(analysis.work <= 10, `work ${analysis.work}`);
  assert.ok(analysis.diagnostics.some((d) => d.code === 'DL306' && /more than 100,000 layers/.test(d.message)));
});

test('embedding must read the model input directly', () => {
  const ok = checkDocument('model C {\n  input [8]\n  embedding(40, 16)\n  flatten()\n  dense(40)\n}\n');
  assert.deepEqual(ok.diagnostics, []);
  assert.deepEqual(ok.models[0]!.layers.map((l) => l.outputShape), [[8, 16], [128], [40]]);
});

test('function expressions are parsed; an error points inside the string', () => {
  const text = 'model F {\n  input [1]\n  dense(1)\n}\ntrain {\n  data: function("sin(3*x) + sinn(x)")\n  loss: mse\n  optimizer: adam()\n}\n';
  const d = checkDocument(text).diagnostics.find((x) => x.code === 'DL305');
  assert.ok(d);
  assert.match(d.message, /unknown name 'sinn' — did you mean 'sin'\?/);
  assert.equal(text.slice(d.range.start, d.range.start + 4), 'sinn');
});

test('train blocks: batch larger than the split warns; validation rounds up like scikit-learn', () => {
  // 10 points, validation 0.25 → 3 held out, 7 for training.
  const text = (batch: number) => `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: xor(points: 10)\n  validation: 0.25\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n  batch: ${batch}\n}\n`;
  assert.deepEqual(codes(checkDocument(text(7)).diagnostics), []);
  assert.deepEqual(codes(checkDocument(text(8)).diagnostics), ['DL514']);
});

test('sgd needs lr; nesterov needs momentum', () => {
  const base = (optimizer: string) => `model M {\n  input [2]\n  dense(2)\n}\ntrain {\n  data: xor()\n  loss: cross_entropy\n  optimizer: ${optimizer}\n}\n`;
  assert.deepEqual(codes(checkDocument(base('sgd()')).diagnostics), ['DL304']);
  assert.deepEqual(codes(checkDocument(base('sgd(lr: 0.1, nesterov: true)')).diagnostics), ['DL306']);
  assert.deepEqual(codes(checkDocument(base('sgd(0.1, momentum: 0.9, nesterov: true)')).diagnostics), []);
  assert.deepEqual(codes(checkDocument(base('adam')).diagnostics), ['DL305']);
});

test('files over the size limit get one DL106 and are not parsed', () => {
  const analysis = checkDocument('#'.repeat(maxDocumentLength + 1));
  assert.deepEqual(codes(analysis.diagnostics), ['DL106']);
});

test('data paths are checked by their text before any access', () => {
  assert.deepEqual(resolveDataPath('data/iris.csv', 'examples'), { ok: true, path: 'examples/data/iris.csv' });
  assert.deepEqual(resolveDataPath('../shared/x.csv', 'examples'), { ok: true, path: 'shared/x.csv' });
  for (const bad of ['../x.csv', '/etc/passwd', 'C:\\x.csv', '..\\..\\x', 'a/../../x', 'file:///etc/passwd', '~/x', '', '.']) {
    assert.equal(resolveDataPath(bad, '').ok, false, bad);
  }
  let reads = 0;
  const analysis = checkDocument('model M {\n  input [4]\n  dense(3)\n}\ntrain {\n  data: csv("../../secret.csv")\n  loss: cross_entropy\n  optimizer: adam()\n}\n', {
    documentFolder: 'examples',
    fileAccess: { readFile: () => (reads++, { kind: 'missing' }) },
  });
  assert.equal(reads, 0);
  assert.deepEqual(codes(analysis.diagnostics), ['DL511']);
});

test('every example in examples/ is clean (Fashion-MNIST read where Debian installs it)', (t) => {
  const folder = fromRoot('examples');
  const withoutData: readonly string[] = fashionMissing() ? fashionExamples : [];
  if (withoutData.length > 0) t.diagnostic(`not checked: ${withoutData.join(', ')} (${String(fashionMissing())})`);
  const files = readdirSync(folder).filter((f) => f.endsWith('.dlmodel') && !withoutData.includes(f));
  assert.ok(files.length >= 12, `expected at least 12 examples, found ${files.length}`);
  // The examples' `fashion-mnist` folder is where a person copies the files; here it is Debian's.
  const located = (path: string): string => (path.startsWith('examples/fashion-mnist/') ? join(debianFashionMnist, basename(path)) : fromRoot(path));
  for (const file of files) {
    const access = { readFile: (path: string) => (existsSync(located(path)) ? { kind: 'ok' as const, bytes: readFileSync(located(path)) } : { kind: 'missing' as const }) };
    const analysis = checkDocument(readFileSync(`${folder}/${file}`, 'utf8'), { fileAccess: access, documentFolder: 'examples' });
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), [], file);
  }
});

test('checking never throws on mutated examples (property)', () => {
  const folder = fromRoot('examples');
  const sources = readdirSync(folder).filter((f) => f.endsWith('.dlmodel')).map((f) => readFileSync(`${folder}/${f}`, 'utf8'));
  fc.assert(
    fc.property(fc.constantFrom(...sources), fc.array(textMutation(fc.string({ maxLength: 12 })), { maxLength: 6 }), (source, mutations) => {
      const text = mutations.reduce(mutate, source);
      const analysis = checkDocument(text);
      for (const d of analysis.diagnostics) assert.ok(d.range.start >= 0 && d.range.end <= text.length && d.range.start <= d.range.end);
    }),
    { numRuns: 300 },
  );
});

test('a written name that equals a generated one is a duplicate, whichever comes first', () => {
  const generatedFirst = checkDocument('model M {\n  input [2]\n  dense(4)\n  dense_1 = dense(3)\n}\n');
  assert.deepEqual(codes(generatedFirst.diagnostics), ['DL307']);
  assert.match(generatedFirst.diagnostics[0]!.message, /also the generated name/);
  const writtenFirst = checkDocument('model M {\n  input [2]\n  dense_2 = dense(4)\n  dense(3)\n}\n');
  assert.deepEqual(codes(writtenFirst.diagnostics), ['DL307']);
  const distinct = checkDocument('model M {\n  input [2]\n  dense_7 = dense(4)\n  dense(3)\n}\n');
  assert.deepEqual(codes(distinct.diagnostics), []);
});
