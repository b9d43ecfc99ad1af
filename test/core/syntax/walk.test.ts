import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dumpTree, forEachChild, nodePathAt, parse, type SyntaxNode } from '../../../core/syntax';
import { extractMarkers } from '../../helpers/markers';

/** `Kind` or `Kind:text` for each node of the path at the marked offset. */
function pathAt(textWithMarker: string): string[] {
  const { text, offsets } = extractMarkers(textWithMarker);
  const file = parse(text).file;
  return nodePathAt(file, offsets[0] as number).map((node) => {
    const slice = text.slice(node.range.start, node.range.end);
    return node.kind === 'Identifier' || node.kind === 'Name' || node.kind === 'Number' ? `${node.kind}:${slice}` : node.kind;
  });
}

test('forEachChild visits direct children in source order and stops at the first result', () => {
  const file = parse('model M {\n  input [2]\n  h = dense(16, activation: relu)\n}\ntrain { loss: mse }').file;
  const kinds: string[] = [];
  forEachChild(file, (child) => {
    kinds.push(child.kind);
    return undefined;
  });
  assert.deepEqual(kinds, ['Model', 'Train']);
  const model = file.items[0] as SyntaxNode;
  const modelChildren: string[] = [];
  forEachChild(model, (child) => void modelChildren.push(child.kind));
  assert.deepEqual(modelChildren, ['Identifier', 'Input', 'Layer']);
  const first = forEachChild(model, (child) => (child.kind === 'Input' ? child : undefined));
  assert.equal(first?.kind, 'Input');
});

test('nodePathAt gives the chain from the file to the innermost node', () => {
  assert.deepEqual(pathAt('model M {\n  input [2]\n  dense(16, activation: re<|>lu)\n}'), [
    'File',
    'Model',
    'Layer',
    'Call',
    'Argument',
    'Name:relu',
  ]);
  assert.deepEqual(pathAt('model M {\n  input [2]\n  h = den<|>se(16)\n}'), ['File', 'Model', 'Layer', 'Call', 'Identifier:dense']);
  assert.deepEqual(pathAt('model M {\n  input [3<|>2]\n}'), ['File', 'Model', 'Input', 'Shape', 'Number:32']);
  assert.deepEqual(pathAt('train { optimizer: adam(lr: 0.0<|>1) }'), ['File', 'Train', 'TrainEntry', 'Call', 'Argument', 'Number:0.01']);
  assert.deepEqual(pathAt('model M {\n  repeat 2 { residual { relu() } shortcut { tan<|>h() } }\n}'), [
    'File',
    'Model',
    'Repeat',
    'Residual',
    'Shortcut',
    'Layer',
    'Call',
    'Identifier:tanh',
  ]);
});

test('nodePathAt: a cursor right after a name is on that name; outside the text gives nothing', () => {
  assert.deepEqual(pathAt('model M {\n  dense(16, activation: relu<|>)\n}').slice(-1), ['Name:relu']);
  assert.deepEqual(pathAt('model M {\n  dense(<|>)\n}'), ['File', 'Model', 'Layer', 'Call']);
  assert.deepEqual(pathAt('<|>'), ['File']);
  assert.deepEqual(nodePathAt(parse('model').file, 99), []);
});

test('nodePathAt works on an unfinished call (completion while typing)', () => {
  assert.deepEqual(pathAt('model M {\n  input [2]\n  dense(16, act<|>\n}'), ['File', 'Model', 'Layer', 'Call', 'Argument', 'Name:act']);
});

test('dumpTree is readable and stable', () => {
  const dump = dumpTree(parse('model M {\n  input [2]\n  dense(3\n}').file);
  assert.equal(
    dump,
    [
      'File [0,33)',
      '  Model [0,33) name=M[6,7)',
      '    Block [8,33)',
      '      Input [12,21)',
      '        Shape [18,21) dims=2',
      '      Layer [24,31)',
      '        Call [24,31) callee=dense[24,29) args=[29,31) unclosed',
      '          Argument [30,31)',
      '            Number [30,31) 3 value=3 integer',
      '',
    ].join('\n'),
  );
});

test('walking a deeply nested tree does not overflow the stack', () => {
  const depth = 60;
  const text = `model M {\n  input [2]\n  dense(3, k: ${'['.repeat(depth)}1${']'.repeat(depth)})\n}`;
  const file = parse(text).file;
  const path = nodePathAt(file, text.indexOf('1]'));
  assert.equal(path[path.length - 1]?.kind, 'Number');
  assert.ok(path.length > depth);
  assert.ok(dumpTree(file).split('\n').length > depth);
});
