// IDE features over large expansions (issue 9): linear in the model, lists capped, counts exact.
// Costs are counted (reads of the layer list), never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument, type DocumentAnalysis, type LayerSummary } from '../../../core/analysis';
import * as ide from '../../../core/ide';
import { extractMarkers } from '../../helpers/markers';

/** The analysis with each model's layer list wrapped so that every read of an element is counted. */
function countingLayerReads(analysis: DocumentAnalysis): { analysis: DocumentAnalysis; reads: () => number } {
  let reads = 0;
  const models = analysis.models.map((model) => {
    const layers = new Proxy(model.layers as LayerSummary[], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    return { ...model, layers };
  });
  return { analysis: { ...analysis, models }, reads: () => reads };
}

function outlineReads(lines: number): number {
  const text = `model Long {\n  input [4]\n${'  relu()\n'.repeat(lines)}}\n`;
  const counted = countingLayerReads(checkDocument(text));
  const symbols = ide.documentSymbols(counted.analysis);
  assert.equal(symbols[0]!.children.length, lines + 1);
  return counted.reads();
}

test('the outline of a 20,000-line model reads each layer a few times, not once per statement', () => {
  const small = outlineReads(10_000);
  const large = outlineReads(20_000);
  assert.ok(large <= 4 * 20_000, `${large} reads of the layer list for 20,000 layers`);
  assert.ok(large / small <= 2.5, `10k → 20k lines: ${small} → ${large} reads`);
});

function hoverAt(textWithMarker: string): string {
  const { text, offsets } = extractMarkers(textWithMarker);
  return ide.hover(checkDocument(text), offsets[0]!)?.markdown ?? '';
}

test('hover on a layer repeated 20,000 times with a new shape each time lists a few shapes', () => {
  const markdown = hoverAt('model Grow {\n  input [1, 1, 1]\n  repeat 20000 { con<|>v2d(1, 1, padding: 1) }\n}\n');
  assert.match(markdown, /Repeated ×20000/);
  assert.match(markdown, /\| output \| \[1, 3, 3\], \[1, 5, 5\], .* … and 19,992 more \|/);
  assert.ok(markdown.length < 3000, `${markdown.length} characters`);
});

test('inlay hint tooltips of a repeated statement list a few copies', () => {
  const analysis = checkDocument('model M {\n  input [4]\n  repeat 1000 { relu() }\n}\n');
  const [hint] = ide.inlayHints(analysis);
  assert.ok(hint);
  assert.equal(hint.label, '×1000 → [4]');
  assert.match(hint.tooltip, /^relu_1, relu_2, .*relu_20, … and 980 more: 0 parameters in all$/);
});

test('hover, code lens and outline print parameter counts past 2^53 exactly', () => {
  const text = 'model Huge {\n  input [2]\n  dense(3002399751580331)\n}\n';
  const analysis = checkDocument(text);
  assert.match(ide.codeLenses(analysis)[0]!.title, /^9,007,199,254,740,993 params/);
  assert.match(ide.documentSymbols(analysis)[0]!.detail, /9,007,199,254,740,993 params/);
  assert.match(hoverAt(text.replace('dense(', 'den<|>se(')), /2·3002399751580331 \+ 3002399751580331 = 9,007,199,254,740,993/);
  assert.match(hoverAt(text.replace('model Huge', 'model <|>Huge')), /\| parameters \| 9,007,199,254,740,993 \(/);
});
