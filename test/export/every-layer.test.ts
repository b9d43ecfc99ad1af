// Every entry of the catalog, the moment it exists: each layer's `example` (and each activation as
// an `activation:` value) in a one-layer model is checked clean, built, given one SGD step with a
// finite loss and gradients that match finite differences, then exported. In real PyTorch the
// model.py must hold the same tensors (names, shapes, count), compute the same eval-mode forward
// pass and take the same SGD step (training mode, dlmodel's dropout masks); the ONNX file must
// pass onnx.checker (full check) and onnxruntime must compute the same forward pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { checkDocument, type ModelSummary } from '../../core/analysis';
import { activations, layerEntry, layers } from '../../core/analysis/catalog';
import { Random, runStreams } from '../../core/common/random';
import { encodeSafetensors, exportOnnx, exportPytorch, weightEntries } from '../../core/export';
import { finalActivationLayer } from '../../core/export/pytorch';
import { Network } from '../../core/nn/network';
import * as t from '../../core/tensor';
import { fromRoot } from '../helpers/paths';
import { maxScaledDifference, onnxMissing, python, relative, scratch, torchMissing, writeFiles } from './helpers';

ort.env.wasm.numThreads = 1;

const rows = 3;
const seed = 5;
const lr = 0.1;

interface Case {
  readonly label: string;
  readonly text: string;
  /** Token ids in [0, tokens) when the model reads tokens. */
  readonly tokens?: number;
}

const modelText = (input: readonly number[], call: string): string => `model Example {\n  input [${input.join(', ')}]\n  ${call}\n}\n`;

/** Forms one example per entry cannot show: the other upsample mode, depthwise, `same` in 1-D, a U-Net's up-step with PyTorch's default init, ceil-mode max pooling, attention without its mask. */
const moreForms: readonly { readonly input: readonly number[]; readonly call: string }[] = [
  { input: [2, 3, 4], call: 'upsample(2)' },
  { input: [3, 5, 4], call: 'conv2d(6, 3, padding: same, groups: 3, bias: false)' },
  { input: [2, 7], call: 'conv1d(3, 5, padding: same)' },
  { input: [5, 3], call: 'lstm(4)' },
  { input: [5, 3], call: 'gru(4, return: last)' },
  { input: [4, 3, 3], call: 'conv_transpose2d(2, 2, stride: 2)' },
  { input: [4, 3, 3], call: 'conv_transpose2d(3, 3, stride: 2, padding: 1, output_padding: 1, init: glorot)' },
  { input: [2, 6, 7], call: 'maxpool2d(3, stride: 2, padding: 1, ceil_mode: true)' },
  { input: [5, 6], call: 'attention(3)' },
  { input: [3, 7], call: 'sinusoidal_positions()' },
];

const cases: Case[] = [
  ...layers.map((entry) => ({ label: `layer ${entry.name}: ${entry.example.call}`, text: modelText(entry.example.input, entry.example.call), ...(entry.example.tokens ? { tokens: entry.example.tokens } : {}) })),
  ...moreForms.map(({ input, call }) => ({ label: `form ${call}`, text: modelText(input, call) })),
  ...activations.map((entry) => ({ label: `activation: ${entry.name}`, text: modelText([5], `dense(3, activation: ${entry.name})`) })),
];

function checkedModel(text: string): ModelSummary {
  const analysis = checkDocument(text);
  assert.deepEqual(
    analysis.diagnostics.map((d) => `${d.code} ${d.message}`),
    [],
    'checkDocument is clean',
  );
  return analysis.models[0]!;
}

function sampleInputs(model: ModelSummary, tokens: number | undefined): Float32Array {
  const size = model.input!.reduce((p, d) => p * d, 1);
  const random = new Random(11);
  return Float32Array.from({ length: rows * size }, () => (tokens === undefined ? random.uniform(-1, 1) : random.int(tokens)));
}

function weightsR(model: ModelSummary): Float32Array {
  const size = model.output!.reduce((p, d) => p * d, 1);
  const random = new Random(13);
  return Float32Array.from({ length: rows * size }, () => random.uniform(-1, 1));
}

