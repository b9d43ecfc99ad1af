// The loss evaluators behind the landscape: the network's own (chunked like the training's
// evaluation, gradient by backpropagation), the fast dense-stack path (float32 rounding away from
// it), the value-only loss sums (equal to computeLoss), and flat parameter vectors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createLandscapeEvaluator,
  DenseStackEvaluator,
  denseStackPlan,
  NetworkLossEvaluator,
  parameterCount,
  parameterLayout,
  readParameters,
  writeParameters,
} from '../../../core/inspect';
import { lossSum, lossTerms } from '../../../core/inspect/loss-sums';
import { Random } from '../../../core/common/random';
import { comparesElements, computeLoss, type LossName, type LossSetting } from '../../../core/nn/losses';
import { defaultLoss } from '../../../core/nn/settings';
import * as t from '../../../core/tensor';
import { buildNetwork, perturbed, randomData, relativeError, spiralsText } from './inspect-helpers';

test('flat parameter vectors: layout in network.parameters order, read and write round-trip, length checks', () => {
  const network = buildNetwork(spiralsText);
  const layout = parameterLayout(network);
  assert.deepEqual(
    layout.map((s) => [s.name, s.layer, s.layerKind, s.role, s.offset, s.length, s.shape]),
    [
      ['dense_1.weight', 'dense_1', 'dense', 'weight', 0, 32, [2, 16]],
      ['dense_1.bias', 'dense_1', 'dense', 'bias', 32, 16, [16]],
      ['dense_2.weight', 'dense_2', 'dense', 'weight', 48, 256, [16, 16]],
      ['dense_2.bias', 'dense_2', 'dense', 'bias', 304, 16, [16]],
      ['dense_3.weight', 'dense_3', 'dense', 'weight', 320, 48, [16, 3]],
      ['dense_3.bias', 'dense_3', 'dense', 'bias', 368, 3, [3]],
    ],
  );
  assert.equal(parameterCount(network), 371);
  const theta = readParameters(network);
  assert.deepEqual(Array.from(theta.subarray(0, 32)), Array.from(network.parameters[0]!.tensor.data));
  const moved = theta.map((v, i) => v + i);
  const arrays = network.parameters.map((p) => p.tensor.data);
  writeParameters(network, moved);
  assert.deepEqual(Array.from(readParameters(network)), Array.from(moved));
  assert.ok(network.parameters.every((p, i) => p.tensor.data === arrays[i]), 'written in place');
  assert.throws(() => writeParameters(network, new Float32Array(3)), /3 values but model Spirals has 371 parameters/);
});

const losses: LossSetting[] = [
  { name: 'mse' },
  { name: 'mae' },
  { name: 'huber', delta: 0.7 },
  { name: 'smooth_l1', beta: 0.5 },
  { name: 'cross_entropy', labelSmoothing: 0 },
  { name: 'cross_entropy', weights: [0.5, 2, 1, 3.5], labelSmoothing: 0.15 },
  { name: 'nll' },
  { name: 'kl_div' },
  { name: 'binary_cross_entropy' },
  { name: 'hinge' },
];

test('loss sums equal computeLoss exactly (value-only, term for term)', () => {
  const random = new Random(5);
  for (const loss of losses) {
    const rows = 37;
    const classes = loss.name === 'cross_entropy' || loss.name === 'nll';
    const realTargets = comparesElements(loss.name) || loss.name === 'kl_div';
    const width = classes ? 4 : realTargets ? 3 : 1;
    const scores = Float32Array.from({ length: rows * width }, () => 3 * random.normal());
    scores[5] = 40; // a large logit
    const targets = realTargets ? Float32Array.from({ length: rows * width }, () => (loss.name === 'kl_div' ? random.uniform(0, 1) : random.normal())) : Int32Array.from({ length: rows }, () => random.int(classes ? width : 2));
    const label = JSON.stringify(loss);
    const expected = computeLoss(loss, scores, targets, rows).value;
    const actual = lossSum(loss, Float64Array.from(scores), targets, 0, rows, width) / lossTerms(loss, targets, rows, width);
    assert.equal(actual, expected, label);
    // A block of rows further into the data reads the targets of those rows.
    const targetWidth = realTargets ? width : 1;
    const blockTargets = targets.subarray(10 * targetWidth, 20 * targetWidth);
    const blockScores = Float64Array.from(scores.subarray(10 * width, 20 * width));
    const blockExpected = computeLoss(loss, scores.subarray(10 * width, 20 * width), blockTargets, 10).value;
    assert.equal(lossSum(loss, blockScores, targets, 10, 10, width) / lossTerms(loss, blockTargets, 10, width), blockExpected, `${label} block`);
  }
});

