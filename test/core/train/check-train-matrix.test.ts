// Whatever `check` accepts, `train` runs or refuses with a clear message: every loss of the catalog
// × every kind of data × every output unit and width. A combination that `check` passes without
// errors must build its run and train one epoch without throwing (a `failed` event such as DL605
// is a clear refusal too); the CLI must never answer it with an internal error (exit 70).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { losses } from '../../../core/analysis/catalog';
import { createRun, prepareRun } from '../../../core/train';
import { NodeFileAccess } from '../../../node/node-file-access';
import { repoRoot } from '../../helpers/paths';
import { planText } from '../../helpers/training';

interface DataKind {
  readonly name: string;
  readonly call: string;
  readonly input: string;
  /** Layers that turn a sample into a vector (flatten for images, embedding for tokens). */
  readonly prefix: readonly string[];
  /** Classes, or the width of a real target. */
  readonly width: number;
}

/** Data paths are relative to examples/, where the documents are checked. */
const dataKinds: readonly DataKind[] = [
  { name: 'two classes', call: 'moons(points: 40)', input: '[2]', prefix: [], width: 2 },
  { name: 'three classes', call: 'spirals(classes: 3, points: 60)', input: '[2]', prefix: [], width: 3 },
  { name: 'regression (plane)', call: 'plane(points: 40)', input: '[2]', prefix: [], width: 1 },
  { name: 'regression (function)', call: 'function("sin(x)", points: 40)', input: '[1]', prefix: [], width: 1 },
  { name: 'images (digits)', call: 'digits()', input: '[1, 8, 8]', prefix: ['flatten()'], width: 10 },
  { name: 'flat digits', call: 'digits(flat: true)', input: '[64]', prefix: [], width: 10 },
  { name: 'csv, text classes', call: 'csv("data/iris.csv", target: "species")', input: '[4]', prefix: [], width: 3 },
  { name: 'csv, numeric target', call: 'csv("data/iris.csv", target: "petal_width")', input: '[4]', prefix: [], width: 1 },
  { name: 'idx images', call: 'idx(images: "../test/fixtures/export/noise-images.idx", labels: "../test/fixtures/export/noise-labels.idx")', input: '[1, 8, 8]', prefix: ['flatten()'], width: 10 },
  { name: 'text tokens', call: 'text("data/tiny-corpus.txt", context: 4)', input: '[4]', prefix: ['embedding(40, 4)', 'flatten()'], width: 40 },
];

/** How the model ends after its last dense layer. */
const outputUnits: readonly { readonly name: string; readonly layers: readonly string[]; readonly denseActivation?: string }[] = [
  { name: 'none', layers: [] },
  { name: 'softmax', layers: ['softmax()'] },
  { name: 'sigmoid', layers: ['sigmoid()'] },
  { name: 'tanh', layers: ['tanh()'] },
  { name: 'relu (as dense activation)', layers: [], denseActivation: 'relu' },
];

function modelText(data: DataKind, loss: string, unit: (typeof outputUnits)[number], width: number): string {
  const activation = unit.denseActivation ? `, activation: ${unit.denseActivation}` : '';
  const layers = [...data.prefix, 'dense(6, activation: relu)', `dense(${width}${activation})`, ...unit.layers];
  return `model M {\n  input ${data.input}\n${layers.map((l) => `  ${l}\n`).join('')}}\ntrain {\n  data: ${data.call}\n  loss: ${loss}\n  optimizer: adam(lr: 0.01)\n  batch: 64\n  epochs: 1\n}\n`;
}

const fileAccess = new NodeFileAccess(repoRoot);
const options = { fileAccess, documentFolder: 'examples' };

interface Outcome {
  readonly combination: string;
  readonly checked: 'errors' | 'clean';
  readonly result?: 'trained' | 'refused' | 'failed event' | 'threw';
  readonly detail?: string;
}

