// Shapes, parameter counts and MACs agree with PyTorch on well-known and edge-case architectures.
// The references come from scripts/reference/architectures.py, which builds each model in
// PyTorch independently and measures it (forward hooks, parameters(), buffers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { fromRoot } from '../../helpers/paths';

interface ReferenceLayer {
  kind: string;
  outputShape: number[];
  trainableParams: number;
  nonTrainableParams: number;
  macs: number;
}
interface ReferenceModel {
  name: string;
  file: string;
  input: number[];
  output: number[];
  trainableParams: number;
  nonTrainableParams: number;
  totalParams: number;
  macs: number;
  layers: ReferenceLayer[];
}

const folder = fromRoot('test/fixtures/architectures');
const reference = JSON.parse(readFileSync(`${folder}/reference.json`, 'utf8')) as { models: ReferenceModel[] };

test('the reference set covers at least ten architectures', () => {
  assert.ok(reference.models.length >= 10, `only ${reference.models.length}`);
});

for (const expected of reference.models) {
  test(`${expected.name} matches PyTorch layer by layer`, () => {
    const analysis = checkDocument(readFileSync(`${folder}/${expected.file}`, 'utf8'));
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.message), []);
    const model = analysis.models.find((m) => m.name === expected.name);
    assert.ok(model, `model ${expected.name} not found in ${expected.file}`);
    assert.deepEqual(model.input, expected.input);
    assert.deepEqual(model.output, expected.output);
    // The reference numbers are all below 2^53, so comparing them as numbers is exact.
    const actualLayers = model.layers.map((l) => ({ kind: l.kind, outputShape: l.outputShape, trainableParams: Number(l.trainableParams), nonTrainableParams: Number(l.nonTrainableParams), macs: Number(l.macs) }));
    assert.deepEqual(actualLayers, expected.layers);
    assert.equal(model.trainableParams, BigInt(expected.trainableParams));
    assert.equal(model.nonTrainableParams, BigInt(expected.nonTrainableParams));
    assert.equal(model.totalParams, BigInt(expected.totalParams));
    assert.equal(model.macs, BigInt(expected.macs));
  });
}
