// The PyTorch export of a text model carries its vocabulary (vocabulary.json and the weights'
// metadata) and a generate.py that samples as `dlmodel generate` does: run under Debian's
// PyTorch, it writes text of the vocabulary, and with the same weights and seed the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors, readTextMetadata } from '../../core/export';
import { fromRoot } from '../helpers/paths';
import { planFile } from '../helpers/training';
import { exportPlan, python, torchMissing } from './helpers';

// tiny-gpt generates from the anchored sequence of its key/value cache (80 characters after a
// 4-character prompt overrun its context of 64: the restart is in the text too).
const cases = [
  { file: 'examples/char-model.dlmodel', context: 8, characters: 40 },
  { file: 'test/fixtures/export/char-positions.dlmodel', context: 8, characters: 40 },
  { file: 'examples/tiny-gpt.dlmodel', context: 64, characters: 75 },
];
for (const { file, context, characters } of cases) {
  test(`${file}: the export has vocabulary.json and generate.py, which writes the same text as dlmodel generate`, { skip: torchMissing(), timeout: 300_000 }, () => {
    const plan = planFile(file);
    const folder = exportPlan(plan, readFileSync(fromRoot(file), 'utf8'), 'model.dlmodel', 'generate');
    assert.ok(readdirSync(folder).includes('generate.py'));
    const vocabulary = JSON.parse(readFileSync(join(folder, 'vocabulary.json'), 'utf8')) as { vocabulary: string[]; context: number; targets: string };
    assert.equal(vocabulary.vocabulary.length, characters);
    assert.equal(vocabulary.context, context);
    const decoded = decodeSafetensors(readFileSync(join(folder, 'init.safetensors')));
    assert.ok(decoded.ok);
    assert.deepEqual(readTextMetadata(decoded.file.metadata), { ok: true, info: vocabulary }, 'the weights carry what vocabulary.json says');

    const args = ['--prompt', 'The ', '--length', '80', '--seed', '3', '--temperature', '1.2', '--top-k', '10'];
    const theirs = spawnSync(python, [join(folder, 'generate.py'), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
    assert.equal(theirs.status, 0, theirs.stderr);
    assert.ok(theirs.stdout.startsWith('The '));
    const generated = [...theirs.stdout.slice(4, -1)];
    assert.equal(generated.length, 80);
    assert.ok(generated.every((c) => vocabulary.vocabulary.includes(c)));

    copyFileSync(fromRoot(file), join(folder, 'model.dlmodel'));
    const ours = spawnSync(process.execPath, [fromRoot('dist/cli.js'), 'generate', 'model.dlmodel', '--weights', 'init.safetensors', ...args], { cwd: folder, encoding: 'utf8' });
    assert.equal(ours.status, 0, ours.stderr);
    assert.equal(theirs.stdout, ours.stdout, 'the same weights, seed and options give the same text');

    // "~" is in neither corpus (tiny-corpus.txt, persuasion.txt); "a" is in both.
    const unknown = spawnSync(python, [join(folder, 'generate.py'), '--prompt', '~a'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /the prompt has characters the model never saw in training: "~"/);
  });
}