test('loss sums read class targets one-hot for the element-wise losses, as computeLoss does', () => {
  const scores = Float32Array.from([0.2, 0.9, -0.3, 1.4, 0.1, 0.5]);
  const targets = Int32Array.from([1, 0]);
  for (const loss of [{ name: 'mse' }, { name: 'huber', delta: 0.5 }] as const) {
    const expected = computeLoss(loss, scores, targets, 2).value;
    assert.equal(lossSum(loss, scores, targets, 0, 2, 3) / lossTerms(loss, targets, 2, 3), expected);
    assert.equal(lossSum(loss, scores.subarray(3), targets, 1, 1, 3) / lossTerms(loss, targets.subarray(1), 1, 3), computeLoss(loss, scores.subarray(3), targets.subarray(1), 1).value);
  }
});

test('the network evaluator: eval-mode loss as the training computes it, chunk by chunk; the network is left unchanged', () => {
  const network = buildNetwork(spiralsText);
  const data = randomData(network, 'cross_entropy', 300);
  const theta = readParameters(network);
  const before = theta.slice();
  const evaluator = new NetworkLossEvaluator(network, data, { chunk: 128 });
  const moved = perturbed(theta, 0.3, 2);
  const value = evaluator.loss(moved);
  // Independently: three chunks (128, 128, 44) through the network, each mean weighted by its rows.
  writeParameters(network, moved);
  let sum = 0;
  for (const [start, end] of [
    [0, 128],
    [128, 256],
    [256, 300],
  ] as const) {
    const output = network.forward(t.tensor(data.inputs.slice(start * 2, end * 2), [end - start, 2]), { training: false });
    sum += computeLoss(defaultLoss('cross_entropy'), output.logits.data, data.targets.slice(start, end), end - start).value * (end - start);
  }
  writeParameters(network, before);
  assert.equal(value, sum / 300);
  assert.deepEqual(Array.from(readParameters(network)), Array.from(before), 'parameters restored');
  // The same loss in one chunk, up to rounding.
  assert.ok(relativeError(new NetworkLossEvaluator(network, data).loss(moved), value) < 1e-6);
});

test('the network evaluator: the gradient is the backpropagated one, the same for any chunking, and matches finite differences', () => {
  const network = buildNetwork(spiralsText);
  const data = randomData(network, 'cross_entropy', 100);
  const theta = readParameters(network);
  const whole = new Float32Array(theta.length);
  const chunked = new Float32Array(theta.length);
  const value = new NetworkLossEvaluator(network, data).lossAndGradient(theta, whole);
  const chunkedValue = new NetworkLossEvaluator(network, data, { chunk: 7 }).lossAndGradient(theta, chunked);
  assert.ok(relativeError(chunkedValue, value) < 1e-6);
  const scale = Math.max(...whole.map(Math.abs));
  whole.forEach((g, i) => assert.ok(Math.abs(g - chunked[i]!) < 1e-5 * scale, `gradient ${i}`));
  assert.ok(network.parameters.every((p) => p.tensor.grad.every((g) => g === 0)), 'parameter gradients left at zero');
  // Central differences in float64 over the float32 loss: a few coordinates of the largest gradients.
  const evaluator = new NetworkLossEvaluator(network, data);
  const order = Array.from(whole.keys()).sort((a, b) => Math.abs(whole[b]!) - Math.abs(whole[a]!)).slice(0, 6);
  for (const i of order) {
    const h = 1e-2 * Math.max(Math.abs(theta[i]!), 0.1);
    const plus = theta.slice();
    const minus = theta.slice();
    plus[i] = theta[i]! + h;
    minus[i] = theta[i]! - h;
    const numeric = (evaluator.loss(plus) - evaluator.loss(minus)) / (plus[i] - minus[i]);
    assert.ok(Math.abs(numeric - whole[i]!) < 2e-2 * Math.abs(whole[i]!) + 1e-4, `∂L/∂θ${i}: ${numeric} vs ${whole[i]}`);
  }
});