/** Checks one document and, when it has no errors, trains it for one epoch through the core API. */
function checkThenTrain(combination: string, text: string): Outcome {
  const analysis = checkDocument(text, options);
  if (analysis.diagnostics.some((d) => d.severity === 'error')) return { combination, checked: 'errors' };
  try {
    const prepared = prepareRun(text, { ...options, memoryBudget: 2048 * 2 ** 20, raiseBudget: 'raise --memory' });
    if (!prepared.ok) return { combination, checked: 'clean', result: 'refused', detail: prepared.message };
    let last = '';
    for (const event of prepared.run.events()) last = event.type;
    return { combination, checked: 'clean', result: last === 'done' ? 'trained' : 'failed event', detail: last };
  } catch (error) {
    return { combination, checked: 'clean', result: 'threw', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** Every combination of loss, data, output unit and output width (1, 2 and the data's own width). */
function matrix(): { combination: string; text: string }[] {
  const all: { combination: string; text: string }[] = [];
  for (const loss of losses) {
    for (const data of dataKinds) {
      for (const unit of outputUnits) {
        for (const width of new Set([1, 2, data.width])) {
          all.push({ combination: `${loss.name} × ${data.name} × ${unit.name} × dense(${width})`, text: modelText(data, loss.name, unit, width) });
        }
      }
    }
  }
  return all;
}

test('every combination check accepts trains one epoch or is refused with a message, never throws', () => {
  const outcomes = matrix().map(({ combination, text }) => checkThenTrain(combination, text));
  const threw = outcomes.filter((o) => o.result === 'threw');
  const clean = outcomes.filter((o) => o.checked === 'clean');
  console.log(`matrix: ${outcomes.length} combinations, ${clean.length} pass check, ${clean.filter((o) => o.result === 'trained').length} trained, ${threw.length} threw`);
  assert.deepEqual(threw.map((o) => `${o.combination}: ${o.detail}`), []);
  // The matrix must exercise training, not only the checker: most clean combinations train.
  assert.ok(clean.filter((o) => o.result === 'trained').length > 50, 'too few combinations trained');
});

/** Legal-looking but extreme values of every train key and data argument, one at a time. */
const extremes: readonly { readonly name: string; readonly data?: string; readonly entries?: string; readonly optimizer?: string }[] = [
  { name: 'epochs 4294967296', entries: 'epochs: 4294967296' },
  { name: 'epochs 4294967296 of batch 1', entries: 'epochs: 4294967296\n  batch: 1' },
  { name: 'epochs 1e6', entries: 'epochs: 1000000' },
  { name: 'epochs 1e6 of batch 1', entries: 'epochs: 1000000\n  batch: 1' },
  { name: 'epochs 1e6 of batch 1 on digits', data: 'digits(flat: true)', entries: 'epochs: 1000000\n  batch: 1' },
  { name: 'epochs 1e300', entries: 'epochs: 1e300' },
  { name: 'batch 1e9', entries: 'batch: 1000000000' },
  { name: 'batch 1', entries: 'batch: 1' },
  { name: 'batch full', entries: 'batch: full' },
  { name: 'validation 0', entries: 'validation: 0' },
  { name: 'validation 0.999999', entries: 'validation: 0.999999' },
  { name: 'validation 0.5 of 2 points', data: 'moons(points: 2)', entries: 'validation: 0.5' },
  { name: 'seed 4294967295', entries: 'seed: 4294967295' },
  { name: 'lr 1e308', optimizer: 'adam(lr: 1e308)' },
  { name: 'lr 1e-308', optimizer: 'sgd(lr: 1e-308)' },
  { name: 'momentum 1e308', optimizer: 'sgd(lr: 0.1, momentum: 1e308, nesterov: true)' },
  { name: 'eps 1e308', optimizer: 'adam(eps: 1e308, weight_decay: 1e308)' },
  { name: 'beta2 0.9999999999', optimizer: 'adam(beta1: 0, beta2: 0.9999999999)' },
  { name: 'rmsprop momentum 1e308', optimizer: 'rmsprop(momentum: 1e308, alpha: 0)' },
  { name: 'schedule step every 1e9', entries: 'schedule: step(every: 1000000000, gamma: 1e308)' },
  { name: 'schedule cosine min_lr 1e308', entries: 'schedule: cosine(min_lr: 1e308)' },
  { name: 'points 1e9', data: 'moons(points: 1000000000)' },
  { name: 'points 1e300', data: 'moons(points: 1e300)' },
  { name: 'noise 1e308', data: 'moons(noise: 1e308)' },
  { name: 'spread 1e308', data: 'gaussians(spread: 1e308)' },
  { name: '1000 classes of 2 points', data: 'spirals(classes: 1000, points: 2)' },
  { name: 'function over ±1e308', data: 'function("x", from: -1e308, to: 1e308)' },
  { name: 'function overflowing', data: 'function("exp(x)^9", from: 0, to: 1000)' },
  { name: 'idx limit 4294967296', data: 'idx(images: "../test/fixtures/export/noise-images.idx", labels: "../test/fixtures/export/noise-labels.idx", limit: 4294967296)' },
];

function extremeText(extreme: (typeof extremes)[number]): string {
  const data = extreme.data ?? 'moons(points: 40)';
  const input = data.startsWith('digits') ? '[64]' : data.startsWith('idx') ? '[1, 8, 8]' : data.startsWith('function') ? '[1]' : '[2]';
  const prefix = data.startsWith('idx') ? '  flatten()\n' : '';
  const width = data.startsWith('digits') || data.startsWith('idx') ? 10 : data.startsWith('spirals') ? 1000 : data.startsWith('function') ? 1 : 2;
  const loss = data.startsWith('function') ? 'mse' : 'cross_entropy';
  return `model M {\n  input ${input}\n${prefix}  dense(4, activation: relu)\n  dense(${width})\n}\ntrain {\n  data: ${data}\n  loss: ${loss}\n  optimizer: ${extreme.optimizer ?? 'adam(lr: 0.01)'}\n${extreme.entries ? `  ${extreme.entries}\n` : ''}}\n`;
}

test('extreme values that check accepts start a run (first 50 events) or are refused with a message, never throw', () => {
  const threw: string[] = [];
  const outcomes = { 'check errors': 0, refused: 0, ran: 0 };
  for (const extreme of extremes) {
    const text = extremeText(extreme);
    if (checkDocument(text, options).diagnostics.some((d) => d.severity === 'error')) {
      outcomes['check errors']++;
      continue;
    }
    try {
      const prepared = prepareRun(text, { ...options, memoryBudget: 2048 * 2 ** 20, raiseBudget: 'raise --memory' });
      if (!prepared.ok) {
        outcomes.refused++;
        continue;
      }
      let pulled = 0;
      for (const event of prepared.run.events()) if (++pulled === 50 || event.type === 'failed') break;
      outcomes.ran++;
    } catch (error) {
      threw.push(`${extreme.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`extremes: ${extremes.length} cases, ${JSON.stringify(outcomes)}`);
  assert.deepEqual(threw, []);
});

test('epochs beyond 1,000,000 are a DL306 range error in check; a run of more than 10⁹ steps is refused', () => {
  const huge = checkDocument(extremeText({ name: 'huge', entries: 'epochs: 4294967296' }), options);
  assert.deepEqual(huge.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), ["DL306 train's epochs must be an integer from 1 to 1000000; got 4294967296"]);
  // 1,437 batches of one digit per epoch × 10⁶ epochs: the memory estimate refuses it first, createRun on its own too.
  const plan = planText(extremeText({ name: 'steps', data: 'digits(flat: true)', entries: 'epochs: 1000000\n  batch: 1' }), { documentFolder: 'examples' });
  const created = createRun(plan);
  assert.equal(created.ok, false);
  assert.match(!created.ok ? created.message : '', /^this run would take 1,437,000,000 steps \(epochs × batches per epoch\), more than 1,000,000,000 — use fewer epochs or a larger batch$/);
  const prepared = prepareRun(extremeText({ name: 'steps', data: 'digits(flat: true)', entries: 'epochs: 1000000\n  batch: 1' }), { ...options, memoryBudget: 2048 * 2 ** 20, raiseBudget: 'raise --memory' });
  assert.match(!prepared.ok ? prepared.message : '', /more than the 2\.0 GiB budget — use a smaller model, batch or number of steps/);
});
