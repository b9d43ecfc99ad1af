// The export of a policy block (env: …): train.py runs REINFORCE in PyTorch with the environments
// ported from core/rl and the run's env and policy streams. Each case exports a file, runs its
// train.py under Debian's PyTorch for a few episodes and compares every episode with PolicyRun's on
// the same file and seed: lengths equal, returns equal (exactly where they are sums of fixed
// rewards; the bandit's rewards are normals, whose log/cos/sin may differ in the last bit between
// V8 and glibc), losses within the supervised export's 1e-4 (of the run's loss scale: a mean
// baseline puts losses near 0, where a relative difference means nothing).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { runStreams } from '../../core/common/random';
import { runExport } from '../../cli/export-command';
import { buildExport, decodeSafetensors, loadPolicyWeights, loadRunWeights, runWeightsToSafetensors, weightEntries, type ExportFile } from '../../core/export';
import { Network } from '../../core/nn/network';
import { planPolicy, PolicyRun, type PolicyPlan } from '../../core/rl';
import type { EpisodeEvent } from '../../core/train/events';
import { loadSchema, schemaErrors } from '../helpers/json-schema';
import { fromRoot } from '../helpers/paths';
import { python, scratch, torchMissing, writeFiles } from './helpers';

const trainPySchema = loadSchema('train-py-events');
type JsonLine = { type: string; [key: string]: unknown };

const example = (name: string): string => readFileSync(fromRoot(`examples/${name}.dlmodel`), 'utf8');

function exportText(text: string, options: { episodes?: number; seed?: number; epochs?: number } = {}): ReturnType<typeof buildExport> {
  const analysis = checkDocument(text);
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
  return buildExport(analysis, { target: 'pytorch', text, fileName: 'policy.dlmodel', ...options });
}

function ourPlan(text: string, options: { episodes: number; seed?: number }): PolicyPlan {
  const analysis = checkDocument(text);
  const planned = planPolicy(analysis, analysis.trains[0]!, options);
  assert.ok(planned.ok, planned.ok ? '' : planned.message);
  return planned.plan;
}

