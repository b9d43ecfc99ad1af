// The arrays the training step reads keep one V8 map from run to run, so a sweep's worker does not
// deoptimise and recompile the step on its next run's fresh arrays (issue 15 §4). The elements kind
// is read with V8's own natives, allowed for this test process only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';
import { objectArray } from '../../../core/common/object-array';
import { ownShape } from '../../../core/tensor/shape';
import * as t from '../../../core/tensor';

setFlagsFromString('--allow-natives-syntax');
// Compiled after the flag is set: the natives parse only in code compiled from here on.
const hasSmiElements = runInThisContext('(a) => %HasSmiElements(a)') as (a: readonly unknown[]) => boolean;
const hasObjectElements = runInThisContext('(a) => %HasObjectElements(a)') as (a: readonly unknown[]) => boolean;

/** [64, 10] stored as doubles, as a shape the analysis computed may be. */
function doubleShape(): number[] {
  const shape = [64.5, 10];
  shape[0] = 64;
  assert.ok(!hasSmiElements(shape), 'the test shape holds doubles');
  return shape;
}

test('a tensor made from a shape of doubles has a shape of small integers, equal to it', () => {
  const shape = doubleShape();
  for (const tensor of [t.tensor(new Float32Array(640), shape), t.zeros(shape), t.parameter(new Float32Array(640), shape)]) {
    assert.deepEqual(tensor.shape, [64, 10]);
    assert.ok(hasSmiElements(tensor.shape));
    assert.notEqual(tensor.shape, shape, 'the tensor owns its copy');
  }
});

test('ownShape keeps a dimension too large for a small integer as it is', () => {
  assert.deepEqual(ownShape([2 ** 31, 3]), [2 ** 31, 3]);
  assert.deepEqual(ownShape([2 ** 31 - 1]), [2 ** 31 - 1]);
  assert.deepEqual(ownShape([]), []);
});

test('objectArray is empty and holds objects from the start, before its first push', () => {
  const array = objectArray<Float32Array>();
  assert.equal(array.length, 0);
  assert.ok(hasObjectElements(array));
  array.push(new Float32Array(1));
  assert.equal(array.length, 1);
});
