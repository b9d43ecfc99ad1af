// Model diff: a base model and five edited versions (widened, inserted, removed, repeat count,
// branch added), each with the exact rows and deltas a person counts by hand from the files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument, type ModelSummary } from '../../../core/analysis';
import { diffModels, type ModelDiff } from '../../../core/analysis/model-diff';
import { fromRoot } from '../../helpers/paths';

function modelOf(text: string): ModelSummary {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  return analysis.models[0]!;
}

const fixture = (name: string): string => readFileSync(fromRoot('test/fixtures/diff', `${name}.dlmodel`), 'utf8');

function diffWithBase(name: string): ModelDiff {
  return diffModels(modelOf(fixture('base')), modelOf(fixture(name)));
}

/** The rows that differ, as `change name(s) paramsDelta macsDelta`, for compact exact comparison. */
function differing(diff: ModelDiff): string[] {
  return diff.layers.filter((l) => l.change !== 'unchanged').map((l) => {
    const names = l.before && l.after && l.before.name !== l.after.name ? `${l.before.name}→${l.after.name}` : (l.before ?? l.after)!.name;
    return `${l.change} ${names} ${l.paramsDelta} ${l.macsDelta}`;
  });
}

// Base: conv 1→8 3×3 (80 params, 8·8·8·9 = 4,608 MACs), two conv 8→8 (584, 36,864 each),
// maxpool → [8, 4, 4], flatten 128, dense 128→32 (4,128), dense 32→10 (330): 5,706 params.
test('a model compared with itself has no difference', () => {
  const diff = diffWithBase('base');
  assert.deepEqual(differing(diff), []);
  assert.equal(diff.totals.unchanged, 7);
  assert.equal(diff.totals.paramsBefore, 5706n);
});

test('a widened dense layer changes its units and the next layer\'s parameters', () => {
  const diff = diffWithBase('widened');
  assert.deepEqual(differing(diff), ['changed hidden 4128 4096', 'changed dense_2 320 320']);
  assert.deepEqual(diff.layers.find((l) => l.before?.name === 'hidden')!.arguments, [{ name: 'units', before: '32', after: '64' }]);
  assert.equal(diff.totals.paramsAfter - diff.totals.paramsBefore, 4448n);
});

test('an inserted layer is one added row; later generated names are not mistaken for identity', () => {
  const diff = diffWithBase('inserted');
  assert.deepEqual(differing(diff), ['added dropout_1 0 0']);
  assert.deepEqual([diff.totals.added, diff.totals.removed, diff.totals.changed, diff.totals.unchanged], [1, 0, 0, 7]);
});

test('a removed pooling layer is one removed row and the layers after it see the larger shape', () => {
  const diff = diffWithBase('removed');
  assert.deepEqual(differing(diff), ['removed maxpool2d_1 0 0', 'changed flatten_1 0 0', 'changed hidden 12288 12288']);
  const flatten = diff.layers.find((l) => l.before?.name === 'flatten_1')!;
  assert.deepEqual([flatten.before!.outputShape, flatten.after!.outputShape], [[128], [512]]);
  assert.deepEqual(flatten.arguments, [], 'no argument changed: the input did');
});

test('a repeat count raised from 2 to 3 adds one copy of its body', () => {
  const diff = diffWithBase('repeat3');
  assert.deepEqual(differing(diff), ['added conv2d_4 584 36864']);
  assert.equal(diff.totals.layersAfter, 8);
});

test('an added branch and its merge are added rows; the layers after the merge see 12 channels', () => {
  const diff = diffWithBase('branched');
  assert.deepEqual(differing(diff), [
    'added trunk 0 0',
    'added side 36 2048', // 1×1 conv 8→4: 8·4 + 4 parameters, 8·8·4·8 MACs
    'added concat_1 0 0',
    'changed maxpool2d_1 0 0',
    'changed flatten_1 0 0',
    'changed hidden 2048 2048', // 64 more inputs × 32 units
  ]);
});

test('a layer keeps its identity by a name it was given, even when moved past another of its kind', () => {
  const before = modelOf('model M {\n  input [4]\n  a = dense(8)\n  b = dense(6)\n  dense(2)\n}\n');
  const after = modelOf('model M {\n  input [4]\n  b = dense(6)\n  a = dense(8)\n  dense(2)\n}\n');
  const rows = diffModels(before, after).layers.map((l) => `${l.change} ${l.before?.name ?? '-'} ${l.after?.name ?? '-'}`);
  // Either a or b must move; the given names keep one of them paired, never a with b.
  assert.ok(!rows.some((r) => r.includes(' a b') || r.includes(' b a')), rows.join('\n'));
});

test('a huge model is aligned in linear time and still pairs identical layers', () => {
  const body = (n: number): string => Array.from({ length: n }, () => '  dense(4)').join('\n');
  const before = modelOf(`model M {\n  input [4]\n${body(2500)}\n}\n`);
  const after = modelOf(`model M {\n  input [4]\n${body(2501)}\n}\n`);
  const diff = diffModels(before, after);
  assert.deepEqual([diff.totals.added, diff.totals.removed, diff.totals.unchanged], [1, 0, 2500]);
});
