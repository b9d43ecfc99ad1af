// The Latent manifold tab's data (core/train/manifold.ts), checked against independent references:
// the decoded grid equals a separate decoder model (the VAE's decoder layers copied into a model
// of their own) run by forwardEval on the grid's codes; the plane's points are the μ the whole
// forward pass computes; an autoencoder's 8-number code is shown by its principal components.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkDocument } from '../../../core/analysis';
import { runStreams } from '../../../core/common/random';
import { Network } from '../../../core/nn/network';
import * as t from '../../../core/tensor';
import { latentNode, LatentRecorder, ManifoldRecorder, recordsManifold } from '../../../core/train';
import { isLatentData } from '../../../protocol/validate-run-record';
import { fromRoot } from '../../helpers/paths';
import { planText, startRun } from '../../helpers/training';

const example = (name: string): string => readFileSync(fromRoot('examples', name), 'utf8');

/** The digits VAE's decoder as a model of its own: the layers after `code = reparameterize()`. */
const decoderText = `model Decoder {
  input [2]
  dense(64, activation: relu)
  dense(64)
  sigmoid()
}`;

const close = (a: number, b: number, tolerance: number): boolean => Math.abs(a - b) <= tolerance;

test('the VAE’s decoded grid equals a separate decoder model on the grid’s codes; points are μ', () => {
  const run = startRun(planText(example('digits-vae.dlmodel'), { epochs: 3 }));
  assert.ok(recordsManifold(run));
  assert.equal(run.plan.model.graph.nodes[latentNode(run.plan.model)!]!.layer.name, 'code');
  const recorder = new ManifoldRecorder(run, { grid: 7 });
  for (const event of run.events()) if (event.type === 'epoch' && recorder.keeps(event.epoch)) recorder.capture(event.epoch);
  const data = recorder.snapshot();
  assert.equal(data.variational, true);
  assert.equal(data.latentSize, 2);
  assert.deepEqual(data.image, { channels: 1, height: 8, width: 8 });
  assert.deepEqual(data.frames.map((f) => f.epoch), [1, 2, 3]);
  const frame = data.frames.at(-1)!;
  assert.equal(frame.explainedVariance, null, 'a 2-number code is the plane itself');

  // The reference decoder: its own network, the VAE's decoder weights copied in by layer order.
  const decoder = new Network(checkDocument(decoderText).models[0]!, runStreams(0).init);
  const code = latentNode(run.plan.model)!;
  const vaeLayers = run.plan.model.graph.nodes.slice(code + 1).filter((node) => node.layer.kind === 'dense').map((node) => node.layer.name);
  assert.equal(vaeLayers.length, 2);
  ['dense_1', 'dense_2'].forEach((name, i) => {
    for (const part of ['weight', 'bias'] as const) decoder.stateOf(name)![part]!.data.set(run.network.stateOf(vaeLayers[i]!)![part]!.data);
  });
  const { nx, ny, x, y } = frame.axes;
  const codes = new Float32Array(nx * ny * 2);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) codes.set([x[0] + ((x[1] - x[0]) * i) / (nx - 1), y[0] + ((y[1] - y[0]) * j) / (ny - 1)], 2 * (j * nx + i));
  const expected = Array.from(t.noGrad(() => decoder.forward(t.tensor(codes, [nx * ny, 2]), { training: false }).output.data));
  assert.equal(frame.decoded.length, nx * ny * 64);
  // Pixels are kept to 3 significant digits of the frame's largest (≤ 1): within 5e-4.
  frame.decoded.forEach((v, k) => assert.ok(close(v, expected[k]!, 5e-4), `pixel ${k}: ${v} vs ${expected[k]}`));

  // The points are μ (the first half of the reparameterize layer's input) of the validation samples.
  const n = frame.points.length / 2;
  assert.equal(n, run.data.validation.count);
  const mu = run.forwardEval(run.data.validation.inputs, n, (r) => Array.from({ length: n }, (_, s) => [r.latent!.data[4 * s]!, r.latent!.data[4 * s + 1]!]).flat());
  frame.points.forEach((p, k) => assert.ok(close(p, mu[k]!, 1e-3 * Math.max(1, Math.abs(mu[k]!))), `coordinate ${k}: ${p} vs ${mu[k]}`));
  // Reconstructions: the whole forward pass on the first validation samples.
  const shown = data.originals.length / 64;
  assert.equal(shown, 12);
  const whole = run.forwardEval(run.data.validation.inputs.subarray(0, shown * 64), shown, (r) => Array.from(r.output.data));
  frame.reconstructions.forEach((v, k) => assert.ok(close(v, whole[k]!, 5e-4)));
  assert.equal(data.labels!.length, n);
  assert.equal(data.classes, 10);
});

test('an autoencoder’s 8-number code: the bottleneck found, its principal plane decoded around the mean code', () => {
  const run = startRun(planText(example('digits-autoencoder.dlmodel'), { epochs: 2 }));
  const recorder = new ManifoldRecorder(run, { grid: 5 });
  for (const event of run.events()) if (event.type === 'epoch' && recorder.keeps(event.epoch)) recorder.capture(event.epoch);
  const data = recorder.snapshot();
  assert.equal(data.layer, 'code');
  assert.equal(data.variational, false);
  assert.equal(data.latentSize, 8);
  const frame = data.frames.at(-1)!;
  const [first, second] = frame.explainedVariance!;
  assert.ok(first >= second && first + second <= 1.0001 && second > 0);
  // The grid's centre cell (u, v) = (0, 0) only if the axes are symmetric, so decode the mean code
  // directly: the plane's (0, 0) is the mean code, whose decoding is the mean of nothing else.
  const n = frame.points.length / 2;
  let [sumU, sumV] = [0, 0];
  for (let s = 0; s < n; s++) [sumU, sumV] = [sumU + frame.points[2 * s]!, sumV + frame.points[2 * s + 1]!];
  assert.ok(Math.abs(sumU / n) < 1e-3 && Math.abs(sumV / n) < 1e-3, 'PCA coordinates are centred');
  assert.equal(frame.decoded.length, 25 * 64);
});

test('a convolutional autoencoder’s code is the named code layer, not the pooling of the same size before it', () => {
  const run = startRun(planText(example('digits-conv-autoencoder.dlmodel'), { epochs: 1 }));
  assert.equal(run.plan.model.graph.nodes[latentNode(run.plan.model)!]!.layer.name, 'code');
});

test('the latent snapshot carries the manifold (JSON round trip passes the guard); a classifier has none', () => {
  const run = startRun(planText(example('digits-vae.dlmodel'), { epochs: 2 }));
  const recorder = new LatentRecorder(run);
  for (const event of run.events()) if (event.type === 'epoch' && recorder.records(event.epoch)) recorder.capture(event.epoch);
  const snapshot = JSON.parse(JSON.stringify(recorder.snapshot())) as unknown;
  assert.ok(isLatentData(snapshot));
  assert.equal(snapshot.manifold?.frames.length, 2);
  assert.equal(snapshot.convolutions, undefined);
  // A broken grid (one decoded sample short) is refused.
  const broken = structuredClone(snapshot) as unknown as { manifold: { frames: { decoded: number[] }[] } };
  broken.manifold.frames[0]!.decoded.splice(0, 64);
  assert.equal(isLatentData(broken), false);
  const classifier = startRun(planText(example('digits-mlp.dlmodel'), { epochs: 1 }));
  assert.equal(recordsManifold(classifier), false);
});
