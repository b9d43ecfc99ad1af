// `dlmodel train` as the real binary (dist/cli.js), run as a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../helpers/paths';
import { loadSchema, schemaErrors } from '../helpers/json-schema';
import { planFile, startRun } from '../helpers/training';
import { TrainJsonWriter } from '../../cli/train-json';
import { LineIndex } from '../../core/common/line-index';

const cli = fromRoot('dist/cli.js');

function dlmodel(args: string[], cwd = fromRoot('.')): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-train-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

const tiny = (train: string) => `model M {\n  input [2]\n  dense(4, activation: relu)\n  dense(2)\n}\ntrain {\n${train}\n}\n`;

test('train --json prints one JSON object per line: start, an epoch per epoch, done', () => {
  const result = dlmodel(['train', 'examples/xor.dlmodel', '--json', '--epochs', '3']);
  assert.equal(result.status, 0, result.stderr);
  const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
  assert.deepEqual(events.map((e) => e.type).filter((t) => t !== 'health'), ['start', 'epoch', 'epoch', 'epoch', 'done']);
  const epoch = events[1]!;
  for (const key of ['epoch', 'epochs', 'step', 'loss', 'accuracy', 'valLoss', 'valAccuracy', 'lr', 'elapsedMs']) assert.ok(key in epoch, key);
  assert.equal(result.stderr, '');
});

test('train prints plain epoch lines and a summary when not on a terminal', () => {
  const result = dlmodel(['train', 'examples/plane.dlmodel', '--epochs', '2']);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.match(lines[0]!, /^training Plane: 3 parameters, 320 training and 80 validation samples, 2 epochs of 1 steps \(batch 320\), seed 0$/);
  assert.match(lines[1]!, /^epoch 1\/2 {2}loss \S+ {2}val_loss \S+ {2}lr 0\.01 {2}\d+\.\ds$/);
  assert.match(lines[3]!, /^done: 2 epochs, 2 steps in/);
  // eslint-disable-next-line no-control-regex -- the progress bar is made of terminal escape sequences
  assert.doesNotMatch(result.stdout + result.stderr, /\r|\x1b/);
});

test('the same seed prints the same losses; --seed changes them', () => {
  const losses = (seed: string) => dlmodel(['train', 'examples/moons.dlmodel', '--json', '--epochs', '2', '--seed', seed]).stdout.split('\n').filter((l) => l.includes('"epoch"')).map((l) => JSON.parse(l).loss);
  assert.deepEqual(losses('4'), losses('4'));
  assert.notDeepEqual(losses('4'), losses('5'));
});

test('a diverging run exits 1 with DL605 on the loss line and no stack trace', () => {
  const result = dlmodel(['train', 'test/fixtures/health/diverging.dlmodel']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /diverging\.dlmodel:9:3: error DL605 Loss is not finite/);
  assert.match(result.stderr, /dlmodel: train: Loss is not finite/);
  assert.doesNotMatch(result.stderr, /at .*\.js:\d+/);
});

test('a file with errors, a missing data file and a path outside the workspace exit 1 with one clear message', () => {
  const folder = scratch({
    'broken.dlmodel': tiny('  data: xor()\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)').replace('dense(4', 'dens(4'),
    'missing.dlmodel': tiny('  data: csv("nowhere.csv")\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)'),
    'outside.dlmodel': tiny('  data: csv("../secret.csv")\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)'),
  });
  for (const [file, message] of [
    ['broken.dlmodel', /the file has 1 error \(first: DL301 .*\) — run dlmodel check and fix it/],
    ['missing.dlmodel', /the file has 1 error \(first: DL510 Data file "nowhere.csv" does not exist/],
    ['outside.dlmodel', /DL511 Data path "\.\.\/secret\.csv" is not allowed: it leads outside the workspace folder/],
  ] as const) {
    const result = dlmodel(['train', file], folder);
    assert.equal(result.status, 1, file);
    assert.match(result.stderr, message, file);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  }
  const json = dlmodel(['train', 'broken.dlmodel', '--json'], folder);
  assert.equal(JSON.parse(json.stdout.trim()).type, 'error');
});

test('a run over the memory budget is refused before it starts', () => {
  const big = `model Big {\n  input [64]\n  dense(2048, activation: relu)\n  dense(2048, activation: relu)\n  dense(10)\n}\ntrain {\n  data: digits(flat: true)\n  loss: cross_entropy\n  optimizer: adam()\n}\n`;
  const folder = scratch({ 'big.dlmodel': big });
  const result = dlmodel(['train', 'big.dlmodel', '--memory', '16'], folder);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /this run needs about [\d.]+ MiB, more than the 16\.0 MiB budget — use a smaller model, batch or number of steps/);
  assert.equal(result.stdout, '');
});

