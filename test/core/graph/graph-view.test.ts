// The graph view's description of a model (core/graph), built from the checker's analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { buildGraphView, layoutGraph, lightPalette, pickModel, renderGraphSvg, toDot, toMermaid, visibleGraph, type GraphView } from '../../../core/graph';
import { fromRoot } from '../../helpers/paths';

function viewOf(text: string, name?: string): GraphView {
  const analysis = checkDocument(text);
  const model = pickModel(analysis, name === undefined ? {} : { name });
  assert.ok(model, 'the text has the model');
  return buildGraphView(analysis, model);
}

const edgesOf = (view: GraphView): string[] => view.edges.map((e) => `${e.from}->${e.to} ${e.kind} ${e.label}`);
const branchRepeat = readFileSync(fromRoot('test/fixtures/graph/branch-repeat.dlmodel'), 'utf8');

test('a stack of layers is a chain from the input, each edge labelled with the shape it carries', () => {
  const view = viewOf('model M {\n  input [4]\n  hidden = dense(8, activation: relu)\n  dense(3)\n}\n');
  assert.deepEqual(view.nodes.map((n) => [n.id, n.kind, n.shape, n.params, n.output]), [
    ['in', 'input', '[4]', 0, false],
    ['n:hidden', 'dense', '[8]', 40, false],
    ['n:dense_2', 'dense', '[3]', 27, true],
  ]);
  assert.deepEqual(edgesOf(view), ['in->n:hidden flow [4]', 'n:hidden->n:dense_2 flow [8]']);
  assert.deepEqual(view.totals, { layers: 2, trainableParams: 67, nonTrainableParams: 0, macs: 56, parameterBytes: 268, input: '[4]', output: '[3]' });
});

test('each node points at its statement, so the editor can select it', () => {
  const text = 'model M {\n  input [4]\n  hidden = dense(8)\n}\n';
  const node = viewOf(text).nodes[1]!;
  assert.equal(text.slice(node.range.start, node.range.end), 'hidden = dense(8)');
});

test('from: branches, merge inputs and residual shortcuts are told apart from the main flow', () => {
  const view = viewOf(branchRepeat);
  const kinds = (to: string): string[] => view.edges.filter((e) => e.to === to).map((e) => `${e.from} ${e.kind}`);
  assert.deepEqual(kinds('n:narrow'), ['n:stem branch']);
  assert.deepEqual(kinds('n:joined'), ['n:wide merge', 'n:narrow merge']);
  // The first residual's sum: the body's end, then the identity shortcut from the residual's input.
  assert.deepEqual(kinds('n:add_1'), ['n:relu_2 flow', 'n:stem residual']);
  // The projection shortcut: its conv starts a branch at the residual's input; its end enters the sum.
  assert.deepEqual(kinds('n:conv2d_7'), ['n:joined branch']);
  assert.deepEqual(kinds('n:add_3'), ['n:conv2d_6 flow', 'n:conv2d_7 residual']);
});

test('repeat blocks are groups, one per instance of a nested repeat, with their parameters summed', () => {
  const view = viewOf(branchRepeat);
  assert.deepEqual(view.groups.map((g) => [g.id, g.label, g.parent ?? null, g.params]), [
    ['r0.0', 'repeat ×2', null, 1168],
    ['r1.0', 'repeat ×2', 'r0.0', 0],
    ['r1.1', 'repeat ×2', 'r0.0', 0],
  ]);
  const groupOf = (name: string): string | undefined => view.nodes.find((n) => n.name === name)?.group;
  assert.deepEqual(['conv2d_2', 'relu_1', 'relu_2', 'add_1', 'conv2d_3', 'relu_3', 'add_2', 'wide'].map(groupOf), ['r0.0', 'r1.0', 'r1.0', 'r0.0', 'r0.0', 'r1.1', 'r0.0', undefined]);
  const text = branchRepeat.slice(view.groups[1]!.range.start, view.groups[1]!.range.end);
  assert.equal(text, 'repeat 2 { relu() }');
});

test('folding a repeat draws one node for it, with its last shape and the edges around it redirected', () => {
  const view = viewOf(branchRepeat);
  const folded = visibleGraph(view, new Set(['r0.0']));
  const group = folded.nodes.find((n) => n.id === 'g:r0.0');
  assert.ok(group);
  assert.equal(group.title, 'repeat ×2 (8 layers)');
  assert.equal(group.detail, '[8, 16, 16] · 1,168 params');
  assert.ok(!folded.nodes.some((n) => n.node?.group?.startsWith('r1.')), 'the nested groups fold with it');
  const around = folded.edges.filter((e) => e.from === 'g:r0.0' || e.to === 'g:r0.0').map((e) => `${e.from}->${e.to}`);
  assert.deepEqual(around, ['n:stem->g:r0.0', 'g:r0.0->n:wide']);
  assert.deepEqual(folded.clusters, []);
  // Folding only an inner repeat keeps the outer frame.
  const inner = visibleGraph(view, new Set(['r1.0']));
  assert.deepEqual(inner.clusters.map((c) => c.group.id), ['r0.0', 'r1.1']);
  assert.equal(inner.nodes.find((n) => n.id === 'g:r1.0')?.cluster, 'r0.0');
});

