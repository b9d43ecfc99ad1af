// Attention's per-layer activation estimate (savedValues, read by core/train/memory.ts): causal
// without dropout the layer runs as the fused causalAttention op, which keeps the packed
// projection, the joined heads, the projection and the weights; otherwise the op-by-op chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { layerEntry } from '../../../core/analysis/catalog';
import { fromRoot } from '../../helpers/paths';

/** savedValues of every attention layer of the tiny GPT, its source edited by `edit`. */
function attentionSaved(edit: (source: string) => string): number[] {
  const source = edit(readFileSync(fromRoot('examples/tiny-gpt.dlmodel'), 'utf8'));
  const model = checkDocument(source, { documentFolder: '' }).models[0]!;
  return model.layers
    .filter((layer) => layer.kind === 'attention' && layer.args && layer.inputShape && layer.outputShape)
    .map((layer) => layerEntry(layer.kind).savedValues({ args: layer.args!, input: layer.inputShape!, inputs: [layer.inputShape!], output: layer.outputShape! }));
}

test('causal attention without dropout counts what the fused op keeps; the op-by-op chain otherwise', () => {
  const [length, width, heads] = [64, 64, 4];
  const fused = attentionSaved((source) => source);
  assert.deepEqual(fused, [5 * length * width + heads * length * length, 5 * length * width + heads * length * length]);
  const unfused = attentionSaved((source) => source.replace(/attention\(4, causal: true\)/g, 'attention(4)'));
  assert.deepEqual(unfused, [9 * length * width + 2 * heads * length * length, 9 * length * width + 2 * heads * length * length]);
  const dropping = attentionSaved((source) => source.replace(/attention\(4, causal: true\)/g, 'attention(4, causal: true, dropout: 0.1)'));
  assert.deepEqual(dropping, [9 * length * width + 4 * heads * length * length, 9 * length * width + 4 * heads * length * length]);
});
