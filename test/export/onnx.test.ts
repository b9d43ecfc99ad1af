// The ONNX export: every example model (VGG-16 aside: 553 MB of weights) and every model of the
// catalog fixture, with initial weights and — for the batch-norm models — weights and running
// statistics after an epoch of training. ONNX's own checker (Python onnx, full_check: shape
// inference too) must accept each file, and onnxruntime (onnxruntime-web, WebAssembly, from npm)
// must reproduce dlmodel's eval-mode forward pass within 1e-5 of the output's scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { checkDocument, type ModelSummary } from '../../core/analysis';
import { Random, runStreams } from '../../core/common/random';
import { buildDataSet } from '../../core/data';
import { buildExport, exportOnnx, onnxOpset } from '../../core/export';
import { finalActivationLayer } from '../../core/export/pytorch';
import { Network } from '../../core/nn/network';
import * as t from '../../core/tensor';
import { createRun, type TrainPlan } from '../../core/train';
import { NodeFileAccess } from '../../node/node-file-access';
import { fromRoot, repoRoot } from '../helpers/paths';
import { planFile } from '../helpers/training';
import { maxScaledDifference, onnxMissing, python, scratch } from './helpers';

ort.env.wasm.numThreads = 1;

interface Case {
  readonly label: string;
  readonly network: Network;
  /** Inputs [rows, ...input shape] as dlmodel reads them (token ids as floats). */
  readonly inputs: Float32Array;
  readonly rows: number;
}

const rows = 16;

function dataRows(plan: TrainPlan): Float32Array {
  const built = buildDataSet(plan.data, runStreams(plan.seed).data);
  if (!built.ok) throw new Error(built.error.message);
  return built.value.inputs.slice(0, rows * built.value.sampleSize);
}

function randomRows(model: ModelSummary): Float32Array {
  const size = model.input!.reduce((p, d) => p * d, 1);
  const random = new Random(7);
  return Float32Array.from({ length: rows * size }, () => random.uniform(-1, 1));
}

function cases(): Case[] {
  const list: Case[] = [];
  for (const name of ['xor', 'circles', 'moons', 'plane', 'gaussians', 'spirals', 'iris', 'function-fit', 'char-model', 'char-lstm', 'digits-mlp', 'digits-cnn', 'digits-resnet', 'digits-inception', 'signal-cnn1d']) {
    const plan = planFile(`examples/${name}.dlmodel`);
    list.push({ label: `${name} (initial weights)`, network: new Network(plan.model, runStreams(plan.seed).init), inputs: dataRows(plan), rows });
  }
  const lenet = checkDocument(readFileSync(fromRoot('examples/lenet5.dlmodel'), 'utf8')).models[0]!;
  list.push({ label: 'lenet5 (initial weights)', network: new Network(lenet, runStreams(0).init), inputs: randomRows(lenet), rows });
  for (const trainName of ['image', 'pool', 'tokens', 'adagrad', 'bce']) {
    const plan = planFile('test/fixtures/export/catalog.dlmodel', { trainName });
    list.push({ label: `catalog ${plan.model.name} (initial weights)`, network: new Network(plan.model, runStreams(plan.seed).init), inputs: dataRows(plan), rows });
  }
  // Branches and merges: Concat on axis + 1 (and a negative axis), Add of two and of three inputs.
  for (const name of ['inception', 'densenet', 'unet']) {
    const plan = planFile(`test/fixtures/export/branches-${name}.dlmodel`);
    list.push({ label: `branches-${name} (initial weights)`, network: new Network(plan.model, runStreams(plan.seed).init), inputs: dataRows(plan), rows });
  }
  // Trained weights and running statistics (batch norm's eval path).
  for (const [file, trainName] of [
    ['test/fixtures/export/catalog.dlmodel', 'image'],
    ['examples/digits-resnet.dlmodel', undefined],
  ] as const) {
    const plan = planFile(file, { epochs: 1, ...(trainName ? { trainName } : {}) });
    const created = createRun({ ...plan, validation: 0.5 });
    if (!created.ok) throw new Error(created.message);
    for (const _ of created.run.events()) void _;
    list.push({ label: `${plan.model.name} after one epoch`, network: created.run.network, inputs: dataRows(plan), rows });
  }
  // Layers named like the graph's own values: the graph's input and outputs keep their names.
  for (const [label, text] of [
    ['layers named output, logits, const_1', 'model Names {\n  input [2]\n  output = dense(4, activation: gelu)\n  logits = dense(3)\n  const_1 = softmax()\n}\n'],
    ['a dense layer named output closing in sigmoid', 'model Names {\n  input [2]\n  logits = dense(4, activation: relu)\n  output = dense(1, activation: sigmoid)\n}\n'],
  ] as const) {
    const model = checkDocument(text).models[0]!;
    list.push({ label, network: new Network(model, runStreams(0).init), inputs: randomRows(model), rows });
  }
  return list;
}

