// IDE features on branches and merges: hover on a merge shows every input's shape, completion
// offers the names a statement may read, signature help knows the variadic inputs, and
// references/rename follow a name through from: and merges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import * as ide from '../../../core/ide';
import { applyEdits, extractMarkers } from '../../helpers/markers';

const source = `model Fire {
  input [1, 8, 8]
  squeeze = conv2d(4, 1, activation: relu)
  e1 = conv2d(8, 1, activation: relu)
  e3 = conv2d(8, 3, padding: same, from: squeeze, activation: relu)
  fire = concat(e1, e3)
  globalavgpool2d()
  dense(10)
}
`;

function at(textWithMarker: string): { text: string; offset: number; analysis: ReturnType<typeof checkDocument> } {
  const { text, offsets } = extractMarkers(textWithMarker);
  return { text, offset: offsets[0]!, analysis: checkDocument(text) };
}

test('hover on a merge shows each input with its shape, and on a branch the name it reads', () => {
  const merge = at(source.replace('fire = concat(', 'fire = con<|>cat('));
  const markdown = ide.hover(merge.analysis, merge.offset)?.markdown ?? '';
  assert.match(markdown, /\*\*fire\*\* · `concat`/);
  assert.match(markdown, /\| input 1 \| `e1` \[8, 8, 8\] \|/);
  assert.match(markdown, /\| input 2 \| `e3` \[8, 8, 8\] \|/);
  assert.match(markdown, /\| output \| \[16, 8, 8\] \|/);
  assert.match(markdown, /\| parameters \| 0 \|/);
  const branch = at(source.replace('e3 = conv2d', 'e<|>3 = conv2d'));
  assert.match(ide.hover(branch.analysis, branch.offset)?.markdown ?? '', /\| input \| \[4, 8, 8\] from `squeeze` \|/);
  const name = at(source.replace('concat(e1, e3)', 'concat(e1, e<|>3)'));
  assert.match(ide.hover(name.analysis, name.offset)?.markdown ?? '', /^\*\*e3\*\* · `conv2d` — output \[8, 8, 8\], read here as an input\.$/);
  // A merge whose inputs do not fit still shows what each one gives.
  const broken = at(source.replace('padding: same, from', 'from').replace('fire = concat(', 'fire = conc<|>at('));
  const brokenHover = ide.hover(broken.analysis, broken.offset)?.markdown ?? '';
  assert.match(brokenHover, /\| input 1 \| `e1` \[8, 8, 8\] \|/);
  assert.match(brokenHover, /\| input 2 \| `e3` \[8, 6, 6\] \|/);
});

test('completion inside from:, add( and concat( offers input and the names given above, nothing below', () => {
  const labels = (textWithMarker: string): string[] => {
    const { analysis, offset } = at(textWithMarker);
    return ide.completions(analysis, offset).map((c) => c.label);
  };
  assert.deepEqual(labels(source.replace('from: squeeze', 'from: <|>')), ['input', 'squeeze', 'e1']);
  const inMerge = labels(source.replace('concat(e1, e3)', 'concat(e1, <|>)'));
  assert.deepEqual(inMerge.slice(0, 4), ['input', 'squeeze', 'e1', 'e3']);
  assert.ok(inMerge.includes('axis:'), 'concat also takes axis:');
  assert.ok(!inMerge.includes('fire'), 'a statement cannot read its own name');
  const statements = labels(source.replace('  globalavgpool2d()', '  <|>'));
  assert.ok(statements.includes('add') && statements.includes('concat'), 'merges are offered where layers are');
  assert.ok(labels(source.replace('conv2d(8, 1, activation', 'conv2d(8, 1, <|>activation')).includes('from:'));
});

test('signature help: every positional argument of a merge is one of its inputs; axis by name', () => {
  const active = (textWithMarker: string): string => {
    const { analysis, offset } = at(textWithMarker);
    const help = ide.signatureHelp(analysis, offset)!;
    return help.label.slice(...help.parameters[help.activeParameter]!.range);
  };
  assert.equal(active(source.replace('concat(e1, e3)', 'concat(e1, e3, <|>)')), 'inputs…');
  assert.equal(active(source.replace('concat(e1, e3)', 'concat(e1, e3, ax<|>is: 0)')), 'axis: 0');
  const { analysis, offset } = at(source.replace('concat(e1, e3)', 'concat(<|>e1, e3)'));
  assert.equal(ide.signatureHelp(analysis, offset)?.label, 'concat(inputs…, axis: 0)');
});

test('references and rename follow a named output through from: and merges', () => {
  const { analysis, offset, text } = at(source.replace('squeeze = conv2d', 'sque<|>eze = conv2d'));
  const symbol = ide.symbolAt(analysis, offset);
  assert.equal(symbol?.occurrences.length, 2);
  const renamed = ide.rename(analysis, offset, 'squeezed');
  assert.ok(renamed.ok);
  const after = applyEdits(text, renamed.edits);
  assert.match(after, /squeezed = conv2d/);
  assert.match(after, /from: squeezed,/);
  assert.deepEqual(checkDocument(after).diagnostics, []);
  // From a use: the same symbol.
  const use = at(source.replace('concat(e1, e3)', 'concat(e<|>1, e3)'));
  assert.deepEqual(ide.symbolAt(use.analysis, use.offset)?.occurrences.length, 2);
});

test('inlay hints on merges show their output shape; formatting keeps from: and input as written', () => {
  const analysis = checkDocument(source);
  const hints = ide.inlayHints(analysis).map((h) => h.label);
  assert.ok(hints.includes('→ [16, 8, 8]'), hints.join(' | '));
  const messy = 'model M {\n  input [2]\n  a=dense(4,from:input)\n  b = dense(4 , from : input )\n  add( a,b )\n}\n';
  assert.equal(ide.formatText(messy), 'model M {\n  input [2]\n  a = dense(4, from: input)\n  b = dense(4, from: input)\n  add(a, b)\n}\n');
});
