import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { codeActions } from '../../../core/ide/code-actions';
import { applyEdits } from '../../helpers/markers';

const model = (body: string): string => `model M {\n  input [4, 8, 8]\n${body}\n}\n`;
const warnings = (text: string) => checkDocument(text).diagnostics.filter((d) => d.code === 'DL409');

test('a conv2d or dense with a bias straight into batchnorm() warns, and the fix writes bias: false', () => {
  const cases = [
    ['  conv2d(8, 3, padding: same)\n  batchnorm()', '  conv2d(8, 3, padding: same, bias: false)\n  batchnorm()'],
    ['  conv2d(8, 3, bias: true)\n  bn = batchnorm()', '  conv2d(8, 3, bias: false)\n  bn = batchnorm()'],
    ['  flatten()\n  hidden = dense(16, activation: linear)\n  batchnorm()', '  flatten()\n  hidden = dense(16, activation: linear, bias: false)\n  batchnorm()'],
  ] as const;
  for (const [body, fixedBody] of cases) {
    const text = model(body);
    const [warning, ...others] = warnings(text);
    assert.ok(warning, body);
    assert.equal(others.length, 0);
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /bias: false/);
    const [action] = codeActions(checkDocument(text), warning.range);
    assert.ok(action, 'the warning offers a quick fix');
    const fixed = applyEdits(text, action.edits);
    assert.equal(fixed, model(fixedBody));
    assert.deepEqual(checkDocument(fixed).diagnostics, [], fixed);
  }
});

test('no DL409 when the bias is off, an activation or another layer sits between, or the pair crosses a block edge', () => {
  const quiet = [
    '  conv2d(8, 3, bias: false)\n  batchnorm()',
    '  conv2d(8, 3, activation: relu)\n  batchnorm()',
    '  conv2d(8, 3)\n  relu()\n  batchnorm()',
    '  conv2d(8, 3)\n  layernorm()',
    // Across a repeat edge the conv's output also reaches the next copy's batchnorm: not the same sequence.
    '  conv2d(4, 3, padding: same)\n  repeat 2 {\n    batchnorm()\n    conv2d(4, 3, padding: same)\n  }',
    // The residual body's last conv is summed with x before the batchnorm: its bias is not cancelled.
    '  residual { conv2d(4, 3, padding: same) }\n  batchnorm()',
  ];
  for (const body of quiet) assert.deepEqual(warnings(model(body)), [], body);
});

test('a pair inside repeat and residual bodies is reported once per written pair, not per copy', () => {
  const text = model('  repeat 3 {\n    residual {\n      conv2d(4, 3, padding: same)\n      batchnorm()\n    }\n  }');
  assert.equal(warnings(text).length, 1);
  const shortcut = model('  residual {\n    conv2d(4, 3, padding: same, bias: false)\n  } shortcut {\n    conv2d(4, 1)\n    batchnorm()\n  }');
  assert.equal(warnings(shortcut).length, 1);
});
