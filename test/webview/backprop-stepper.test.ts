// The step-through's walk (webview/backprop/stepper.ts) and its link to the source
// (core/inspect/backprop/source-link.ts), on the real XOR trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../core/analysis';
import { layerAtOffset, type BackpropTrace } from '../../core/inspect/backprop';
import { buildBackpropTrace, planTraining } from '../../core/train';
import { backward, finishBackward, forward, gradientsSoFar, startCursor, step, valueShown } from '../../webview/backprop/stepper';
import { fromRoot } from '../helpers/paths';

const text = readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8');

function trace(): BackpropTrace {
  const planned = planTraining(checkDocument(text, {}), {});
  if (!planned.ok) throw new Error(planned.message);
  const result = buildBackpropTrace(planned.plan);
  if (!result.ok) throw new Error(result.message);
  return result.trace;
}

test('forward, backward and step walk one training step in order', () => {
  const xor = trace();
  const iteration = xor.optimizers[0]!.iterations[0]!;
  let cursor = startCursor();
  const v1 = xor.tensors.findIndex((x) => x.symbol === 'v1');
  assert.equal(valueShown(xor, cursor, v1), false);
  cursor = forward(xor, cursor);
  assert.equal(valueShown(xor, cursor, v1), true);
  // Backward first completes the forward pass, then takes one step at a time.
  cursor = backward(xor, cursor);
  assert.deepEqual(cursor, { optimizer: 0, iteration: 0, phase: 'forward', index: iteration.forward.length - 1 });
  cursor = backward(xor, cursor);
  assert.deepEqual([cursor.phase, cursor.index], ['backward', 0]);
  assert.equal(gradientsSoFar(xor, cursor).get(iteration.backward[0]!.scalar), iteration.backward[0]!.after);
  let presses = 1;
  while (backward(xor, cursor) !== cursor) {
    cursor = backward(xor, cursor);
    presses++;
  }
  assert.equal(presses, iteration.backward.length);
  assert.deepEqual(finishBackward(xor, cursor), cursor);
  cursor = step(xor, cursor);
  assert.equal(cursor.phase, 'update');
  cursor = step(xor, cursor);
  assert.deepEqual(cursor, { optimizer: 0, iteration: 1, phase: 'start', index: 0 });
  // Step from the start runs to the end of the backward pass first, then updates.
  assert.equal(step(xor, step(xor, cursor)).phase, 'update');
});

test("the cursor's line names its layer", () => {
  const xor = trace();
  assert.equal(layerAtOffset(xor, text.indexOf('dense(8')), 'dense_1');
  assert.equal(layerAtOffset(xor, text.indexOf('dense(2)') + 3), 'dense_2');
  assert.equal(layerAtOffset(xor, text.indexOf('train {')), null);
});
