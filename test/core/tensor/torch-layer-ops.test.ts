// The tensor ops of issue 11's layers against PyTorch (test/fixtures/torch/layer-ops.json, written
// by scripts/reference/torch_layer_fixtures.py): for each case the engine's forward output and the
// gradients of Σ output·upstream with respect to every floating-point input, compared per tensor
// within float32 tolerance (|a − b| ≤ 1e-5·max|b| + 1e-5·|b|; the script's --check puts PyTorch's
// own float32 error below 2e-7 of that scale).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as T from '../../../core/tensor';
import { fromRoot } from '../../helpers/paths';

interface FixtureTensor {
  readonly shape: number[];
  readonly data: number[];
}

interface LayerOpCase {
  readonly name: string;
  readonly op: string;
  readonly args: Record<string, unknown>;
  readonly inputs: Record<string, FixtureTensor>;
  readonly output: FixtureTensor;
  readonly upstream: FixtureTensor;
  readonly grads: Record<string, FixtureTensor>;
}

const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/torch/layer-ops.json'), 'utf8')) as { cases: LayerOpCase[] };

type Inputs = Record<string, T.Tensor>;
type Run = (inputs: Inputs, args: Record<string, unknown>) => T.Tensor;

const pair = (value: unknown): [number, number] => value as [number, number];
const int = (value: unknown): number => value as number;

/** Each fixture op as engine calls (the fixture's names are PyTorch's). */
const runners: Record<string, Run> = {
  conv2d: ({ x, weight, bias }, a) => T.conv2d(x!, weight!, bias, { stride: pair(a.stride), padding: pair(a.padding), dilation: pair(a.dilation), groups: int(a.groups) }),
  conv1d: ({ x, weight, bias }, a) => T.conv1d(x!, weight!, bias, { stride: int(a.stride), padding: int(a.padding), dilation: int(a.dilation), groups: int(a.groups) }),
  conv_transpose2d: ({ x, weight, bias }, a) => T.convTranspose2d(x!, weight!, bias, { stride: pair(a.stride), padding: pair(a.padding), outputPadding: pair(a.output_padding) }),
  upsample: ({ x }, a) => T.upsample(x!, { scale: pair(a.scale), mode: a.mode as T.UpsampleMode }),
  max_pool1d: ({ x }, a) => T.maxPool1d(x!, { kernel: int(a.kernel), stride: int(a.stride), padding: int(a.padding) }),
  avg_pool1d: ({ x }, a) => T.avgPool1d(x!, { kernel: int(a.kernel), stride: int(a.stride), padding: int(a.padding) }),
  max_pool2d_ceil: ({ x }, a) => T.maxPool2d(x!, { kernel: pair(a.kernel), stride: pair(a.stride), padding: pair(a.padding), ceilMode: true }),
  global_max_pool2d: ({ x }) => T.globalMaxPool2d(x!),
  global_avg_pool1d: ({ x }) => T.globalAvgPool1d(x!),
  adaptive_avg_pool2d: ({ x }, a) => T.adaptiveAvgPool2d(x!, pair(a.size)),
  permute: ({ x }, a) => T.permute(x!, a.axes as number[]),
  flatten: ({ x }, a) => T.flatten(x!, int(a.start)),
  concat: (inputs, a) => T.concat(Object.values(inputs), int(a.axis)),
  add_all: (inputs) => T.addAll(Object.values(inputs)),
  silu: ({ x }) => T.silu(x!),
  mish: ({ x }) => T.mish(x!),
  hardswish: ({ x }) => T.hardswish(x!),
  hardsigmoid: ({ x }) => T.hardsigmoid(x!),
  relu6: ({ x }) => T.relu6(x!),
  prelu: ({ x, weight }) => T.prelu(x!, weight!),
  log_softmax: ({ x }) => T.logSoftmax(x!),
};

function assertTensorClose(actual: T.Tensor | Float32Array, expected: FixtureTensor, what: string): void {
  const data = actual instanceof Float32Array ? actual : actual.data;
  if (!(actual instanceof Float32Array)) assert.deepEqual([...actual.shape], expected.shape, `${what}: shape`);
  assert.equal(data.length, expected.data.length, `${what}: length`);
  const scale = expected.data.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  for (let i = 0; i < data.length; i++) {
    const error = Math.abs(data[i]! - expected.data[i]!);
    const allowed = 1e-5 * scale + 1e-5 * Math.abs(expected.data[i]!);
    if (!(error <= allowed)) assert.fail(`${what}: element ${i} is ${data[i]}, PyTorch ${expected.data[i]} (error ${error.toExponential(2)}, allowed ${allowed.toExponential(2)})`);
  }
}

test('every op of layer-ops.json has a runner and every runner a case', () => {
  const ops = new Set(fixture.cases.map((c) => c.op));
  assert.deepEqual([...ops].sort(), Object.keys(runners).sort());
});

for (const c of fixture.cases) {
  test(`${c.name}: output and gradients equal PyTorch's`, () => {
    const inputs: Inputs = {};
    for (const [key, value] of Object.entries(c.inputs)) inputs[key] = T.tensor(Float32Array.from(value.data), value.shape, { requiresGrad: key in c.grads });
    const output = runners[c.op]!(inputs, c.args);
    assertTensorClose(output, c.output, 'output');
    T.backward(T.sum(T.mul(output, T.tensor(Float32Array.from(c.upstream.data), c.upstream.shape))));
    for (const [key, expected] of Object.entries(c.grads)) {
      const grad = inputs[key]!.grad;
      assert.ok(grad, `${key} received no gradient`);
      assertTensorClose(grad, expected, `gradient of ${key}`);
    }
  });
}
