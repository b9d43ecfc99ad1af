// core/export/pytorch/python-text.ts and python-names.ts against the real Python: literals,
// docstring text and comments of arbitrary text read back exactly and add no line; the reserved
// class names cover every name the generated files use (Python's own tokenizer lists them); the
// nn.Module attributes a layer may not shadow cover the installed PyTorch's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkDocument } from '../../core/analysis';
import { generateModelPy, generateTrainPy } from '../../core/export/pytorch';
import { isPlainAttribute, isReservedClassName, pythonClassName } from '../../core/export/pytorch/python-names';
import { pyComment, pyDocText, pyString } from '../../core/export/pytorch/python-text';
import { fromRoot } from '../helpers/paths';
import { planFile } from '../helpers/training';
import { python, scratch, torchMissing } from './helpers';

const noPython = spawnSync(python, ['-c', 'import sys'], { encoding: 'utf8' }).status === 0 ? undefined : `${python} is not available — install python3`;

/** Runs a Python script with one JSON argument file; returns its JSON output. */
function pythonJson<T>(script: string, input: unknown): T {
  const folder = scratch('pynames');
  writeFileSync(join(folder, 'in.json'), JSON.stringify(input));
  writeFileSync(join(folder, 'script.py'), script);
  const result = spawnSync(python, [join(folder, 'script.py'), join(folder, 'in.json'), join(folder, 'out.json')], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(readFileSync(join(folder, 'out.json'), 'utf8')) as T;
}

test('pyString, pyDocText and pyComment escape by code point', () => {
  assert.equal(pyString('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(pyString('\0\r\n\t\u2028😀\ud800é'), '"\\x00\\r\\n\\t\\u2028\\U0001f600\\ud800\\xe9"');
  assert.equal(pyDocText('"""\\N{x}'), '\\"\\"\\"\\\\N{x}');
  assert.equal(pyDocText('données 😀\n'), 'données 😀\\n');
  assert.equal(pyComment('a\nb\rc\r\nd\0\u202e\u2028\x0c\x85 \\ "é"'), 'a\\nb\\rc\\r\\nd\\x00\\u202e\\u2028\\x0c\\x85 \\ "é"');
});

test('class names: reserved names get Model after them (before a dunder), the rest stay', () => {
  assert.equal(pythonClassName('Spirals'), 'Spirals');
  assert.equal(pythonClassName('json'), 'jsonModel');
  assert.equal(pythonClassName('__class__'), 'Model__class__');
  assert.equal(pythonClassName('stem_out'), 'stem_outModel'); // forward() keeps branch values in <layer>_out
  assert.equal(pythonClassName('model_input'), 'model_inputModel');
  for (const name of ['json', 'os', 'sys', 'time', 'dl', 'main', 'EPOCHS', 'x', 'nn', 'F', 'int', '__name__', 'lambda']) assert.ok(!isReservedClassName(pythonClassName(name)), name);
  assert.ok(!isPlainAttribute('training') && !isPlainAttribute('_modules') && !isPlainAttribute('__init__') && !isPlainAttribute('lambda'));
  assert.ok(isPlainAttribute('hidden1') && isPlainAttribute('Dense_2'));
});

const roundTripScript = String.raw`
import ast, io, json, sys, tokenize
cases = json.load(open(sys.argv[1]), strict=False)
out = []
for case in cases:
    literal = ast.literal_eval(case['literal'])
    doc = ast.literal_eval('"""' + case['doc'] + '"""')
    source = 'a = 1  # ' + case['comment'] + '\nb = 2\n'
    namespace = {}
    exec(compile(source, '<comment>', 'exec'), namespace)
    comments = [t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.COMMENT]
    out.append({'literal': literal, 'doc': doc, 'names': sorted(k for k in namespace if k != '__builtins__'), 'comments': len(comments)})
json.dump(out, open(sys.argv[2], 'w'))
`;

test('property: a literal and docstring text read back as the exact text in Python; a comment stays one comment on one line', { skip: noPython }, () => {
  const texts = fc.sample(fc.string({ unit: 'binary', maxLength: 12 }), { numRuns: 400, seed: 7 });
  texts.push('"""', '\\N{', '\\x', '\r\n', '\0', '\u2028\u2029\x85\x0c\x0b', 'a\ud800b\udfff', '😀', '"', '\\');
  const cases = texts.map((text) => ({ literal: pyString(text), doc: pyDocText(text), comment: pyComment(text) }));
  const results = pythonJson<{ literal: string; doc: string; names: string[]; comments: number }[]>(roundTripScript, cases);
  results.forEach((r, i) => {
    const label = JSON.stringify(texts[i]);
    assert.equal(r.literal, texts[i], `literal ${label}`);
    assert.equal(r.doc, texts[i], `docstring ${label}`);
    assert.deepEqual(r.names, ['a', 'b'], `comment ${label}`);
    assert.equal(r.comments, 1, `comment ${label}`);
  });
});

const namesScript = String.raw`
import io, json, sys, tokenize
files = json.load(open(sys.argv[1]))
out = []
for file in files:
    names, previous = set(), None
    for token in tokenize.generate_tokens(io.StringIO(file['text']).readline):
        if token.type == tokenize.NAME and not (previous is not None and previous.string == '.'):
            names.add(token.string)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            previous = token
    out.append(sorted(names))
json.dump(out, open(sys.argv[2], 'w'))
`;

test('the reserved class names cover every name model.py and train.py use (every example and catalog block)', { skip: noPython }, () => {
  const files: { label: string; text: string; className: string }[] = [];
  const plans = [
    ...['xor', 'circles', 'moons', 'plane', 'gaussians', 'spirals', 'iris', 'function-fit', 'char-model', 'char-lstm', 'digits-mlp', 'digits-cnn', 'digits-resnet', 'signal-cnn1d'].map((name) => ({ path: `examples/${name}.dlmodel`, trainName: undefined as string | undefined })),
    ...['image', 'pool', 'tokens', 'mae', 'adagrad', 'bce'].map((trainName) => ({ path: 'test/fixtures/export/catalog.dlmodel', trainName })),
    // mse and mae on class targets bring train.py's regression_targets; branches bring forward()'s kept values.
    ...['mse-one-hot', 'mae-binary', 'branches-unet', 'branches-inception'].map((name) => ({ path: `test/fixtures/export/${name}.dlmodel`, trainName: undefined as string | undefined })),
  ];
  for (const { path, trainName } of plans) {
    const plan = planFile(path, trainName === undefined ? {} : { trainName });
    const source = { text: readFileSync(fromRoot(path), 'utf8'), fileName: path };
    const { className, text } = generateModelPy(plan.model, source);
    files.push({ label: `${path} model.py`, text, className });
    for (const initFromFile of [false, true]) files.push({ label: `${path} ${trainName ?? ''} train.py`, text: generateTrainPy(plan, { className, source, initFromFile }), className });
  }
  // Layers held by key bring model.py's __setattr__.
  const keyedText = 'model K {\n  input [2]\n  training = dense(2)\n}\n';
  files.push({ label: 'keyed layers', ...generateModelPy(checkDocument(keyedText).models[0]!, { text: keyedText, fileName: 'k.dlmodel' }) });
  const names = pythonJson<string[][]>(namesScript, files.map((f) => ({ text: f.text })));
  let checked = 0;
  names.forEach((used, i) => {
    const file = files[i]!;
    const free = used.filter((name) => name !== file.className && !isReservedClassName(name));
    assert.deepEqual(free, [], `${file.label}: names a model's class could shadow`);
    checked += used.length;
  });
  assert.ok(checked > 1000, `${checked} names checked`);
});

test('no attribute of the installed nn.Module can be a layer attribute', { skip: noPython ?? torchMissing() }, () => {
  const names = pythonJson<string[]>(
    String.raw`
import json, sys, torch
m = torch.nn.Module()
json.dump(sorted(set(dir(m)) | set(vars(m)) | set(dir(torch.nn.Module))), open(sys.argv[2], 'w'))
`,
    {},
  );
  assert.ok(names.includes('training') && names.includes('forward'), 'the list is nn.Module\'s');
  assert.deepEqual(names.filter(isPlainAttribute), []);
});
