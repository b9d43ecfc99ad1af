// examples/fashion-dscnn.dlmodel, as a person runs it: the example and Debian's Fashion-MNIST
// training files copied into a workspace (the folder `fashion-mnist` beside it), checked clean,
// then trained through the real CLI. To keep CI short the text is changed in one place only
// (`limit: 6000`, so 5,400 training images) and the run is one epoch; the full run's numbers
// are in examples/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../helpers/paths';
import { copyFashionMnist, fashionMissing } from '../helpers/fashion-mnist';

const skip = fashionMissing();

test('fashion-dscnn.dlmodel checks clean with the files beside it and trains (one epoch on 5,400 images)', { skip, timeout: 300_000 }, (t) => {
  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-fashion-example-'));
  copyFashionMnist(folder);
  const example = readFileSync(fromRoot('examples/fashion-dscnn.dlmodel'), 'utf8');
  const data = 'fashion_mnist("fashion-mnist")';
  assert.ok(example.includes(data), `the example reads ${data}`);
  writeFileSync(join(folder, 'fashion-dscnn.dlmodel'), example.replace(data, 'fashion_mnist("fashion-mnist", limit: 6000)'));
  const run = (args: string[]) => spawnSync(process.execPath, [fromRoot('dist/cli.js'), ...args], { cwd: folder, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const check = run(['check', 'fashion-dscnn.dlmodel']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /total params 4,426 \(trainable 4,106, non-trainable 320\)/);
  assert.match(check.stdout, /1 file checked: 0 errors, 0 warnings/);
  const result = run(['train', 'fashion-dscnn.dlmodel', '--epochs', '1', '--json']);
  assert.equal(result.status, 0, result.stderr);
  const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const start = lines.find((e) => e['type'] === 'start')!;
  const done = lines[lines.length - 1]!;
  assert.equal(done['type'], 'done');
  assert.equal(start['trainSamples'], 5400);
  assert.equal(done['steps'], Math.ceil(5400 / 64));
  t.diagnostic(`initial loss ${Number(start['initialLoss']).toFixed(3)} (ln 10 = 2.303); after one epoch: loss ${Number(done['loss']).toFixed(3)}, validation accuracy ${(Number(done['valAccuracy']) * 100).toFixed(1)}%`);
  assert.ok(Number(done['loss']) < Number(start['initialLoss']), 'the training loss fell');
  assert.ok(Number(done['valAccuracy']) > 0.4, `validation accuracy ${String(done['valAccuracy'])} is well above chance (10 %)`);
});