function ourForward(network: Network, inputs: Float32Array, count: number): { output: Float32Array; logits: Float32Array } {
  return new t.Tape().run(() =>
    t.noGrad(() => {
      const result = network.forward(t.tensor(inputs, [count, ...network.model.input!]), { training: false });
      return { output: result.output.data.slice(), logits: result.logits.data.slice() };
    }),
  );
}

const all = cases();
const folder = scratch('onnx');
const files = all.map((c, i) => {
  const path = join(folder, `model-${i}.onnx`);
  writeFileSync(path, exportOnnx(c.network, { docString: c.label }));
  return path;
});

test(`onnx.checker (full check, with shape inference) accepts every exported model, opset ${onnxOpset}`, { skip: onnxMissing() }, () => {
  const script = `
import sys, onnx
for path in sys.argv[1:]:
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)
    assert model.opset_import[0].version == ${onnxOpset}, model.opset_import
print('checked', len(sys.argv) - 1)
`;
  const result = spawnSync(python, ['-c', script, ...files], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`checked ${files.length}`));
});

for (const [i, c] of all.entries()) {
  test(`onnxruntime reproduces dlmodel's forward pass: ${c.label}`, async (context) => {
    const session = await ort.InferenceSession.create(readFileSync(files[i]!));
    const model = c.network.model;
    const tokens = model.layers[0]?.kind === 'embedding';
    const input = tokens
      ? new ort.Tensor('int64', BigInt64Array.from(c.inputs, (v) => BigInt(Math.round(v))), [c.rows, ...model.input!])
      : new ort.Tensor('float32', c.inputs, [c.rows, ...model.input!]);
    assert.deepEqual([session.inputNames, session.outputNames], [['input'], finalActivationLayer(model) ? ['output', 'logits'] : ['output']]);
    const results = await session.run({ input });
    const ours = ourForward(c.network, c.inputs, c.rows);
    const output = maxScaledDifference(results['output']!.data as Float32Array, ours.output);
    let logits = 0;
    if (session.outputNames.includes('logits')) logits = maxScaledDifference(results['logits']!.data as Float32Array, ours.logits);
    context.diagnostic(`output ${output.toExponential(2)}${session.outputNames.includes('logits') ? `, logits ${logits.toExponential(2)}` : ''} of the tensor's scale`);
    assert.ok(output <= 1e-5, `output differs by ${output} of its scale`);
    assert.ok(logits <= 1e-5, `logits differ by ${logits} of their scale`);
  });
}

test('buildExport --to onnx: the model a train block trains, --model, and refusals', () => {
  const text = readFileSync(fromRoot('examples/spirals.dlmodel'), 'utf8');
  const analysis = checkDocument(text, { fileAccess: new NodeFileAccess(repoRoot), documentFolder: 'examples' });
  const exported = buildExport(analysis, { target: 'onnx', text, fileName: 'spirals.dlmodel' });
  assert.ok(exported.ok);
  assert.equal(exported.files[0]!.path, 'model.onnx');
  assert.equal(exported.model.name, 'Spirals');
  const broken = buildExport(checkDocument('model M {\n  input [2]\n  dense(0)\n}\n'), { target: 'onnx', text: '', fileName: 'x.dlmodel' });
  assert.ok(!broken.ok && /error/.test(broken.message), 'a file with errors is refused');
  const two = buildExport(checkDocument('model A {\n  input [2]\n  dense(1)\n}\nmodel B {\n  input [2]\n  dense(1)\n}\n'), { target: 'onnx', text: '', fileName: 'x.dlmodel' });
  assert.ok(!two.ok && /--model/.test(two.message), 'two models and no train block: choose one');
  const chosen = buildExport(checkDocument('model A {\n  input [2]\n  dense(1)\n}\nmodel B {\n  input [3]\n  dense(1)\n}\n'), { target: 'onnx', text: '', fileName: 'x.dlmodel', modelName: 'B' });
  assert.ok(chosen.ok && chosen.model.name === 'B');
});