/** Exports `text` and runs its train.py; every line must be valid against the schema. */
function trainPy(text: string, episodes: number, args: readonly string[] = []): JsonLine[] {
  const exported = exportText(text, { episodes });
  assert.ok(exported.ok, exported.ok ? '' : exported.message);
  const folder = scratch('policy');
  writeFiles(folder, exported.files);
  const run = spawnSync(python, [join(folder, 'train.py'), '--device', 'cpu', ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonLine);
  for (const [i, line] of lines.entries()) assert.equal(schemaErrors(trainPySchema, line), '', `line ${i + 1} (${line.type}): ${JSON.stringify(line)}`);
  return lines;
}

interface PolicyCase {
  readonly label: string;
  readonly text: string;
  readonly episodes: number;
  /** Run train.py (and ours) with this seed instead of the block's: train.py then draws the initial weights itself. */
  readonly seed?: number;
  /** Returns are sums of fixed rewards (gridworld, cartpole): equal to the bit. */
  readonly exactReturns: boolean;
}

/** Compares train.py's episodes with PolicyRun's; returns what matched and the largest loss difference. */
function compare(context: TestContext, c: PolicyCase, lines: readonly JsonLine[]): void {
  const plan = ourPlan(c.text, { episodes: c.episodes, ...(c.seed === undefined ? {} : { seed: c.seed }) });
  const events = [...new PolicyRun(plan).events()];
  const ours = events.filter((e): e is EpisodeEvent => e.type === 'episode');
  // The start line's shared fields mean the same: the same values.
  const start = events[0] as unknown as Record<string, unknown>;
  for (const key of ['model', 'train', 'trainableParams', 'nonTrainableParams', 'epochs', 'stepsPerEpoch', 'batchSize', 'seed', 'layers', 'policy']) assert.deepEqual(lines[0]![key], start[key], `${c.label}: start ${key}`);
  const theirs = lines.filter((l) => l.type === 'episode');
  assert.equal(theirs.length, c.episodes, `${c.label}: train.py's episodes`);
  assert.equal(ours.length, c.episodes, `${c.label}: our episodes`);
  const scale = (key: 'loss' | 'valueLoss'): number => Math.max(1e-12, ...ours.map((e) => Math.abs(e[key] ?? 0)));
  let identical = 0;
  let returnDifference = 0;
  let lossDifference = 0;
  let valueLossDifference = 0;
  let entropyDifference = 0;
  ours.forEach((episode, i) => {
    const other = theirs[i]!;
    const where = `${c.label}: episode ${i + 1}`;
    assert.equal(other['length'], episode.length, `${where} length`);
    const theirReturn = other['return'] as number;
    if (theirReturn === episode.return) identical++;
    returnDifference = Math.max(returnDifference, Math.abs(theirReturn - episode.return) / Math.max(1, Math.abs(episode.return)));
    if (c.exactReturns) assert.equal(theirReturn, episode.return, `${where} return`);
    else assert.ok(Math.abs(theirReturn - episode.return) <= 1e-12 * Math.max(1, Math.abs(episode.return)), `${where} return ${theirReturn} vs ${episode.return}`);
    lossDifference = Math.max(lossDifference, Math.abs((other['loss'] as number) - episode.loss) / scale('loss'));
    entropyDifference = Math.max(entropyDifference, Math.abs((other['entropy'] as number) - episode.entropy));
    if (episode.valueLoss !== undefined) valueLossDifference = Math.max(valueLossDifference, Math.abs((other['valueLoss'] as number) - episode.valueLoss) / scale('valueLoss'));
    else assert.equal(other['valueLoss'], undefined, `${where}: a valueLoss without a value model`);
  });
  context.diagnostic(
    `${c.label}: ${c.episodes}/${c.episodes} episodes of equal length, ${identical} returns identical to the bit (largest difference ${returnDifference.toExponential(2)}); ` +
      `loss within ${lossDifference.toExponential(2)} of the run's loss scale, value loss ${valueLossDifference.toExponential(2)}, entropy ${entropyDifference.toExponential(2)} nats`,
  );
  assert.ok(lossDifference <= 1e-4, `${c.label}: losses differ by ${lossDifference} of their scale`);
  assert.ok(valueLossDifference <= 1e-4, `${c.label}: value losses differ by ${valueLossDifference} of their scale`);
  assert.ok(entropyDifference <= 1e-4, `${c.label}: entropies differ by ${entropyDifference}`);
  const done = lines.at(-1)!;
  assert.equal(done['type'], 'done');
  assert.equal(done['episodes'], c.episodes);
  assert.equal(done['steps'], Math.ceil(c.episodes / plan.algorithm.batch));
}

const banditNone = `model Arms {
  input [1]
  dense(10)
  softmax()
}

train {
  env: bandit(arms: 10)
  algorithm: reinforce(gamma: 0, baseline: none, batch: 10)
  optimizer: adam(lr: 0.05)
  episodes: 2000
  seed: 3
}
`;

// Coordinates, dropout in the policy (the dropout stream: the value model's masks first), a value
// model with its own hidden layer, normalised advantages, an entropy bonus, clip_norm and rmsprop.
const gridworldCoordinates = `model Walker {
  input [2]
  dense(16, activation: relu)
  dropout(0.2)
  dense(4)
  softmax()
}

model Critic {
  input [2]
  dense(8, activation: tanh)
  dense(1)
}

train {
  model: Walker
  value: Critic
  env: gridworld(observation: coordinates, step_cost: 0.05, max_steps: 30)
  algorithm: reinforce(gamma: 0.9, baseline: value, entropy: 0.05, normalize: true, batch: 4)
  optimizer: rmsprop(lr: 0.01)
  clip_norm: 1.0
  episodes: 500
  seed: 7
}
`;

const cases: PolicyCase[] = [
  { label: 'gridworld (one_hot, baseline: value, adam)', text: example('gridworld'), episodes: 40, exactReturns: true },
  { label: 'cartpole (baseline: mean, normalize, adam)', text: example('cartpole'), episodes: 30, exactReturns: true },
  { label: 'bandit (baseline: none, adam)', text: banditNone, episodes: 100, exactReturns: false },
  { label: 'gridworld (coordinates, value, dropout, clip_norm, rmsprop, --seed 11)', text: gridworldCoordinates, episodes: 24, seed: 11, exactReturns: true },
];

for (const c of cases) {
  test(`policy train.py plays the same episodes as dlmodel: ${c.label}`, { skip: torchMissing(), timeout: 600_000 }, (context) => {
    const lines = trainPy(c.text, c.episodes, c.seed === undefined ? [] : ['--seed', String(c.seed)]);
    assert.deepEqual([...new Set(lines.map((l) => l.type))], ['start', 'episode', 'done']);
    compare(context, c, lines);
  });
}

test('export writes a policy block: environment.py, train.py, and both models in init.safetensors', () => {
  const exported = exportText(example('gridworld'));
  assert.ok(exported.ok, exported.ok ? '' : exported.message);
  const names = exported.files.map((f: ExportFile) => f.path);
  assert.deepEqual(names, ['model.py', 'value_model.py', 'dlmodel_support.py', 'environment.py', 'init.safetensors', 'train.py', 'README.md']);
  const file = (path: string): ExportFile => exported.files.find((f) => f.path === path)!;
  assert.match(file('environment.py').contents as string, /class Gridworld:[\s\S]*def make_environment\(random\):\n[^\n]*\n {4}return Gridworld\("one_hot", 0\.01, 50, random\)/);
  assert.match(file('train.py').contents as string, /BASELINE = "value"/);
  // Both models, each under its prefix, with the weights PolicyRun starts from.
  const decoded = decodeSafetensors(file('init.safetensors').contents as Uint8Array);
  assert.ok(decoded.ok);
  assert.deepEqual([...decoded.file.tensors.keys()], ['policy.dense_1.weight', 'policy.dense_1.bias', 'value.dense_1.weight', 'value.dense_1.bias']);
  const plan = ourPlan(example('gridworld'), { episodes: 1 });
  const run = new PolicyRun(plan);
  const init = runStreams(plan.seed).init;
  const policy = new Network(plan.model, init);
  const value = new Network(plan.valueModel!, init);
  for (const entry of [...weightEntries(policy), ...weightEntries(value)]) entry.write(new Float32Array(entry.read().length));
  assert.deepEqual(loadPolicyWeights(policy, value, file('init.safetensors').contents as Uint8Array), { ok: true });
  assert.deepEqual(weightEntries(policy).map((e) => [...e.read()]), weightEntries(run.network).map((e) => [...e.read()]));
  assert.deepEqual(weightEntries(value).map((e) => [...e.read()]), weightEntries(run.valueNetwork!).map((e) => [...e.read()]));
  // A policy without a value model keeps the plain names, as every other export.
  const cartpole = exportText(example('cartpole'), { episodes: 5 });
  assert.ok(cartpole.ok);
  assert.deepEqual(cartpole.files.map((f) => f.path), ['model.py', 'dlmodel_support.py', 'environment.py', 'init.safetensors', 'train.py', 'README.md']);
  const plain = decodeSafetensors(cartpole.files.find((f) => f.path === 'init.safetensors')!.contents as Uint8Array);
  assert.ok(plain.ok);
  assert.ok([...plain.file.tensors.keys()].every((name) => !name.startsWith('policy.')));
  assert.match(cartpole.files.find((f) => f.path === 'train.py')!.contents as string, /EPISODES = 5 {2}# episodes/);
});

test('export of a policy block refuses --epochs, and of a data block refuses --episodes, naming the one that applies', () => {
  const policy = exportText(example('cartpole'), { epochs: 3 });
  assert.deepEqual(policy, { ok: false, message: 'this train block trains a policy (env: …), which plays episodes, not epochs — use --episodes' });
  const data = exportText(example('xor'), { episodes: 3 });
  assert.deepEqual(data, { ok: false, message: 'episodes are for a policy train block (env: …); this one trains on data — use --epochs' });
});

test("train.py --save writes both models, which dlmodel train --init reads", { skip: torchMissing(), timeout: 600_000 }, () => {
  const exported = exportText(example('gridworld'), { episodes: 8 });
  assert.ok(exported.ok);
  const folder = scratch('policy-save');
  writeFiles(folder, exported.files);
  const saved = join(folder, 'trained.safetensors');
  const run = spawnSync(python, [join(folder, 'train.py'), '--device', 'cpu', '--save', saved], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, run.stderr);
  const plan = ourPlan(example('gridworld'), { episodes: 8 });
  const ours = new PolicyRun(plan);
  assert.equal([...ours.events()].at(-1)?.type, 'done');
  const fresh = new PolicyRun(plan);
  assert.deepEqual(loadPolicyWeights(fresh.network, fresh.valueNetwork, readFileSync(saved)), { ok: true });
  // The weights after 8 episodes (one update): PyTorch's and ours within float32 rounding of one Adam step.
  const pairs = [...weightEntries(fresh.network).map((e, i) => [e, weightEntries(ours.network)[i]!] as const), ...weightEntries(fresh.valueNetwork!).map((e, i) => [e, weightEntries(ours.valueNetwork!)[i]!] as const)];
  let worst = 0;
  for (const [theirs, mine] of pairs) {
    const a = theirs.read();
    const b = mine.read();
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  }
  assert.ok(worst <= 1e-5, `trained weights differ by ${worst}`);
});

test('dlmodel export writes a policy block\'s folder and says how to run it', () => {
  const root = scratch('policy-cli');
  writeFileSync(join(root, 'gridworld.dlmodel'), example('gridworld'));
  const out: string[] = [];
  const err: string[] = [];
  const status = runExport({ file: join(root, 'gridworld.dlmodel'), to: 'pytorch', root, out: join(root, 'out'), episodes: 16 }, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), colour: false });
  assert.equal(status, 0, err.join('\n'));
  assert.deepEqual(readdirSync(join(root, 'out')).sort(), ['README.md', 'dlmodel_support.py', 'environment.py', 'init.safetensors', 'model.py', 'train.py', 'value_model.py']);
  assert.match(out.join('\n'), /run it: cd .*out && python3 train\.py {3}\(REINFORCE in gridworld, 16 episodes\)/);
  assert.match(readFileSync(join(root, 'out', 'README.md'), 'utf8'), /dl\.load_weights\(model, "init\.safetensors", "policy\."\)/);
});

