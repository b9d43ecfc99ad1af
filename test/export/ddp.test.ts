// DistributedDataParallel: the exported train.py under torchrun with 2 CPU processes (gloo) gives
// the losses of one process with the same global batch, and dlmodel's. The fixture has batch norm
// (statistics of the global batch across ranks), dropout (each rank's rows of the global mask)
// and a last batch of 5 that the two ranks split 3 + 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { fromRoot } from '../helpers/paths';
import { planFile } from '../helpers/training';
import { ddpMissing, exportPlan, ourRun, python, relative } from './helpers';

type Event = Record<string, unknown>;
const parse = (stdout: string): Event[] =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Event);

/** A TCP port that was free a moment ago: the system picks it, then the listener closes. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

for (const [file, what] of [
  ['test/fixtures/export/ddp.dlmodel', 'batch norm and dropout'],
  ['test/fixtures/export/ddp-weighted.dlmodel', 'class-weighted, label-smoothed cross-entropy, whose mean divides by the global batch’s class weights'],
] as const) {
  test(`train.py under torchrun --nproc_per_node 2 (gloo) reports the losses of one process and of dlmodel: ${what}`, { skip: ddpMissing(), timeout: 300_000 }, async (context) => {
    const plan = planFile(file);
    const name = basename(file, '.dlmodel');
    const folder = exportPlan(plan, readFileSync(fromRoot(file), 'utf8'), `${name}.dlmodel`, name);
    const single = spawnSync(python, [join(folder, 'train.py')], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    assert.equal(single.status, 0, single.stderr);
    // torchrun as Debian ships it with Python 3.11 cannot parse its default --redirects/--tee ("0");
    // "2" (stderr) parses everywhere and leaves stdout, where rank 0 prints the events, alone.
    const torchrun = existsSync('/usr/bin/torchrun') && python === '/usr/bin/python3' ? ['/usr/bin/torchrun'] : [python, '-m', 'torch.distributed.run'];
    const launcher = torchrun[0]!;
    // Not --standalone: it always rendezvous on port 29400, so two test runs on one machine (or any
    // other program on that port) collide. A port the system just handed out, and a fresh run id, do not.
    const rendezvous = ['--rdzv_backend', 'c10d', '--rdzv_endpoint', `localhost:${await freePort()}`, '--rdzv_id', `dlmodel-test-${process.pid}-${name}`];
    const distributed = spawnSync(launcher, [...torchrun.slice(1), ...rendezvous, '--nnodes', '1', '--nproc_per_node', '2', '--redirects', '2', '--tee', '2', join(folder, 'train.py')], {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    assert.equal(distributed.status, 0, distributed.stderr);
    const one = parse(single.stdout);
    const two = parse(distributed.stdout);
    const start = two.find((e) => e['type'] === 'start')!;
    assert.equal(start['worldSize'], 2);
    assert.equal(one.find((e) => e['type'] === 'start')!['worldSize'], 1);
    const epochsOne = one.filter((e) => e['type'] === 'epoch');
    const epochsTwo = two.filter((e) => e['type'] === 'epoch');
    const ours = ourRun(plan);
    assert.equal(epochsTwo.length, plan.epochs);
    let versusOne = 0;
    let versusOurs = 0;
    epochsTwo.forEach((epoch, i) => {
      for (const key of ['loss', 'valLoss', 'accuracy'] as const) {
        const a = relative(epoch[key] as number, epochsOne[i]![key] as number);
        const b = relative(epoch[key] as number, ours.epochs[i]![key]);
        versusOne = Math.max(versusOne, a);
        versusOurs = Math.max(versusOurs, b);
        assert.ok(a <= 1e-4, `epoch ${i + 1} ${key}: 2 ranks ${String(epoch[key])} vs 1 process ${String(epochsOne[i]![key])}`);
        assert.ok(b <= 1e-4, `epoch ${i + 1} ${key}: 2 ranks ${String(epoch[key])} vs dlmodel ${ours.epochs[i]![key]}`);
      }
    });
    context.diagnostic(`largest relative difference: 2 ranks vs 1 process ${versusOne.toExponential(2)}, vs dlmodel ${versusOurs.toExponential(2)}`);
  });
}
