// Every layer, activation, loss, optimizer and schedule of the catalog (test/fixtures/export/
// catalog.dlmodel), exported to PyTorch and run on both sides: the initial forward pass, the
// block's minibatch epochs, and a run with another --seed, where train.py draws the initial
// weights itself with the ported initialisers (he, glorot, zeros, default, embedding normals).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planFile } from '../helpers/training';
import { fromRoot } from '../helpers/paths';
import { exportPlan, maxScaledDifference, ourForward, ourRun, relative, runPythonChecks, torchMissing, type PythonRun } from './helpers';

const file = 'test/fixtures/export/catalog.dlmodel';
const text = readFileSync(fromRoot(file), 'utf8');
/** Blocks whose data does not depend on the seed: a --seed run there is exactly dlmodel's run with that seed. */
const seedIndependent = new Set(['image', 'pool', 'tokens']);

function epochLosses(run: PythonRun): { initial: number; losses: number[]; valLosses: (number | null)[]; lrs: number[] } {
  assert.equal(run.status, 0);
  const start = run.events.find((e) => e['type'] === 'start')!;
  const epochs = run.events.filter((e) => e['type'] === 'epoch');
  return { initial: start['initialLoss'] as number, losses: epochs.map((e) => e['loss'] as number), valLosses: epochs.map((e) => e['valLoss'] as number | null), lrs: epochs.map((e) => e['lr'] as number) };
}

function assertRunMatches(label: string, ours: ReturnType<typeof ourRun>, theirs: ReturnType<typeof epochLosses>, tolerance: number): number {
  let worst = relative(theirs.initial, ours.start.initialLoss);
  assert.ok(worst <= tolerance, `${label}: initial loss ${theirs.initial} vs ${ours.start.initialLoss}`);
  assert.equal(theirs.losses.length, ours.epochs.length);
  ours.epochs.forEach((epoch, i) => {
    for (const [a, b, what] of [
      [theirs.losses[i], epoch.loss, 'loss'],
      [theirs.valLosses[i], epoch.valLoss, 'valLoss'],
      [theirs.lrs[i], epoch.lr, 'lr'],
    ] as const) {
      const difference = relative(a, b);
      worst = Math.max(worst, difference);
      assert.ok(difference <= tolerance, `${label}: epoch ${i + 1} ${what} ${String(a)} (PyTorch) vs ${String(b)} (dlmodel)`);
    }
  });
  return worst;
}

for (const trainName of ['image', 'pool', 'tokens', 'mae', 'adagrad', 'bce']) {
  test(`catalog train ${trainName}: forward, epochs${seedIndependent.has(trainName) ? ' and a --seed run' : ''} match dlmodel`, { skip: torchMissing() }, (context) => {
    const plan = planFile(file, { trainName });
    const folder = exportPlan(plan, text, 'catalog.dlmodel', `catalog-${trainName}`);
    const runs: Record<string, string[]> = { mini: ['--epochs', String(plan.epochs)] };
    if (seedIndependent.has(trainName)) runs['seed'] = ['--seed', '99', '--epochs', '2'];
    const python = runPythonChecks(folder, { rows: 64, runs });

    const ours = ourForward(plan, 64);
    const output = maxScaledDifference(ours.output, python.output!);
    const logits = maxScaledDifference(ours.logits, python.logits!);
    assert.ok(output <= 1e-5 && logits <= 1e-5, `forward: output ${output}, logits ${logits} of scale`);

    const mini = assertRunMatches('minibatch', ourRun(plan), epochLosses(python.runs['mini']!), 1e-3);
    let seeded = 0;
    if (runs['seed']) seeded = assertRunMatches('--seed 99', ourRun({ ...plan, seed: 99, epochs: 2 }), epochLosses(python.runs['seed']!), 1e-3);
    context.diagnostic(`forward ${Math.max(output, logits).toExponential(2)} of scale; ${plan.epochs} epochs ${mini.toExponential(2)}; --seed 99 ${seeded.toExponential(2)} (largest relative differences)`);
  });
}
