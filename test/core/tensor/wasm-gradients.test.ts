// The fast backend on whole digits models with batch norm: examples/digits-resnet.dlmodel and a
// plain conv2d–batchnorm–relu ×3, global average pooling, dense(10). With the gemm summing the whole
// K in float32, digits-resnet's first minibatch gradients differed from the reference's by 2.5e-2
// of a tensor's largest value: a conv output ~4 float32 ulps off put one batch-norm output across
// relu's kink, and batch norm's backward pass spread that element over its whole channel. The gemm
// now sums blocks of at most 64 terms in float32 and adds them in float64, the bias gradients sum in
// float64, and the gradients agree to ~4e-7. (A kink can still fall between the two backends'
// roundings; 1e-4 leaves room for none here.) The convolutions have no bias: before batch norm its
// exact gradient is 0, so both backends' values are rounding noise and no relative comparison holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../../core/tensor';
import { planFile, planText, startRun } from '../../helpers/training';
import type { TrainPlan } from '../../../core/train';

const plainModel = `model DigitsBN {
  input [1, 8, 8]
  conv2d(16, 3, padding: same, bias: false)
  batchnorm()
  relu()
  conv2d(32, 3, padding: same, bias: false)
  batchnorm()
  relu()
  conv2d(32, 3, padding: same, bias: false)
  batchnorm()
  relu()
  globalavgpool2d()
  dense(10)
}

train {
  data: digits()
  loss: cross_entropy
  optimizer: sgd(lr: 0.01)
  batch: 32
  epochs: 1
  seed: 0
}
`;

/** Every parameter's gradient after the first minibatch's backward pass, with `backend`. */
function firstGradients(plan: TrainPlan, backend: t.KernelBackend): Map<string, Float32Array> {
  const previous = t.kernelBackend();
  t.setKernelBackend(backend);
  try {
    const run = startRun(plan);
    const gradients = new Map<string, Float32Array>();
    const optimizer = run.optimizer as { step(): void };
    // The first optimizer step sees the first minibatch's gradients: copy them, then stop the run.
    optimizer.step = () => {
      if (gradients.size === 0) for (const { name, tensor } of run.network.parameters) gradients.set(name, tensor.grad.slice());
    };
    for (const event of run.events()) {
      if (gradients.size > 0 || event.type === 'epoch') break;
    }
    assert.ok(gradients.size > 0, 'the run took a step');
    return gradients;
  } finally {
    t.setKernelBackend(previous);
  }
}

/** max |fast − reference| / max |reference| per tensor. */
function scaledDifferences(fast: Map<string, Float32Array>, reference: Map<string, Float32Array>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, ref] of reference) {
    const got = fast.get(name)!;
    let scale = 0;
    let difference = 0;
    for (let i = 0; i < ref.length; i++) {
      scale = Math.max(scale, Math.abs(ref[i]!));
      difference = Math.max(difference, Math.abs(got[i]! - ref[i]!));
    }
    out.set(name, scale > 0 ? difference / scale : difference);
  }
  return out;
}

const models: ReadonlyArray<readonly [string, () => TrainPlan]> = [
  ['examples/digits-resnet.dlmodel', () => planFile('examples/digits-resnet.dlmodel')],
  ['conv2d–batchnorm–relu ×3, globalavgpool2d, dense(10)', () => planText(plainModel)],
];

for (const [label, plan] of models) {
  test(`${label}: the first minibatch gradients of the fast and the reference kernels agree within 1e-4 of each tensor’s largest value`, (context) => {
    assert.equal(t.fastKernelsAvailable(), true);
    const reference = firstGradients(plan(), 'reference');
    const fast = firstGradients(plan(), 'fast');
    const differences = scaledDifferences(fast, reference);
    const worst = Math.max(...differences.values());
    context.diagnostic(`worst ${worst.toExponential(2)}: ${[...differences].map(([name, d]) => `${name} ${d.toExponential(1)}`).join(', ')}`);
    for (const [name, d] of differences) assert.ok(d <= 1e-4, `${name}: fast and reference gradients differ by ${d.toExponential(2)} of the tensor's largest value`);
  });
}
