// The layer under the cursor when the cursor sits in a line's indentation (where Go to Line and
// Home put it). Found by the real-VS-Code e2e (test/e2e/features/graph.mjs, check graph-b): with
// the cursor at column 1 of the shortcut's conv2d line in ResNet-18 the graph selected the
// residual block's sum, and on the XOR net's dense(2) line the step-through selected nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { buildGraphView, layoutGraph, visibleGraph } from '../../../core/graph';
import { statementCursorOffset } from '../../../core/ide';
import { layerAtOffset } from '../../../core/inspect/backprop';
import { buildBackpropTrace, planTraining } from '../../../core/train';
import { nodeAtOffset } from '../../../webview/graph/navigate';
import { fromRoot } from '../../helpers/paths';

/** The line holding `statement` (once in `text`): its text, its start offset. */
function lineOf(text: string, statement: string): { text: string; start: number } {
  const at = text.indexOf(statement);
  assert.ok(at >= 0 && text.indexOf(statement, at + 1) < 0, `"${statement}" occurs once`);
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return { text: text.slice(start, end < 0 ? undefined : end), start };
}

test('a cursor in the indentation counts as on the line\'s first character; elsewhere it stays', () => {
  assert.equal(statementCursorOffset('    conv2d(8, 3)', 100, 0), 104);
  assert.equal(statementCursorOffset('    conv2d(8, 3)', 100, 3), 104);
  assert.equal(statementCursorOffset('    conv2d(8, 3)', 100, 4), 104);
  assert.equal(statementCursorOffset('    conv2d(8, 3)', 100, 9), 109);
  assert.equal(statementCursorOffset('\t\tdense(2)', 10, 1), 12);
  assert.equal(statementCursorOffset('', 50, 0), 50, 'a blank line');
  assert.equal(statementCursorOffset('   ', 50, 2), 52, 'a line of spaces only');
  assert.equal(statementCursorOffset('dense(2)', 7, 0), 7, 'no indentation');
});

test('the graph selects the layer written on the line from its column 1, not the block around it', () => {
  const text = readFileSync(fromRoot('examples/resnet18.dlmodel'), 'utf8');
  const analysis = checkDocument(text);
  const view = buildGraphView(analysis, analysis.models[0]!);
  const layout = layoutGraph(visibleGraph(view, new Set()));
  const line = lineOf(text, 'conv2d(256, 1, stride: 2, bias: false)');
  const statement = text.indexOf('conv2d(256, 1, stride: 2, bias: false)');
  assert.equal(nodeAtOffset(layout, line.start)?.visible.node?.role, 'merge', 'the raw column-1 offset lies in the residual only');
  const picked = nodeAtOffset(layout, statementCursorOffset(line.text, line.start, 0));
  assert.equal(picked?.visible.node?.range?.start, statement);
  assert.equal(picked?.visible.node?.kind, 'conv2d');
});

test('the step-through focuses the layer written on the line from its column 1', () => {
  const text = readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8');
  const planned = planTraining(checkDocument(text, {}), {});
  assert.ok(planned.ok);
  const built = buildBackpropTrace(planned.plan);
  assert.ok(built.ok);
  const line = lineOf(text, 'dense(2)  #');
  assert.equal(layerAtOffset(built.trace, line.start), null, 'the raw column-1 offset is in no statement');
  const layer = layerAtOffset(built.trace, statementCursorOffset(line.text, line.start, 0));
  const owner = built.trace.tensors.find((t) => t.layer === layer);
  assert.equal(owner?.range?.start, text.indexOf('dense(2)  #'));
});
