// The loss: key as a bare name or a call, its arguments, and the output/loss/data rules of the
// losses with arguments and of those that read log-probabilities (docs/language.md, section 8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { planTraining } from '../../../core/train';
import { applyEdits } from '../../helpers/markers';

const block = (model: string, data: string, loss: string): string => `model M {\n  input [MODEL_INPUT]\n${model}\n}\ntrain {\n  data: ${data}\n  loss: ${loss}\n  optimizer: adam()\n}\n`;
const classes = (loss: string, ending = '  dense(3)'): string => block(`  dense(8, activation: relu)\n${ending}`, 'spirals(classes: 3)', loss).replace('MODEL_INPUT', '2');
const regression = (loss: string, ending = '  dense(1)'): string => block(`  dense(8, activation: tanh)\n${ending}`, 'plane()', loss).replace('MODEL_INPUT', '2');

function findings(text: string): string[] {
  return checkDocument(text).diagnostics.map((d) => `${d.code} ${d.message}`);
}

test('a loss is a bare name or a call; both bind the catalog defaults', () => {
  for (const loss of ['cross_entropy', 'cross_entropy()', 'cross_entropy(label_smoothing: 0.1)', 'cross_entropy(weights: [1, 2, 0.5])']) assert.deepEqual(findings(classes(loss)), [], loss);
  for (const loss of ['huber', 'huber(delta: 0.25)', 'smooth_l1', 'smooth_l1(beta: 0)', 'mse()', 'mae']) assert.deepEqual(findings(regression(loss)), [], loss);
  const plan = (text: string) => {
    const result = planTraining(checkDocument(text));
    assert.ok(result.ok, result.ok ? '' : result.message);
    return result.plan.loss;
  };
  assert.deepEqual(plan(regression('huber')), { name: 'huber', delta: 1 });
  assert.deepEqual(plan(regression('smooth_l1(beta: 0.5)')), { name: 'smooth_l1', beta: 0.5 });
  assert.deepEqual(plan(classes('cross_entropy')), { name: 'cross_entropy', labelSmoothing: 0 });
  assert.deepEqual(plan(classes('cross_entropy(weights: [1, 2, 0.5], label_smoothing: 0.2)')), { name: 'cross_entropy', labelSmoothing: 0.2, weights: [1, 2, 0.5] });
});