test('a model with more parameters than 2^53 is refused by the memory budget, not crashed on', () => {
  const absurd = `model Absurd {\n  input [64]\n  dense(3002399751580331)\n  dense(10)\n}\ntrain {\n  data: digits(flat: true)\n  loss: cross_entropy\n  optimizer: adam()\n}\n`;
  const folder = scratch({ 'absurd.dlmodel': absurd });
  const result = dlmodel(['train', 'absurd.dlmodel'], folder);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /this run needs about [\d.]+ EiB, more than the [\d.]+ [GM]iB budget/);
  assert.equal(result.stdout, '');
});

test('usage errors exit 2', () => {
  for (const args of [['train'], ['train', 'a.dlmodel', 'b.dlmodel'], ['train', 'examples/xor.dlmodel', '--epochs', 'ten'], ['train', 'examples/xor.dlmodel', '--seed', '-1'], ['train', 'nope.dlmodel'], ['train', 'examples/xor.dlmodel', '--bogus']]) {
    const result = dlmodel(args);
    assert.equal(result.status, 2, args.join(' ') + result.stderr);
    assert.match(result.stderr, /^dlmodel: /);
  }
});

test('--train chooses a block; without it a file with two blocks is refused', () => {
  const two = `model M {\n  input [2]\n  dense(2)\n}\ntrain fast {\n  data: xor(points: 40)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.1)\n  epochs: 1\n}\ntrain slow {\n  data: xor(points: 40)\n  loss: cross_entropy\n  optimizer: sgd(lr: 0.01)\n  epochs: 2\n}\n`;
  const folder = scratch({ 'two.dlmodel': two });
  assert.match(dlmodel(['train', 'two.dlmodel'], folder).stderr, /2 train blocks — choose one with --train NAME \(fast, slow\)/);
  const slow = dlmodel(['train', 'two.dlmodel', '--train', 'slow', '--json'], folder);
  assert.equal(slow.status, 0, slow.stderr);
  assert.equal(slow.stdout.split('\n').filter((l) => l.includes('"type":"epoch"')).length, 2);
});

test('a reader that closes the pipe early (| head) ends the run quietly', () => {
  const result = spawnSync('bash', ['-c', `"${process.execPath}" "${cli}" train examples/spirals.dlmodel | head -1`], { cwd: fromRoot('.'), encoding: 'utf8' });
  assert.match(result.stdout, /^training Spirals: /);
  assert.equal(result.stderr, '');
});

