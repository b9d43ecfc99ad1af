// The torchvision architecture examples (MobileNetV2, DenseNet-121, GoogLeNet without aux heads,
// SqueezeNet 1.1, ResNet-18) check clean and match PyTorch exactly: output shape, trainable parameters,
// batch-norm running statistics, MACs, and the shape of every parameter and buffer tensor. The
// references come from scripts/reference/torchvision_architectures.py (torchvision's definitions
// written out in PyTorch; its published parameter counts asserted there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument, type ModelSummary } from '../../../core/analysis';
import { layerEntry } from '../../../core/analysis/catalog';
import { fromRoot } from '../../helpers/paths';

interface TorchvisionModel {
  readonly name: string;
  readonly file: string;
  readonly input: number[];
  readonly output: number[];
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly parameterShapes: Record<string, number>;
  readonly bufferShapes: Record<string, number>;
}

const reference = JSON.parse(readFileSync(fromRoot('test/fixtures/architectures/torchvision.json'), 'utf8')) as { models: TorchvisionModel[] };

/** How many tensors of each shape (in PyTorch's layout) the model's layers declare, trainable or not (PyTorch's parameters / running statistics). */
function tensorShapes(model: ModelSummary, trainable: boolean): Record<string, number> {
  const counts = new Map<string, number>();
  for (const layer of model.layers) {
    if (layer.kind === 'add' || layer.kind === 'concat' || !layer.args || !layer.inputShape || !layer.outputShape) continue;
    const placed = { args: layer.args, input: layer.inputShape, inputs: [layer.inputShape], output: layer.outputShape };
    for (const tensor of layerEntry(layer.kind).parameters(placed).tensors) {
      if (tensor.trainable !== trainable) continue;
      const shape = tensor.torchLayout === 'transposed' ? [...tensor.shape].reverse() : tensor.shape;
      const key = `[${shape.join(', ')}]`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

test('the fixture holds the five architectures with torchvision\'s published parameter counts', () => {
  assert.deepEqual(
    reference.models.map((m) => [m.name, m.trainableParams]),
    [['MobileNetV2', 3_504_872], ['DenseNet121', 7_978_856], ['GoogLeNet', 6_624_904], ['SqueezeNet11', 1_235_496], ['ResNet18', 11_689_512]],
  );
});

for (const expected of reference.models) {
  test(`${expected.file} matches PyTorch: shapes, parameters, running statistics, MACs, every tensor's shape`, () => {
    const analysis = checkDocument(readFileSync(fromRoot(expected.file), 'utf8'));
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), [], 'the example is clean');
    const model = analysis.models[0]!;
    assert.equal(model.name, expected.name);
    assert.deepEqual(model.input, expected.input);
    assert.deepEqual(model.output, expected.output);
    assert.equal(model.trainableParams, BigInt(expected.trainableParams));
    assert.equal(model.nonTrainableParams, BigInt(expected.nonTrainableParams));
    assert.equal(model.macs, BigInt(expected.macs));
    assert.deepEqual(tensorShapes(model, true), expected.parameterShapes);
    assert.deepEqual(tensorShapes(model, false), expected.bufferShapes);
  });
}
