// The Sequence tab's arithmetic in Node: the temperature softmax the slider reshapes (against a
// float64 softmax written out here), its entropy in bits, the top-k order, one head's attention
// map cut from the recorded window, and the character classes of the embedding plot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attentionMap, characterClass, entropyBits, temperatureSoftmax, topTokens, visibleCharacter } from '../../webview/tabs/sequence-data';

test('softmax(z / T): sums to 1, equals exp(z_i/T)/Σ exp(z_j/T), T → 0 approaches the argmax and T large flattens', () => {
  const logits = [2, -1, 0.5, 3];
  const direct = (t: number) => {
    const e = logits.map((z) => Math.exp(z / t));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  for (const t of [0.25, 1, 2.5]) temperatureSoftmax(logits, t).forEach((p, i) => assert.ok(Math.abs(p - direct(t)[i]!) < 1e-12));
  assert.ok(temperatureSoftmax(logits, 0.05)[3]! > 0.99999);
  assert.ok(Math.abs(entropyBits(temperatureSoftmax(logits, 1e4)) - 2) < 1e-3, 'four nearly equal choices: 2 bits');
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0.05, max: 5, noNaN: true }), (z, t) => {
      const p = temperatureSoftmax(z, t);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
      const h = entropyBits(p);
      assert.ok(h >= -1e-12 && h <= Math.log2(z.length) + 1e-9);
    }),
  );
});

test('entropy in bits and the top-k order (ties: the lower token first)', () => {
  assert.equal(entropyBits([0.5, 0.5]), 1);
  assert.equal(entropyBits([1, 0, 0]), 0);
  assert.deepEqual(topTokens([0.1, 0.4, 0.1, 0.4], 3), [{ token: 1, probability: 0.4 }, { token: 3, probability: 0.4 }, { token: 0, probability: 0.1 }]);
});

test('attentionMap cuts head h’s first n queries × n keys out of heads × T × T', () => {
  const context = 3;
  // Layer 0 has 2 heads: value = 100·head + 10·query + key.
  const values = Array.from({ length: 2 * 9 }, (_, i) => 100 * Math.floor(i / 9) + 10 * Math.floor((i % 9) / 3) + (i % 3));
  const sample = { tokens: [0, 1, 2], prompt: 2, logits: [], attention: [values] };
  assert.deepEqual(attentionMap({ context, layers: [{ name: 'a', heads: 2, causal: true }] }, sample, 0, 1, 2), [[100, 101], [110, 111]]);
});

test('character classes and visible whitespace', () => {
  assert.deepEqual(['a', 'Z', 'é', '7', ',', '—', ' ', '\n', '\t'].map(characterClass), ['letter', 'letter', 'letter', 'digit', 'punctuation', 'punctuation', 'whitespace', 'whitespace', 'whitespace']);
  assert.deepEqual([' ', '\n', 'q'].map(visibleCharacter), ['␣', '⏎', 'q']);
});