test('a shape error is shown on its layer, and the layers after it are still drawn, joined in source order', () => {
  const view = viewOf('model M {\n  input [4]\n  dense(8)\n  conv2d(2, 3)\n  dense(2)\n}\n');
  const broken = view.nodes.find((n) => n.name === 'conv2d_1');
  assert.ok(broken);
  assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.severity]), [['DL401', 'error']]);
  assert.equal(broken.unknown, true);
  assert.equal(broken.shape, '?');
  assert.deepEqual(edgesOf(view).slice(1), ['n:dense_1->n:conv2d_1 unknown ', 'n:conv2d_1->n:dense_2 unknown ']);
  assert.equal(view.totals.output, '?');
});

test('a diagnostic inside a repeat goes to the first copy only; one outside every layer stays with the model', () => {
  const view = viewOf('model M {\n  input [0]\n  repeat 3 { dense(4, bogus: 1) }\n}\n');
  assert.deepEqual(view.nodes.filter((n) => n.diagnostics.length > 0).map((n) => [n.name, n.diagnostics.map((d) => d.code).join()]), [['dense_1', 'DL302']]);
  assert.deepEqual(view.diagnostics.map((d) => d.code), ['DL407']);
});

test('every layer of ResNet-style and VGG-16 examples is a node, every edge joins two nodes, and the layout places each', () => {
  for (const file of ['examples/vgg16.dlmodel', 'examples/digits-resnet.dlmodel', 'examples/digits-inception.dlmodel', 'test/fixtures/architectures/tiny-resnet.dlmodel']) {
    const analysis = checkDocument(readFileSync(fromRoot(file), 'utf8'));
    const model = analysis.models[0]!;
    const view = buildGraphView(analysis, model);
    assert.equal(view.nodes.length, model.layers.length + 1, file);
    const ids = new Set(view.nodes.map((n) => n.id));
    assert.equal(ids.size, view.nodes.length, `${file}: ids are unique`);
    for (const edge of view.edges) assert.ok(ids.has(edge.from) && ids.has(edge.to), `${file}: ${edge.from}->${edge.to}`);
    assert.equal(view.edges.filter((e) => e.kind !== 'flow').length > 0, file !== 'examples/vgg16.dlmodel', file);
    const layout = layoutGraph(visibleGraph(view, new Set()));
    for (const node of layout.nodes) assert.ok(Number.isFinite(node.x) && node.x >= 0 && node.y >= 0 && node.x + node.width <= layout.width + 1 && node.y + node.height <= layout.height + 1, `${file}: ${node.id} inside the picture`);
    // Top to bottom: every edge goes down.
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    for (const edge of layout.edges) assert.ok(byId.get(edge.from)!.y < byId.get(edge.to)!.y, `${file}: ${edge.from} above ${edge.to}`);
  }
});

test('the SVG escapes names and messages, and carries its own stylesheet only when given a palette', () => {
  const view = viewOf("model M {\n  input [4]\n  dense(8, bogus: 1)\n}\n");
  const layout = layoutGraph(visibleGraph(view, new Set()));
  const bare = renderGraphSvg(layout);
  assert.ok(bare.includes('&#39;bogus&#39;') && !bare.includes("'bogus'"), 'quotes in a message are escaped');
  assert.ok(!bare.includes('<style>'));
  assert.match(bare, /<title>DL302 error: /);
  assert.match(renderGraphSvg(layout, { palette: lightPalette }), /<style>/);
});

test('the golden Mermaid picture of a model with a branch and a repeat', () => {
  const expected = readFileSync(fromRoot('test/fixtures/graph/branch-repeat.mermaid.txt'), 'utf8');
  assert.equal(toMermaid(viewOf(branchRepeat)), expected);
});

test('DOT draws repeat groups as clusters and quotes every label', () => {
  const dot = toDot(viewOf(branchRepeat));
  assert.equal(dot.match(/subgraph cluster_/g)?.length, 3);
  assert.match(dot, /n12 \[label="joined = concat\\n\[8, 16, 16\]", shape=ellipse\]/);
  assert.match(dot, /n14 -> n15 \[label="\[16, 8, 8\]", style=dashed/);
});

test('the model is picked by name, else the one holding the cursor, else the first', () => {
  const analysis = checkDocument('model A {\n  input [2]\n  dense(2)\n}\nmodel B {\n  input [3]\n  dense(3)\n}\n');
  assert.equal(pickModel(analysis, { name: 'B' })?.name, 'B');
  assert.equal(pickModel(analysis, { name: 'C' }), undefined);
  assert.equal(pickModel(analysis, { offset: 40 })?.name, 'B');
  assert.equal(pickModel(analysis)?.name, 'A');
});
