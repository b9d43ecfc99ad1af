// examples/tiny-gpt.dlmodel: it checks clean with the numbers, a few steps of its own run
// lower the loss, and `dlmodel generate` (the real binary) writes text from those weights. The
// full run and its comparison with char-model.dlmodel are in examples/README.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDocument } from '../../core/analysis';
import { runWeightsToSafetensors } from '../../core/export/run-weights';
import { prepareRun } from '../../core/train/prepare';
import { NodeFileAccess } from '../../node/node-file-access';
import { fromRoot, repoRoot } from '../helpers/paths';

const text = readFileSync(fromRoot('examples/tiny-gpt.dlmodel'), 'utf8');

test('tiny-gpt checks clean: 2 pre-norm blocks of 49,984 parameters, [64] tokens in, [64, 75] logits out', () => {
  const analysis = checkDocument(text, { fileAccess: new NodeFileAccess(repoRoot), documentFolder: 'examples' });
  assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  const model = analysis.models[0]!;
  assert.deepEqual([model.input, model.output], [[64], [64, 75]]);
  // embedding 75·64 + positions 64·64 + 2 blocks + final layernorm 128 + dense 64·75 + 75
  assert.equal(model.totalParams, BigInt(75 * 64 + 64 * 64 + 2 * 49_984 + 128 + 64 * 75 + 75));
});

test('a few steps of tiny-gpt lower its loss, and dlmodel generate writes text from the weights', () => {
  const prepared = prepareRun(text, { fileAccess: new NodeFileAccess(repoRoot), documentFolder: 'examples', memoryBudget: 2 ** 31, raiseBudget: '' });
  assert.ok(prepared.ok, prepared.ok ? '' : prepared.message);
  const losses: number[] = [];
  for (const event of prepared.run.events()) {
    if (event.type === 'step') losses.push(event.loss);
    if (losses.length === 4) break;
  }
  assert.ok(losses[3]! < losses[0]!, `loss ${losses.join(' → ')}`);

  const folder = mkdtempSync(join(tmpdir(), 'dlmodel-tiny-gpt-'));
  try {
    copyFileSync(fromRoot('examples/tiny-gpt.dlmodel'), join(folder, 'tiny-gpt.dlmodel'));
    writeFileSync(join(folder, 'tiny-gpt.safetensors'), runWeightsToSafetensors(prepared.run));
    const prompt = 'The cat ';
    const generated = spawnSync(process.execPath, [fromRoot('dist/cli.js'), 'generate', 'tiny-gpt.dlmodel', '--prompt', prompt, '--length', '30', '--seed', '3'], { cwd: folder, encoding: 'utf8' });
    assert.equal(generated.status, 0, generated.stderr);
    assert.ok(generated.stdout.startsWith(prompt), generated.stdout);
    const written = [...generated.stdout.slice(prompt.length)];
    // 30 characters and the final newline the command adds; each from the book's 75.
    assert.equal(written.length, 31, JSON.stringify(generated.stdout));
    const vocabulary = new Set([...readFileSync(fromRoot('examples/data/persuasion.txt'), 'utf8'), '\n']);
    for (const character of written) assert.ok(vocabulary.has(character), JSON.stringify(character));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
