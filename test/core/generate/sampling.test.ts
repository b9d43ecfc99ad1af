// Sampling for `dlmodel generate` against PyTorch (test/fixtures/torch/sampling.json, written by
// scripts/reference/sampling_fixtures.py): two fixed character models — scores [V] and [5, V] —
// give the same next-character probabilities after temperature and top-k (1e-6), and the pure
// sampling function turns PyTorch's own scores into PyTorch's probabilities (1e-12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { Random } from '../../../core/common/random';
import { weightEntries } from '../../../core/export';
import { loadText } from '../../../core/data';
import { drawCategorical, encodeText, samplingProbabilities, TextGenerator, TokenWindow, type TextGenerationModel } from '../../../core/generate';
import { Network } from '../../../core/nn/network';
import { fromRoot } from '../../helpers/paths';

interface Tensor {
  readonly shape: number[];
  readonly data: number[];
}
interface SamplingCase {
  readonly window: number[];
  readonly temperature: number;
  readonly topK: number;
  readonly scores: Tensor;
  readonly probabilities: number[];
}
interface Fixture {
  readonly vocabulary: string[];
  readonly context: number;
  readonly models: { name: 'next' | 'all'; weights: Record<string, Tensor>; cases: SamplingCase[] }[];
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/sampling.json'), 'utf8')) as Fixture;

/** The twins of the script's PyTorch modules. */
const sources = {
  next: 'model Next {\n  input [5]\n  embedding(12, 4)\n  flatten()\n  dense(16, activation: relu)\n  dense(12)\n}\n',
  all: 'model All {\n  input [5]\n  embedding(12, 4)\n  dense(16, activation: relu)\n  dense(12)\n}\n',
};

function fixedModel(name: 'next' | 'all', weights: Record<string, Tensor>): TextGenerationModel {
  const analysis = checkDocument(sources[name], { documentFolder: '' });
  assert.deepEqual(analysis.diagnostics, []);
  const network = new Network(analysis.models[0]!, new Random(0));
  for (const entry of weightEntries(network)) {
    const tensor = weights[entry.name];
    assert.ok(tensor, `${entry.name} in the fixture`);
    assert.deepEqual(tensor.shape, entry.shape);
    entry.write(Float32Array.from(tensor.data));
  }
  return { network, info: { vocabulary: fixture.vocabulary, context: fixture.context, targets: name } };
}

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

for (const { name, weights, cases } of fixture.models) {
  test(`sampling (${name}): the model's next-character probabilities equal PyTorch's after temperature and top-k (1e-6)`, (context) => {
    const model = fixedModel(name, weights);
    let worst = 0;
    for (const c of cases) {
      const generator = new TextGenerator(model, { temperature: c.temperature, topK: c.topK, seed: 0 });
      generator.window.tokens.set(c.window);
      const difference = maxDifference(generator.nextProbabilities(), c.probabilities);
      assert.ok(difference <= 1e-6, `window ${c.window.join(',')} T ${c.temperature} k ${c.topK}: ${difference}`);
      worst = Math.max(worst, difference);
      const kept = c.probabilities.filter((p) => p > 0).length;
      if (c.topK > 0) assert.equal(kept, c.topK, 'top-k keeps k characters (no ties in these scores)');
    }
    context.diagnostic(`${cases.length} cases, largest probability difference ${worst.toExponential(2)}`);
  });
}

test('samplingProbabilities on PyTorch’s own scores equals torch.softmax after the top-k mask (1e-12)', () => {
  for (const { cases } of fixture.models) {
    for (const c of cases) {
      const ours = samplingProbabilities(Float32Array.from(c.scores.data), { temperature: c.temperature, topK: c.topK });
      assert.ok(maxDifference(ours, c.probabilities) <= 1e-12, `T ${c.temperature} k ${c.topK}`);
    }
  }
});

test('samplingProbabilities: temperature 0 is greedy, ties at the k-th score are kept, bad options are refused', () => {
  assert.deepEqual([...samplingProbabilities([1, 3, 3, 2], { temperature: 0, topK: 0 })], [0, 1, 0, 0]);
  const tied = samplingProbabilities([1, 3, 2, 2], { temperature: 1, topK: 2 });
  assert.equal(tied.filter((p) => p > 0).length, 3, 'both 2s tie with the 2nd largest: as `logits < topk(…)[-1]` masks');
  assert.ok(Math.abs(tied.reduce((a, b) => a + b, 0) - 1) < 1e-15);
  assert.throws(() => samplingProbabilities([1], { temperature: -1, topK: 0 }), /temperature/);
  assert.throws(() => samplingProbabilities([1], { temperature: 1, topK: 1.5 }), /top-k/);
});

test('drawCategorical: frequencies follow the probabilities, and a zero-probability index is never drawn', () => {
  const probabilities = [0.5, 0, 0.3, 0.2];
  const random = new Random(42);
  const counts = [0, 0, 0, 0];
  const draws = 20000;
  for (let i = 0; i < draws; i++) counts[drawCategorical(probabilities, random)]!++;
  assert.equal(counts[1], 0);
  // Five standard deviations of a binomial count: only a broken draw fails.
  probabilities.forEach((p, i) => assert.ok(Math.abs(counts[i]! - p * draws) <= 5 * Math.sqrt(draws * p * (1 - p)) + 1e-9, `index ${i}: ${counts[i]} of ${draws}`));
});

test('the same seed gives the same characters; another seed other characters', () => {
  const model = fixedModel('all', fixture.models[1]!.weights);
  const text = (seed: number): string => {
    const generator = new TextGenerator(model, { temperature: 1, topK: 0, seed });
    return Array.from({ length: 60 }, () => generator.next()).join('');
  };
  assert.equal(text(3), text(3));
  assert.notEqual(text(3), text(4));
});

test('the generation window is the training sample’s input: newline padding, reset after each line', () => {
  const text = 'the cat\nate a\n\nhat\n';
  const dataset = loadText(new TextEncoder().encode(text), 5);
  assert.ok(dataset.ok);
  const vocabulary = dataset.value.classNames!;
  const window = new TokenWindow(5, vocabulary.indexOf('\n'));
  const encoded = encodeText(vocabulary, text);
  assert.ok(encoded.ok);
  encoded.tokens.forEach((token, i) => {
    assert.deepEqual([...window.tokens], [...dataset.value.inputs.subarray(i * 5, (i + 1) * 5)], `before character ${i}`);
    window.push(token);
  });
  assert.deepEqual(encodeText(vocabulary, 'cat™ dog'), { ok: false, unknown: ['™', 'd', 'o', 'g'] });
});