/** sum(output · r) in training mode with the run's dropout stream; gradients land in the parameters (and `input` when it is one). */
function trainingLoss(network: Network, input: t.Tensor, r: Float32Array): number {
  return new t.Tape().run(() => {
    for (const { tensor } of network.parameters) tensor.grad.fill(0);
    const { output } = network.forward(input, { training: true, random: runStreams(seed).dropout, noise: runStreams(seed).noise });
    const loss = t.sum(t.mul(output, t.tensor(r, output.shape)));
    // Nothing to differentiate in a model without parameters when the input is a constant.
    if (network.parameters.length > 0 || input.grad !== undefined) t.backward(loss);
    return loss.data[0]!;
  });
}

/** Analytic gradient against central differences on up to four elements of `values`. */
function assertGradient(label: string, values: Float32Array, gradient: Float32Array, loss: () => number): void {
  // Small enough that a ReLU kink or a max-pool switch is rarely crossed, large for float32 rounding.
  const h = 1e-3;
  const picks = [...new Set([0, Math.floor(values.length / 3), Math.floor((2 * values.length) / 3), values.length - 1])];
  for (const i of picks) {
    const kept = values[i]!;
    values[i] = kept + h;
    const up = loss();
    values[i] = kept - h;
    const down = loss();
    values[i] = kept;
    const numeric = (up - down) / (2 * h);
    assert.ok(Math.abs(numeric - gradient[i]!) <= 2e-3 + 2e-2 * Math.abs(gradient[i]!), `${label}[${i}]: backward ${gradient[i]} vs finite differences ${numeric}`);
  }
}

function ourForward(network: Network, inputs: Float32Array): { output: Float32Array; logits: Float32Array } {
  return new t.Tape().run(() =>
    t.noGrad(() => {
      const result = network.forward(t.tensor(inputs, [rows, ...network.model.input!]), { training: false });
      return { output: result.output.data.slice(), logits: result.logits.data.slice() };
    }),
  );
}

interface Prepared {
  readonly model: ModelSummary;
  readonly folder: string;
  readonly inputs: Float32Array;
  readonly r: Float32Array;
  readonly forward: { output: Float32Array; logits: Float32Array };
  readonly loss: number;
  /** Every tensor's PyTorch name and shape. */
  readonly state: [string, readonly number[]][];
  /** Every tensor after our SGD step, in PyTorch's names and layouts. */
  readonly updated: Map<string, Float32Array>;
  /** Every tensor before training, in PyTorch's names and layouts. */
  readonly initial: readonly { readonly name: string; readonly values: Float32Array }[];
  readonly onnxPath: string;
}

/** Builds, steps and exports one case (assertions about our side happen here). */
function prepare(c: Case, index: number): Prepared {
  const model = checkedModel(c.text);
  const inputs = sampleInputs(model, c.tokens);
  const r = weightsR(model);
  const initial = new Network(model, runStreams(seed).init);
  const forward = ourForward(initial, inputs);

  // Gradients: the input's (unless it holds token ids) and each parameter's, against finite differences.
  const probe = new Network(model, runStreams(seed).init);
  const input = c.tokens === undefined ? t.parameter(inputs.slice(), [rows, ...model.input!]) : t.tensor(inputs, [rows, ...model.input!]);
  const lossAt = (): number => trainingLoss(probe, input, r);
  assert.ok(Number.isFinite(lossAt()), 'the training loss is finite');
  if (c.tokens === undefined) assertGradient('input', input.data, (input as t.Parameter).grad.slice(), lossAt);
  for (const { name, tensor } of probe.parameters) {
    lossAt();
    assertGradient(name, tensor.data, tensor.grad.slice(), lossAt);
  }

  // One SGD step on a fresh copy: what PyTorch must reproduce.
  const stepped = new Network(model, runStreams(seed).init);
  const loss = trainingLoss(stepped, t.tensor(inputs, [rows, ...model.input!]), r);
  for (const { tensor } of stepped.parameters) for (let i = 0; i < tensor.size; i++) tensor.data[i] = tensor.data[i]! - lr * tensor.grad[i]!;
  const updated = new Map(weightEntries(stepped).map((entry) => [entry.name, entry.read().slice()]));

  const folder = scratch(`every-layer-${index}`);
  const exported = exportPytorch({ model, network: initial, source: { text: c.text, fileName: 'example.dlmodel' } });
  if (!exported.ok) throw new Error(exported.message);
  writeFiles(folder, exported.files);
  writeFileSync(
    join(folder, 'step.safetensors'),
    encodeSafetensors([
      ['inputs', { dtype: 'F32', shape: [rows, ...model.input!], data: inputs }],
      ['r', { dtype: 'F32', shape: [rows, ...model.output!], data: r }],
    ]),
  );
  const onnxPath = join(folder, 'model.onnx');
  writeFileSync(onnxPath, exportOnnx(initial, { docString: c.label }));
  const state = weightEntries(initial).map((entry): [string, readonly number[]] => [entry.name, entry.shape]);
  const initialValues = weightEntries(initial).map((entry) => ({ name: entry.name, values: entry.read().slice() }));
  return { model, folder, inputs, r, forward, loss, state, updated, initial: initialValues, onnxPath };
}