test('--report writes one self-contained HTML file with the run embedded and a strict CSP', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-report-'));
  const out = join(folder, 'xor.html');
  const result = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '3', '--report', out]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n$`));
  const html = readFileSync(out, 'utf8');
  const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-(inline|eval)|https?:/);
  // Nothing is fetched: no src= or href= to anything outside the file.
  assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)="(?!data:)/i);
  const json = /<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/.exec(html)?.[1];
  assert.ok(json, 'the run is embedded as JSON');
  const embedded = JSON.parse(json) as { runs?: { epochs: unknown[]; latent: { projections: unknown[] } | null }[] } | { epochs: unknown[]; latent: { projections: unknown[] } | null }[];
  const runs = Array.isArray(embedded) ? embedded : embedded.runs!;
  assert.equal(runs[0]!.epochs.length, 3);
  assert.equal(runs[0]!.latent!.projections.length, 2);
});

test('--report into a folder that does not exist exits 1 with a clear message', () => {
  const result = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '1', '--report', '/nonexistent-folder/r.html']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /cannot write the report \/nonexistent-folder\/r\.html: its folder does not exist/);
});

test('--save writes the trained weights; --init starts a run from them (its initial loss is the trained loss)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-weights-'));
  const weights = join(folder, 'xor.safetensors');
  const first = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '5', '--json', '--save', weights]);
  assert.equal(first.status, 0, first.stderr);
  const done = JSON.parse(first.stdout.trim().split('\n').pop()!);
  // The file is a checkpoint of 5 epochs: a run of 1 epoch has nothing left to do, one of 6 trains the sixth.
  assert.match(dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '1', '--init', weights]).stderr, /cannot resume from .*: it has trained 5 epochs and this run has 1 — pass --epochs with more than 5/);
  const again = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '6', '--json', '--init', weights]);
  assert.equal(again.status, 0, again.stderr);
  const start = JSON.parse(again.stdout.split('\n')[0]!);
  assert.ok(start.initialLoss < 0.5 * start.expectedInitialLoss, `initial loss ${start.initialLoss} after loading weights whose loss was ${done.loss}`);
  const misfit = dlmodel(['train', 'examples/moons.dlmodel', '--epochs', '1', '--init', weights]);
  assert.equal(misfit.status, 1);
  assert.match(misfit.stderr, /the initial weights .* do not fit model Moons: /);
  assert.match(dlmodel(['train', 'examples/xor.dlmodel', '--init', join(folder, 'none.safetensors')]).stderr, /cannot read the initial weights .*: no such file/);
});

test('--save then --init resumes a run exactly: 2 + 2 epochs equal 4 straight (losses and saved bytes)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-resume-'));
  const [straight, half, resumed] = ['straight', 'half', 'resumed'].map((name) => join(folder, `${name}.safetensors`)) as [string, string, string];
  const epochLines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line)).filter((e) => e.type === 'epoch').map((e) => [e.epoch, e.loss, e.valLoss, e.lr]);
  const whole = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '4', '--json', '--save', straight]);
  const first = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '2', '--json', '--save', half]);
  const second = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '4', '--json', '--init', half, '--save', resumed]);
  for (const run of [whole, first, second]) assert.equal(run.status, 0, run.stderr);
  assert.deepEqual([...epochLines(first.stdout), ...epochLines(second.stdout)], epochLines(whole.stdout));
  assert.deepEqual(readFileSync(resumed), readFileSync(straight));
});

const trainSchema = loadSchema('train-events');

test('--replay reruns a record with a learning-rate change bit for bit (every line but the clock)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-replay-'));
  const text = readFileSync(fromRoot('examples/xor.dlmodel'), 'utf8');
  // The record as the editor's run makes it: the run's events as train --json writes them, with the change among them.
  const run = startRun(planFile('examples/xor.dlmodel', { epochs: 3 }));
  const lines: string[] = [];
  const writer = new TrainJsonWriter(new LineIndex(text), (line) => lines.push(line));
  for (const event of run.events()) {
    writer.write(event, 0);
    if (run.steps === 30 && !lines.some((l) => l.includes('"control"'))) run.control({ action: 'set-lr', lr: 0.3 });
  }
  const record = join(folder, 'run.jsonl');
  writeFileSync(record, lines.join('\n') + '\n');
  const replayed = dlmodel(['train', 'examples/xor.dlmodel', '--replay', record, '--json']);
  assert.equal(replayed.status, 0, replayed.stderr);
  const withoutClock = (text: string) => text.trim().split('\n').map((line) => {
    const { elapsedMs, time, stepsPerSecond, ...rest } = JSON.parse(line);
    void [elapsedMs, time, stepsPerSecond];
    return rest;
  });
  const recorded = withoutClock(lines.join('\n'));
  const expected = withoutClock(replayed.stdout);
  assert.ok(expected.some((e) => e.type === 'control' && e.step === 30 && e.lr === 0.3));
  // This process may run other kernels than the CLI's (fma vs simd: last-bit differences); with the same ones the replay equals the record.
  if (recorded[0].kernels === expected[0].kernels) assert.deepEqual(expected, recorded);
  // The CLI's output is itself a record: replaying it gives it back.
  writeFileSync(record, replayed.stdout);
  const again = dlmodel(['train', 'examples/xor.dlmodel', '--replay', record, '--json']);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(withoutClock(again.stdout), expected);
  for (const line of replayed.stdout.trim().split('\n')) assert.equal(schemaErrors(trainSchema, JSON.parse(line)), '', line.slice(0, 80));
  // The same file without the change is another run: the comparison above can fail.
  const plain = dlmodel(['train', 'examples/xor.dlmodel', '--epochs', '3', '--json']);
  assert.notDeepEqual(withoutClock(plain.stdout).filter((e) => e.type === 'done'), expected.filter((e) => e.type === 'done'));
  assert.match(dlmodel(['train', 'examples/xor.dlmodel', '--replay', record, '--epochs', '2']).stderr, /--replay takes the train block, epochs and seed from the record/);
  assert.match(dlmodel(['train', 'examples/moons.dlmodel', '--replay', record]).stderr, /is a run of model Xor; this file trains Moons/);
  writeFileSync(join(folder, 'bad.jsonl'), '{"type":"start"}\nnot json\n');
  assert.match(dlmodel(['train', 'examples/xor.dlmodel', '--replay', join(folder, 'bad.jsonl')]).stderr, /bad\.jsonl:2: not a JSON line — a run record is the output of dlmodel train --json/);
  // The replay reads a record as Open Run Record… does (protocol/train-json-record.ts): the same files, the same messages.
  writeFileSync(join(folder, 'foreign.jsonl'), '{"level":"info","msg":"hello"}\n');
  assert.match(dlmodel(['train', 'examples/xor.dlmodel', '--replay', join(folder, 'foreign.jsonl')]).stderr, /foreign\.jsonl:1: a run record starts with the start line of dlmodel train --json/);
});

test('what check accepts, train runs or refuses with exit 1 — never an internal error (exit 70)', () => {
  const model = (width: number, end: string) => `model M {\n  input [2]\n  dense(4, activation: relu)\n  dense(${width})\n${end}}\n`;
  const block = (data: string, loss: string, extra = '') => `train {\n  data: ${data}\n  loss: ${loss}\n  optimizer: adam(lr: 0.01)\n  epochs: 1\n${extra}}\n`;
  const folder = scratch({
    'one-hot.dlmodel': model(3, '  softmax()\n') + block('spirals(classes: 3, points: 60)', 'mse'),
    'class-number.dlmodel': model(1, '  sigmoid()\n') + block('moons(points: 40)', 'mae'),
    'wrong-width.dlmodel': model(2, '') + block('spirals(classes: 3, points: 60)', 'mse'),
    'huge-epochs.dlmodel': model(2, '') + block('moons(points: 40)', 'cross_entropy', '  epochs: 4294967296\n  batch: 1\n').replace('  epochs: 1\n', ''),
    'many-steps.dlmodel': `model M {\n  input [64]\n  dense(10)\n}\n${block('digits(flat: true)', 'cross_entropy', '  batch: 1\n').replace('epochs: 1', 'epochs: 1000000')}`,
  });
  const run = (file: string) => {
    const result = dlmodel(['train', file, '--json'], folder);
    assert.notEqual(result.status, 70, `${file}: ${result.stderr}`);
    assert.doesNotMatch(result.stderr, /internal error/, file);
    return result;
  };
  for (const file of ['one-hot.dlmodel', 'class-number.dlmodel']) {
    const result = run(file);
    assert.equal(result.status, 0, `${file}: ${result.stderr}`);
    const done = JSON.parse(result.stdout.trim().split('\n').pop()!) as { type: string; accuracy: number | null };
    assert.equal(done.type, 'done');
    assert.equal(typeof done.accuracy, 'number', `${file}: mse/mae on classes reports accuracy`);
  }
  const wrongWidth = run('wrong-width.dlmodel');
  assert.equal(wrongWidth.status, 1);
  assert.match(wrongWidth.stderr, /DL506 mse on 3 classes compares the output with the one-hot target \[3\]; got \[2\]/);
  const hugeEpochs = run('huge-epochs.dlmodel');
  assert.equal(hugeEpochs.status, 1);
  assert.match(hugeEpochs.stderr, /DL306 train's epochs must be an integer from 1 to 1000000; got 4294967296/);
  const manySteps = run('many-steps.dlmodel');
  assert.equal(manySteps.status, 1);
  assert.match(manySteps.stderr, /more than the 2\.0 GiB budget — use a smaller model, batch or number of steps/);
});

test('a policy block trains from the command line: episode lines, a done line with its returns, and a report', () => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-policy-'));
  const report = join(folder, 'report.html');
  const result = dlmodel(['train', 'examples/gridworld.dlmodel', '--episodes', '40', '--report', report]);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^training Policy: 104 parameters, 40 episodes of gridworld \(observation \[25\], 4 actions\), 8 per update, seed 0$/m);
  assert.match(result.stdout, /^episode 40\/40 {2}return -?[\d.]+ {2}mean\(100\) -?[\d.]+ {2}length \d+/m);
  assert.match(result.stdout, /^done: 40 episodes, 5 updates in [\d.]+s, mean return of the last 40 episodes -?[\d.]+$/m);
  const html = readFileSync(report, 'utf8');
  assert.match(html, /"episodes":\{"return":\[/, 'the report records the episodes');
});

test('an override that does not apply to the block is refused with the one that does', () => {
  const policy = dlmodel(['train', 'examples/gridworld.dlmodel', '--epochs', '3']);
  assert.equal(policy.status, 1);
  assert.match(policy.stderr, /plays episodes, not epochs — use --episodes/);
  const data = dlmodel(['train', 'examples/xor.dlmodel', '--episodes', '3']);
  assert.equal(data.status, 1);
  assert.match(data.stderr, /this one trains on data — use --epochs/);
});
