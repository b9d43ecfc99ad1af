// The editor features know the new convolution layers because they read the catalog: one check
// each for hover, completion and signature help.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import * as ide from '../../../core/ide';
import { extractMarkers } from '../../helpers/markers';

function at(textWithMarker: string): { analysis: ReturnType<typeof checkDocument>; offset: number } {
  const { text, offsets } = extractMarkers(textWithMarker);
  return { analysis: checkDocument(text), offset: offsets[0]! };
}

const decoder = 'model D {\n  input [16, 7, 7]\n  conv_transpose2d(8, 3, stride: 2, padding: 1, output_padding: 1)\n  upsample(2, mode: bilinear)\n}\n';

test('hover on conv_transpose2d shows its output, PyTorch weight layout formula and MACs', () => {
  const { analysis, offset } = at(decoder.replace('conv_transpose2d(', 'conv_trans<|>pose2d('));
  const markdown = ide.hover(analysis, offset)?.markdown ?? '';
  assert.match(markdown, /\*\*conv_transpose2d_1\*\* · `conv_transpose2d`/);
  assert.match(markdown, /\| output \| \[8, 14, 14\] \|/);
  assert.match(markdown, /\| parameters \| 3·3·16·8 \+ 8 = 1,160 \|/);
  // 16·8·3·3 weights meet each of the 7·7 input positions.
  assert.match(markdown, /\| MACs per sample \| 56,448 \|/);
});

test('completion offers the new layers at a statement start and upsample modes as values', () => {
  const { analysis, offset } = at('model M {\n  input [2, 40]\n  <|>\n}\n');
  const labels = ide.completions(analysis, offset).map((c) => c.label);
  for (const name of ['conv1d', 'maxpool1d', 'avgpool1d', 'globalavgpool1d', 'conv_transpose2d', 'upsample']) assert.ok(labels.includes(name), name);
  const modes = at('model M {\n  input [2, 4, 4]\n  upsample(2, mode: <|>)\n}\n');
  assert.deepEqual(
    ide.completions(modes.analysis, modes.offset).map((c) => c.label),
    ['nearest', 'bilinear'],
  );
  const groups = at('model M {\n  input [4, 20]\n  conv1d(8, 3, <|>)\n}\n');
  assert.ok(ide.completions(groups.analysis, groups.offset).some((c) => c.label === 'groups:'));
});

test('signature help walks conv_transpose2d’s arguments', () => {
  const { analysis, offset } = at(decoder.replace('output_padding: 1', 'output_pad<|>ding: 1'));
  const help = ide.signatureHelp(analysis, offset);
  assert.ok(help);
  assert.equal(help.label.slice(...help.parameters[help.activeParameter]!.range), 'output_padding: 0');
});