/**
 * The `fan` initialisation each layer declares is PyTorch's own (its reset_parameters reads the
 * fans off the weight: a ConvTranspose2d's fan_in is Cout·kh·kw, from weight.size(1)), and the
 * initial weights are spread over its whole default range ±1/√fan_in. A layer of several draws
 * (`fans`: attention's in_proj_weight and out_proj.weight) is checked draw by draw.
 */
function assertPytorchFans(ours: Prepared, theirs: Record<string, [number, number]>): void {
  const initial = new Map(ours.initial.map((entry) => [entry.name, entry.values]));
  for (const layer of ours.model.layers) {
    if (layer.kind === 'add' || !layer.args || !layer.inputShape || !layer.outputShape) continue;
    const { init } = layerEntry(layer.kind).parameters({ args: layer.args, input: layer.inputShape, inputs: [layer.inputShape], output: layer.outputShape });
    const draws = init.kind === 'fan' ? [{ ...init, weight: 'weight' }] : init.kind === 'fans' ? init.draws : [];
    for (const draw of draws) {
      const name = `${layer.name}.${draw.weight}`;
      assert.deepEqual([draw.fanIn, draw.fanOut], theirs[name], `${name}: fan_in and fan_out as PyTorch reads them`);
      if (draw.init !== 'default') continue;
      const bound = 1 / Math.sqrt(theirs[name]![0]);
      const largest = initial.get(name)!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      assert.ok(largest <= bound && largest >= 0.5 * bound, `${name}: initial weights reach ${largest}, PyTorch's default bound is ${bound}`);
    }
  }
}

const prepared = new Map<Case, Prepared | Error>();
for (const [i, c] of cases.entries()) {
  try {
    prepared.set(c, prepare(c, i));
  } catch (error) {
    prepared.set(c, error as Error);
  }
}
const ready = cases.filter((c) => !(prepared.get(c) instanceof Error));

interface TorchResult {
  readonly state: Record<string, number[]>;
  readonly parameters: number;
  /** PyTorch's fan_in and fan_out of each fresh Linear/Conv/ConvTranspose weight. */
  readonly fans: Record<string, [number, number]>;
  readonly output: number[];
  readonly logits: number[];
  readonly loss: number;
  readonly updated: Record<string, number[]>;
}

