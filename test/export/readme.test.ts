// The README.md of an exported PyTorch folder tells a person how to run it: python3 (the name
// Debian, Ubuntu and macOS give Python 3), and how to check that PyTorch imports first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runExport } from '../../cli/export-command';
import { fromRoot } from '../helpers/paths';
import { scratch } from './helpers';

test('the exported README runs train.py with python3 and says how to check that torch imports', () => {
  const root = scratch('readme');
  writeFileSync(join(root, 'spirals.dlmodel'), readFileSync(fromRoot('examples/spirals.dlmodel')));
  const status = runExport({ file: join(root, 'spirals.dlmodel'), to: 'pytorch', root, out: join(root, 'out') }, { stdout: () => undefined, stderr: () => undefined, colour: false });
  assert.equal(status, 0);
  const readme = readFileSync(join(root, 'out', 'README.md'), 'utf8');
  assert.match(readme, /^python3 -c "import torch; print\(torch\.__version__\)"$/m);
  assert.match(readme, /^python3 train\.py {2,}# CPU/m);
  assert.doesNotMatch(readme, /^python train\.py/m, 'every command says python3');
});
