import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDocument } from '../../../core/analysis';
import { applyEdits } from '../../helpers/markers';

const policy = (model: string, train: string): string => `model Policy {\n${model}\n}\n\ntrain {\n${train}\n}\n`;
const codes = (text: string): string[] => checkDocument(text).diagnostics.map((d) => d.code);

test('a policy block needs no data and no loss, and records its environment and algorithm with defaults', () => {
  const analysis = checkDocument(policy('  input [4]\n  dense(2)', '  env: cartpole()\n  optimizer: adam(lr: 0.01)'));
  assert.deepEqual(analysis.diagnostics, []);
  const settings = analysis.trains[0]!.settings;
  assert.equal(settings.env?.name, 'cartpole');
  assert.deepEqual(settings.env?.observationShape, [4]);
  assert.equal(settings.env?.actions, 2);
  assert.equal(settings.algorithm?.name, 'reinforce');
  assert.equal(settings.algorithm?.args.number('gamma'), 0.99);
  assert.equal(settings.algorithm?.args.text('baseline'), 'none');
  assert.equal(settings.episodes, 500);
});

test('the observation shape and action count follow the environment’s arguments', () => {
  assert.deepEqual(codes(policy('  input [2]\n  dense(4)', '  env: gridworld(observation: coordinates)\n  optimizer: adam(lr: 0.01)')), []);
  assert.deepEqual(codes(policy('  input [1]\n  dense(7)', '  env: bandit(arms: 7)\n  optimizer: adam(lr: 0.01)')), []);
  assert.deepEqual(codes(policy('  input [1]\n  dense(10)', '  env: bandit(arms: 7)\n  optimizer: adam(lr: 0.01)')), ['DL550']);
});

test('the fixes of DL549 and DL550 make the model fit the environment', () => {
  let text = policy('  input [3]\n  dense(16, activation: relu)\n  dense(3)\n  softmax()', '  env: cartpole()\n  optimizer: adam(lr: 0.01)');
  for (const code of ['DL549', 'DL550']) {
    const found = checkDocument(text).diagnostics.find((d) => d.code === code);
    assert.ok(found?.fixes?.[0], `${code} offers a fix`);
    text = applyEdits(text, found.fixes[0].edits);
  }
  assert.deepEqual(codes(text), []);
  assert.match(text, /input \[4\][\s\S]*dense\(2\)/);
});

test('baseline: value is accepted and asks for its value model (DL552) instead of being refused', () => {
  const analysis = checkDocument(policy('  input [4]\n  dense(2)', '  env: cartpole()\n  algorithm: reinforce(baseline: value)\n  optimizer: adam(lr: 0.01)'));
  assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['DL552']);
  assert.match(analysis.diagnostics[0]!.message, /value: Critic/);
});

test('a value model is resolved by name into the block’s settings; an unknown name is DL309 with a suggestion', () => {
  const text = (name: string): string =>
    'model Policy {\n  input [4]\n  dense(2)\n}\n\nmodel Critic {\n  input [4]\n  dense(1)\n}\n\ntrain {\n  model: Policy\n  value: ' + name + '\n  env: cartpole()\n  algorithm: reinforce(baseline: value)\n  optimizer: adam(lr: 0.01)\n}\n';
  const good = checkDocument(text('Critic'));
  assert.deepEqual(good.diagnostics, []);
  assert.equal(good.trains[0]!.settings.valueModel, 'Critic');
  const typo = checkDocument(text('Critc'));
  assert.deepEqual(typo.diagnostics.map((d) => d.code), ['DL309']);
  assert.match(typo.diagnostics[0]!.message, /Did you mean 'Critic'/i);
});