test('a policy run with a value model saves both models (policy.*, value.*) and loads them back', () => {
  const plan = ourPlan(example('gridworld'), { episodes: 16 });
  const trained = new PolicyRun(plan);
  assert.equal([...trained.events()].at(-1)?.type, 'done');
  const bytes = runWeightsToSafetensors(trained);
  const decoded = decodeSafetensors(bytes);
  assert.ok(decoded.ok);
  assert.deepEqual([...decoded.file.tensors.keys()].map((name) => name.split('.')[0]), ['policy', 'policy', 'value', 'value']);
  const fresh = new PolicyRun(plan);
  assert.deepEqual(loadRunWeights(fresh, bytes), { ok: true });
  assert.deepEqual(weightEntries(fresh.valueNetwork!).map((e) => [...e.read()]), weightEntries(trained.valueNetwork!).map((e) => [...e.read()]));
  assert.deepEqual(weightEntries(fresh.network).map((e) => [...e.read()]), weightEntries(trained.network).map((e) => [...e.read()]));
  // All or nothing: a value model that does not fit leaves the policy as it was.
  const other = ourPlan(example('gridworld').replace('model Value {\n  input [25]\n  dense(1)', 'model Value {\n  input [25]\n  dense(3, activation: relu)\n  dense(1)'), { episodes: 16 });
  const mismatched = new PolicyRun(other);
  const before = weightEntries(mismatched.network).map((e) => [...e.read()]);
  const loaded = loadRunWeights(mismatched, bytes);
  assert.equal(loaded.ok, false);
  assert.deepEqual(weightEntries(mismatched.network).map((e) => [...e.read()]), before);
});
