import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueSet } from '../../../core/analysis/value-set';
import { modelInputValue } from '../../../core/analysis/summary';

test('a ValueSet holds the model input and node values, growing past its first size', () => {
  const set = new ValueSet();
  const added = [modelInputValue, 0, 63, 64, 1000, 100_000];
  for (const value of added) set.add(value);
  for (let value = modelInputValue; value <= 100_001; value++) assert.equal(set.has(value), added.includes(value), String(value));
});