test('wrong loss arguments are the usual argument diagnostics', () => {
  const first = (text: string): string => findings(text)[0] ?? 'nothing';
  assert.match(first(regression('huber(delta: 0)')), /^DL306 huber's delta must be a number > 0/);
  assert.match(first(regression('smooth_l1(beta: -1)')), /^DL306 smooth_l1's beta must be a number ≥ 0/);
  assert.match(first(classes('cross_entropy(label_smoothing: 1.5)')), /^DL306 cross_entropy's label_smoothing must be a number in \[0, 1\]/);
  assert.match(first(classes('cross_entropy(weights: 2)')), /^DL305 cross_entropy's weights must be a list of numbers > 0; got 2 — put it in brackets: \[2\]/);
  assert.match(first(classes('cross_entropy(weights: [1, 0, 2])')), /^DL306 cross_entropy's weights must be a number > 0; got 0/);
  assert.match(first(classes('cross_entropy(weights: [])')), /^DL305 .* the list is empty/);
  assert.match(first(classes('cross_entropy(smoothing: 0.1)')), /^DL302 Unknown argument 'smoothing' for cross_entropy/);
  assert.match(first(regression('hubr')), /^DL312 Unknown loss 'hubr' for train's loss — did you mean 'huber'\?/);
  assert.match(first(regression('hubr(delta: 2)')), /^DL312 Unknown loss 'hubr' — did you mean 'huber'\?/);
  assert.match(first(regression('"mse"')), /^DL305 .* write it without quotes: mse/);
  assert.match(first(regression('mse(2)')), /^DL311 mse takes no positional arguments/);
});

test('nll and kl_div read log-probabilities: DL530 unless the model ends in logsoftmax', () => {
  const [raw] = checkDocument(classes('nll')).diagnostics;
  assert.equal(raw?.code, 'DL530');
  assert.match(raw.message, /nll reads log-probabilities, but the model ends in raw scores .* end the model with logsoftmax\(\), or use cross_entropy/);
  // The fix: cross_entropy, which folds log-softmax in, and the file is clean.
  assert.deepEqual(findings(applyEdits(classes('nll'), raw.fixes![0]!.edits)), []);
  assert.match(findings(classes('nll', '  dense(3)\n  softmax()'))[0] ?? '', /^DL530 nll reads log-probabilities, but the model ends in softmax: probabilities are not their logarithms/);
  assert.match(findings(regression('kl_div'))[0] ?? '', /^DL530 kl_div reads log-probabilities/);
});

test('kl_div needs probability targets as wide as the output', () => {
  const onClasses = findings(classes('kl_div'));
  assert.ok(onClasses.some((f) => /^DL507 kl_div needs probability targets as wide as the output, but the data has 3 classes — use nll/.test(f)), onClasses.join('\n'));
  const wide = findings(regression('kl_div', '  dense(2)'));
  assert.ok(wide.some((f) => /^DL506 kl_div compares a distribution .* output \[2\], target \[1\]/.test(f)), wide.join('\n'));
});

test('class losses: weights per class, nll on the class count, element-wise losses on classes warn', () => {
  assert.match(findings(classes('cross_entropy(weights: [1, 2, 3, 4])'))[0] ?? '', /^DL531 cross_entropy has 4 class weights but the data has 3 classes/);
  assert.match(findings(classes('nll', '  dense(4)')).join('\n'), /DL505 The model outputs 4 scores but the data has 3 classes/);
  assert.match(findings(classes('huber'))[0] ?? '', /^DL508 huber is a regression loss but the data has 3 classes/);
  assert.match(findings(regression('cross_entropy(label_smoothing: 0.1)'))[0] ?? '', /^DL507 cross_entropy needs class targets/);
  assert.match(findings(regression('nll'))[0] ?? '', /^DL507 nll needs class targets/);
});

test('nll(weights: […]) binds one weight per class, as F.nll_loss(weight=…)', () => {
  assert.deepEqual(findings(classes('nll(weights: [1, 2, 0.5])', '  dense(3)\n  logsoftmax()')), []);
  const result = planTraining(checkDocument(classes('nll(weights: [1, 2, 0.5])', '  dense(3)\n  logsoftmax()')));
  assert.ok(result.ok, result.ok ? '' : result.message);
  assert.deepEqual(result.plan.loss, { name: 'nll', weights: [1, 2, 0.5] });
  assert.match(findings(classes('nll(weights: [1, 2])', '  dense(3)\n  logsoftmax()'))[0] ?? '', /^DL531 nll has 2 class weights but the data has 3 classes/);
});

test('logsoftmax() before cross_entropy: DL532 says cross_entropy applies log-softmax itself; the fix is nll', () => {
  const text = classes('cross_entropy', '  dense(3)\n  logsoftmax()');
  const [warning] = checkDocument(text).diagnostics;
  assert.equal(warning?.code, 'DL532');
  assert.equal(warning.severity, 'warning');
  assert.match(warning.message, /cross_entropy applies log-softmax itself \(as PyTorch's F\.cross_entropy does\)/);
  assert.deepEqual(findings(applyEdits(text, warning.fixes![0]!.edits)), []);
  assert.match(applyEdits(text, warning.fixes![0]!.edits), /loss: nll\n/);
  // As an activation argument too; weights stay (nll takes them); label smoothing has no nll twin, so no fix.
  const weighted = classes('cross_entropy(weights: [1, 2, 3])', '  dense(3, activation: logsoftmax)');
  const [onArgument] = checkDocument(weighted).diagnostics;
  assert.equal(onArgument?.code, 'DL532');
  assert.deepEqual(findings(applyEdits(weighted, onArgument.fixes![0]!.edits)), []);
  const [smoothed] = checkDocument(classes('cross_entropy(label_smoothing: 0.1)', '  dense(3)\n  logsoftmax()')).diagnostics;
  assert.equal(smoothed?.code, 'DL532');
  assert.deepEqual(smoothed.fixes ?? [], []);
  // A final softmax is read as probabilities of the scores before it: no warning.
  assert.deepEqual(findings(classes('cross_entropy', '  dense(3)\n  softmax()')), []);
});
