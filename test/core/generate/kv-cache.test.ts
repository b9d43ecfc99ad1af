// The key/value cache against the full recompute it replaces: a causal-attention model with
// random weights must score every step of a long generation the same both ways (across newlines
// and the restart when a line fills the context), and sample the same text; models the cache
// cannot run one position at a time are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { AnchoredTextGenerator, cachedScorer, createTextGenerator, KeyValueCache, RecomputeScorer, TextGenerator, type TextGenerationModel } from '../../../core/generate';
import { Network } from '../../../core/nn/network';

const vocabulary = ['\n', ' ', 'a', 'b', 'c', 'd', 'e'];

function textModel(body: string, targets: 'next' | 'all' = 'all', context = 12): TextGenerationModel {
  const analysis = checkDocument(`model M {\n  input [${context}]\n  embedding(${vocabulary.length}, 16)\n${body}\n}\n`, { documentFolder: '' });
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors, []);
  return { network: new Network(analysis.models[0]!, new Random(7)), info: { vocabulary, context, targets } };
}

const gpt = (attention = 'attention(4, causal: true)') =>
  textModel(`  positional_embedding(12)
  sinusoidal_positions()
  repeat 2 {
    residual { layernorm(); ${attention} }
    residual { layernorm(); dense(32, activation: gelu); relu(); dropout(0.1); dense(16) }
  }
  layernorm()
  dense(${vocabulary.length})`);

test('the cache scores every step as the full recompute does, across newlines and context restarts', () => {
  const model = gpt();
  const options = { temperature: 1, topK: 0, seed: 5 };
  const newline = vocabulary.indexOf('\n');
  const cached = new AnchoredTextGenerator(model, cachedScorer(model)!, options);
  const recomputed = new AnchoredTextGenerator(model, new RecomputeScorer(model, newline), options);
  // Long enough to restart twice within one line (context 12), and a newline that starts again.
  const prompt = [2, 3, 4, 1, 5, 6, 2, 2, 3, 1, 4, 5, 6, 3, 2, 1, 4, 4, 5, 2, 3, 6, 1, 2, 0, 3, 4];
  let worst = 0;
  for (const token of prompt) {
    cached.feed([token]);
    recomputed.feed([token]);
    const [a, b] = [cached.nextScores(), recomputed.nextScores()];
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  }
  assert.ok(worst <= 1e-5, `largest score difference ${worst}`);
  let text = ['', ''];
  for (let i = 0; i < 60; i++) text = [text[0]! + cached.next(), text[1]! + recomputed.next()];
  assert.equal(text[0], text[1]);
});

test('the cache serves only causal-attention models trained on every position', () => {
  assert.ok(cachedScorer(gpt()) instanceof KeyValueCache);
  assert.ok(createTextGenerator(gpt(), { temperature: 1, topK: 0, seed: 1 }) instanceof AnchoredTextGenerator);
  assert.equal(cachedScorer(gpt('attention(4)')), undefined, 'attention without causal: true reads later positions');
  assert.equal(cachedScorer(textModel(`  lstm(16, return: sequences)\n  dense(${vocabulary.length})`)), undefined, 'an lstm carries a state the cache does not keep');
  const next = textModel(`  flatten()\n  dense(${vocabulary.length})`, 'next');
  assert.equal(cachedScorer(next), undefined);
  assert.ok(createTextGenerator(next, { temperature: 1, topK: 0, seed: 1 }) instanceof TextGenerator);
});
