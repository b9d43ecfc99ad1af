// The Convolutions tab's data (core/train/convolutions.ts): each conv layer's feature maps equal
// the layer's output in an independent eval forward pass on that image alone, and the filters are
// the first conv2d's weights (one input channel: the weight itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConvolutionRecorder, LatentRecorder, recordsConvolutions } from '../../../core/train';
import { isLatentData } from '../../../protocol/validate-run-record';
import { fromRoot } from '../../helpers/paths';
import { planText, startRun } from '../../helpers/training';

const example = (name: string): string => readFileSync(fromRoot('examples', name), 'utf8');

test('feature maps equal each conv layer’s output on that image; filters equal the first conv’s weights', () => {
  const run = startRun(planText(example('digits-cnn.dlmodel'), { epochs: 2 }));
  assert.ok(recordsConvolutions(run));
  const recorder = new ConvolutionRecorder(run, { maxImages: 3 });
  for (const event of run.events()) if (event.type === 'epoch' && recorder.keeps(event.epoch)) recorder.capture(event.epoch);
  const data = recorder.snapshot();
  assert.deepEqual(data.layers.map((l) => [l.name, l.shape, l.shown]), [['conv2d_1', [16, 8, 8], 16], ['conv2d_2', [32, 8, 8], 32]]);
  assert.deepEqual(data.filters, { layer: 'conv2d_1', count: 16, inputChannels: 1, rgb: false, height: 3, width: 3 });
  assert.equal(data.images.values.length, 3 * 64);
  assert.deepEqual(data.images.labels, Array.from(run.data.validation.targets.subarray(0, 3)));
  const frame = data.frames.at(-1)!;
  assert.equal(frame.epoch, 2);
  const weight = Array.from(run.network.stateOf('conv2d_1')!.weight!.data);
  const scale = Math.max(...weight.map(Math.abs));
  frame.filters.forEach((v, k) => assert.ok(Math.abs(v - weight[k]!) <= 5e-4 * scale, `filter value ${k}`));
  for (let image = 0; image < 3; image++) {
    const alone = run.forwardEval(run.data.validation.inputs.subarray(image * 64, (image + 1) * 64), 1, (r) => data.layers.map((l) => Array.from(r.activations.get(l.name)!.data)));
    data.layers.forEach((layer, i) => {
      const size = layer.shown * 64;
      const maps = frame.maps[i]!.slice(image * size, (image + 1) * size);
      const layerScale = Math.max(...frame.maps[i]!.map(Math.abs));
      maps.forEach((v, k) => assert.ok(Math.abs(v - alone[i]![k]!) <= 5e-3 * layerScale, `${layer.name} image ${image} value ${k}: ${v} vs ${alone[i]![k]}`));
    });
  }
});

test('channels beyond the cap are left out, images fit the value budget, and the record passes its guard', () => {
  const run = startRun(planText(example('digits-cnn.dlmodel'), { epochs: 1 }));
  const capped = new ConvolutionRecorder(run, { maxChannels: 8, mapValues: 2000 });
  capped.capture(1);
  const data = capped.snapshot();
  assert.deepEqual(data.layers.map((l) => l.shown), [8, 8]);
  // 2 layers × 8 channels × 64 values = 1,024 per image: one image fits 2,000.
  assert.equal(data.images.values.length, 64);
  const latent = new LatentRecorder(run);
  latent.capture(1);
  const snapshot = JSON.parse(JSON.stringify(latent.snapshot())) as unknown;
  assert.ok(isLatentData(snapshot));
  assert.equal(snapshot.convolutions?.frames.length, 1);
  assert.equal(recordsConvolutions(startRun(planText(example('digits-mlp.dlmodel'), { epochs: 1 }))), false);
});