const denseModels: Array<{ name: string; text: string; loss: LossName }> = [
  { name: 'relu/tanh, softmax, cross-entropy', text: spiralsText, loss: 'cross_entropy' },
  {
    name: 'every element-wise activation, mse',
    text: `model M {
  input [3]
  leaky_relu(slope: 0.2)
  dense(8, activation: gelu)
  dense(8, activation: elu)
  elu(alpha: 0.5)
  dropout(0.5)
  dense(6, activation: softplus)
  sigmoid()
  dense(5, activation: leaky_relu, bias: false)
  tanh()
  dense(2)
}
`,
    loss: 'mse',
  },
  { name: 'sigmoid output read as a logit, binary cross-entropy', text: 'model M {\n  input [4]\n  dense(7, activation: tanh)\n  flatten()\n  dense(1, activation: sigmoid)\n}\n', loss: 'binary_cross_entropy' },
  { name: 'sigmoid output read as is, mae', text: 'model M {\n  input [4]\n  dense(7, activation: relu)\n  dense(2, activation: sigmoid)\n}\n', loss: 'mae' },
  { name: 'linear score, hinge', text: 'model M {\n  input [5]\n  dense(9, activation: tanh)\n  relu()\n  dense(1)\n}\n', loss: 'hinge' },
];

for (const { name, text, loss } of denseModels) {
  test(`the fast dense evaluator agrees with the network's evaluation to float32 rounding: ${name}`, () => {
    const network = buildNetwork(text, 3);
    const data = randomData(network, loss, 600);
    const plan = denseStackPlan(network, defaultLoss(loss));
    assert.ok(plan, 'a dense stack');
    const exact = new NetworkLossEvaluator(network, data);
    const fast = new DenseStackEvaluator(plan, data, exact);
    const theta = readParameters(network);
    for (const [scale, seed] of [
      [0, 0],
      [0.2, 1],
      [1, 2],
      [3, 3],
    ] as const) {
      const point = scale === 0 ? theta : perturbed(theta, scale, seed);
      const a = fast.loss(point);
      const b = exact.loss(point);
      assert.ok(relativeError(a, b) < 1e-6, `θ* + ${scale}·noise: fast ${a} vs network ${b}`);
    }
  });
}

test('models without a dense-stack plan: convolutions, normalisation, embeddings, residual blocks, a softmax read as output', () => {
  const cases: Array<[string, LossName]> = [
    ['model M {\n  input [1, 4, 4]\n  conv2d(2, 3)\n  flatten()\n  dense(2)\n}\n', 'mse'],
    ['model M {\n  input [3]\n  dense(4)\n  batchnorm()\n  dense(2)\n}\n', 'mse'],
    ['model M {\n  input [3]\n  dense(4)\n  layernorm()\n  dense(2)\n}\n', 'mse'],
    ['model M {\n  input [6]\n  embedding(20, 4)\n  flatten()\n  dense(5)\n}\n', 'cross_entropy'],
    ['model M {\n  input [3]\n  residual {\n    dense(3)\n  }\n  dense(2)\n}\n', 'mse'],
    ['model M {\n  input [3]\n  dense(2)\n  softmax()\n}\n', 'mse'],
    ['model M {\n  input [3]\n  dense(4, activation: softmax)\n  dense(2)\n}\n', 'mse'],
  ];
  for (const [text, loss] of cases) assert.equal(denseStackPlan(buildNetwork(text), defaultLoss(loss)), undefined, text);
  assert.ok(denseStackPlan(buildNetwork('model M {\n  input [3]\n  dense(2)\n  softmax()\n}\n'), defaultLoss('cross_entropy')));
});

test('the landscape evaluator answers at θ* with the network itself, elsewhere with the fast path', () => {
  const network = buildNetwork(spiralsText);
  const data = randomData(network, 'cross_entropy', 300);
  const evaluator = createLandscapeEvaluator(network, data);
  assert.equal(evaluator.path, 'dense-fast');
  const exact = new NetworkLossEvaluator(network, data);
  const theta = readParameters(network);
  assert.equal(evaluator.loss(theta), exact.loss(theta));
  assert.equal(evaluator.centreLoss, exact.loss(theta));
  const moved = perturbed(theta, 0.5, 9);
  const plan = denseStackPlan(network, defaultLoss('cross_entropy'))!;
  assert.equal(evaluator.loss(moved), new DenseStackEvaluator(plan, data, exact).loss(moved));
  assert.equal(createLandscapeEvaluator(network, data, { fast: false }).path, 'network');
  const conv = buildNetwork('model M {\n  input [1, 4, 4]\n  conv2d(2, 3)\n  flatten()\n  dense(2)\n}\n');
  assert.equal(createLandscapeEvaluator(conv, randomData(conv, 'mse', 10)).path, 'network');
});
