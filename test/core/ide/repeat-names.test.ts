// Editor features on `repeat N as x` and names inside repeat: hover shows each copy's shape,
// completion offers the names visible inside the body (and not after it), formatting keeps `as x`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import * as ide from '../../../core/ide';
import { extractMarkers } from '../../helpers/markers';

const block = `model M {
  input [8, 4, 4]
  stem = conv2d(8, 1)
  repeat 3 as <|>x {
    batchnorm()
    relu()
    <|>new = conv2d(2, 3, padding: 1, bias: false)
    concat(<|>x, new, <|>)
  }
  conv2d(4, 1, from: <|>)
}
`;

const { text, offsets } = extractMarkers(block);
const [asName, newName, xRead, insideArgs, afterArgs] = offsets as [number, number, number, number, number];
// The completion spots are unfinished calls; hover and formatting read the finished text (same offsets up to them).
const finished = text.replace('concat(x, new, )', 'concat(x, new)').replace(', from: )', ')');
const analysis = checkDocument(finished);
const unfinished = checkDocument(text);

test('the finished example is clean', () => {
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), []);
});

test('hover on the as-name and on its use shows what each copy reads', () => {
  assert.match(ide.hover(analysis, asName)!.markdown, /^\*\*x\*\* — the input of each copy of this `repeat`.*: copy 1: \[8, 4, 4\], copy 2: \[10, 4, 4\], copy 3: \[12, 4, 4\]\.$/);
  assert.match(ide.hover(analysis, xRead)!.markdown, /^\*\*x\*\* — local to each copy of its repeat; copy 1: \[8, 4, 4\], copy 2: \[10, 4, 4\], copy 3: \[12, 4, 4\], read here as an input\.$/);
  assert.match(ide.hover(analysis, newName)!.markdown, /new_1/);
  assert.match(ide.hover(analysis, text.indexOf('repeat'))!.markdown, /^\*\*repeat\*\* 3 as x — .*reads its input as `x`; names given in the body are local to each copy\./);
});

test('completion inside the body offers the as-name and the names above; after the repeat it does not', () => {
  const inside = ide.completions(unfinished, insideArgs).map((c) => c.label);
  for (const name of ['input', 'stem', 'x', 'new']) assert.ok(inside.includes(name), `${name} in ${inside.join(', ')}`);
  const after = ide.completions(unfinished, afterArgs).map((c) => c.label);
  assert.ok(after.includes('stem'), after.join(', '));
  assert.ok(!after.includes('x') && !after.includes('new'), after.join(', '));
});

test('formatting keeps repeat N as x and changes nothing in a formatted body', () => {
  const messy = finished.replace('repeat 3 as x {', 'repeat   3   as x{');
  const formatted = ide.formatText(messy);
  assert.equal(formatted, finished);
});