/** One Python process for every case (torch is imported once). */
function runTorch(): Map<Case, TorchResult> {
  const folder = scratch('every-layer-torch');
  const request = ready.map((c) => ({ folder: (prepared.get(c) as Prepared).folder, seed, lr }));
  writeFileSync(join(folder, 'request.json'), JSON.stringify(request));
  const result = spawnSync(python, [fromRoot('test/fixtures/export/check_layer.py'), join(folder, 'request.json'), join(folder, 'result.json')], { encoding: 'utf8', timeout: 600_000 });
  if (result.status !== 0) throw new Error(`check_layer.py failed (${result.status ?? result.signal}): ${result.stderr}`);
  const results = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8')) as TorchResult[];
  return new Map(ready.map((c, i) => [c, results[i]!]));
}
let torch: Map<Case, TorchResult> | Error | undefined;
try {
  torch = torchMissing() ? undefined : runTorch();
} catch (error) {
  torch = error as Error;
}

test('the catalog-wide test covers every layer and every activation', () => {
  assert.equal(cases.length, layers.length + activations.length + moreForms.length);
  for (const entry of layers) assert.ok(cases.some((c) => c.label.startsWith(`layer ${entry.name}:`)), entry.name);
});

for (const c of cases) {
  test(`${c.label}: checks clean, trains a step, gradients match finite differences`, () => {
    const result = prepared.get(c);
    if (result instanceof Error) throw result;
    assert.ok(Number.isFinite(result!.loss));
  });

  test(`${c.label}: PyTorch holds the same tensors, computes the same forward pass and SGD step`, { skip: torchMissing() }, (context) => {
    const ours = prepared.get(c);
    if (ours instanceof Error) throw ours;
    if (torch instanceof Error) throw torch;
    const theirs = torch!.get(c)!;
    assert.deepEqual(Object.entries(theirs.state), ours!.state, 'state_dict names and shapes');
    assert.equal(BigInt(theirs.parameters), ours!.model.trainableParams, 'trainable parameter count');
    assertPytorchFans(ours!, theirs.fans);
    const output = maxScaledDifference(ours!.forward.output, theirs.output);
    const logits = maxScaledDifference(ours!.forward.logits, theirs.logits);
    assert.ok(output <= 1e-5 && logits <= 1e-5, `forward: output ${output}, logits ${logits} of scale`);
    assert.ok(relative(ours!.loss, theirs.loss) <= 1e-5, `training loss ${ours!.loss} vs PyTorch ${theirs.loss}`);
    let worst = 0;
    for (const [name, values] of ours!.updated) {
      const difference = maxScaledDifference(values, theirs.updated[name]!);
      worst = Math.max(worst, difference);
      assert.ok(difference <= 1e-5, `${name} after one SGD step differs by ${difference} of its scale`);
    }
    context.diagnostic(`forward ${Math.max(output, logits).toExponential(2)}, step ${worst.toExponential(2)} of scale`);
  });

  test(`${c.label}: onnxruntime computes the same forward pass`, async () => {
    const ours = prepared.get(c);
    if (ours instanceof Error) throw ours;
    const { model, inputs, forward, onnxPath } = ours!;
    const session = await ort.InferenceSession.create(readFileSync(onnxPath));
    const tokens = c.tokens !== undefined;
    const input = tokens ? new ort.Tensor('int64', BigInt64Array.from(inputs, (v) => BigInt(v)), [rows, ...model.input!]) : new ort.Tensor('float32', inputs, [rows, ...model.input!]);
    const closing = finalActivationLayer(model) !== undefined;
    assert.deepEqual(session.outputNames, closing ? ['output', 'logits'] : ['output']);
    const results = await session.run({ input });
    const output = maxScaledDifference(results['output']!.data as Float32Array, forward.output);
    assert.ok(output <= 1e-5, `output differs by ${output} of its scale`);
    if (closing) {
      const logits = maxScaledDifference(results['logits']!.data as Float32Array, forward.logits);
      assert.ok(logits <= 1e-5, `logits differ by ${logits} of their scale`);
    }
  });
}

test('onnx.checker (full check) accepts every example', { skip: onnxMissing() }, () => {
  const files = ready.map((c) => (prepared.get(c) as Prepared).onnxPath);
  const script = 'import sys, onnx\nfor path in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(path), full_check=True)\nprint("checked", len(sys.argv) - 1)\n';
  const result = spawnSync(python, ['-c', script, ...files], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`checked ${files.length}`));
});
