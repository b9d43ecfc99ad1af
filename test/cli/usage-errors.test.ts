// Usage errors of the real binary: one line on stderr that names the fix and points at --help,
// exit status 2, and never the whole usage text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fromRoot } from '../helpers/paths';

const cli = fromRoot('dist/cli.js');

function dlmodel(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: fromRoot('.'), encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cases: readonly [string[], RegExp][] = [
  [['train', 'examples/xor.dlmodel', '--epoch', '3'], /train has no option --epoch — did you mean --epochs\?/],
  [['train', 'examples/xor.dlmodel', '--sed=3'], /train has no option --sed — did you mean --seed\?/],
  [['train', 'examples/xor.dlmodel', '--epochs', '-3'], /--epochs must be ≥ 1; got -3/],
  [['train', 'examples/xor.dlmodel', '--epochs=0'], /--epochs must be ≥ 1; got 0/],
  [['train', 'examples/xor.dlmodel', '--epochs', 'ten'], /--epochs takes a whole number from 1 to 1000000; got 'ten'/],
  [['train', 'examples/xor.dlmodel', '--seed', '-1'], /--seed must be ≥ 0; got -1/],
  [['train', 'examples/xor.dlmodel', '--memory', '99999999'], /--memory must be ≤ 1048576; got 99999999/],
  [['train', 'examples/xor.dlmodel', '--epochs'], /--epochs needs a value: --epochs N/],
  [['train', 'examples/xor.dlmodel', '--report', '--json'], /--report needs a value: --report OUT\.html/],
  [['train', 'examples/xor.dlmodel', '--json=yes'], /--json is a switch and takes no value/],
  [['train', 'a.dlmodel', 'b.dlmodel'], /train takes one \.dlmodel file; got 2/],
  [['check'], /check needs at least one \.dlmodel file/],
  [['check', '--epochs', '3', 'examples/xor.dlmodel'], /check has no option --epochs; it takes --json, --root/],
  [['chek', 'examples/xor.dlmodel'], /unknown command 'chek' — did you mean 'check'\?/],
  [['export', 'examples/xor.dlmodel', '--to', 'tensorflow'], /--to must be pytorch or onnx; got 'tensorflow'/],
  [['export', 'examples/xor.dlmodel', '--too', 'onnx'], /export has no option --too — did you mean --to\?/],
];

test('each usage error is one line that names the fix and points at --help, exit 2', () => {
  for (const [args, message] of cases) {
    const result = dlmodel(args);
    const what = args.join(' ');
    assert.equal(result.status, 2, what);
    assert.equal(result.stdout, '', what);
    assert.equal(result.stderr.trimEnd().split('\n').length, 1, `${what}:\n${result.stderr}`);
    assert.match(result.stderr, message, what);
    assert.match(result.stderr, /^dlmodel: .* \(dlmodel --help for more\)\n$/, what);
  }
});

test('an unreadable file is one line too, without the --help pointer (the command line was right)', () => {
  const result = dlmodel(['train', 'nope.dlmodel']);
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'dlmodel: cannot read nope.dlmodel: no such file\n');
});

test('--help after a command prints the usage and exits 0; no command prints it to stderr with 2', () => {
  for (const args of [['train', '--help'], ['check', '-h'], ['--help']]) {
    const result = dlmodel(args);
    assert.equal(result.status, 0, args.join(' '));
    assert.match(result.stdout, /^dlmodel \d+\.\d+\.\d+ — /);
    assert.match(result.stdout, /70 internal error/);
  }
  const bare = dlmodel([]);
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^Usage:$/m);
});

test('options may come before the file, and -- ends the options', () => {
  const result = dlmodel(['train', '--epochs=1', '--json', '--', 'examples/xor.dlmodel']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout.split('\n')[0]!).type, 'start');
});
