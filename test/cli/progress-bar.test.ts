// The terminal progress bar: drawn in place on stderr when it is a terminal, throttled, and cleared
// before each epoch line so that the log stays readable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../cli/main';
import { ProgressBar, formatDuration } from '../../cli/progress-bar';
import { fromRoot } from '../helpers/paths';

test('a terminal gets a bar redrawn in place with epoch, loss, speed and ETA; stdout keeps clean epoch lines', () => {
  const stdout: string[] = [];
  const progress: string[] = [];
  const previous = process.cwd();
  process.chdir(fromRoot('.'));
  try {
    const status = main(['train', 'examples/xor.dlmodel', '--epochs', '2'], { stdout: (t) => stdout.push(t), stderr: (t) => assert.fail(t), colour: false, progress: (t) => progress.push(t) });
    assert.equal(status, 0);
  } finally {
    process.chdir(previous);
  }
  const bars = progress.filter((p) => p.includes('█') || p.includes('░'));
  assert.ok(bars.length >= 1, JSON.stringify(progress));
  // eslint-disable-next-line no-control-regex -- the progress bar is made of terminal escape sequences
  assert.match(bars[0]!, /^\r\x1b\[2Kepoch 1\/2 [█░]{24} +\d+% loss \S+ {2}\d+ steps\/s {2}ETA \S+/);
  assert.ok(progress.includes('\r\x1b[2K'), 'the bar is cleared before an epoch line');
  assert.equal(stdout.filter((l) => l.startsWith('epoch ')).length, 2);
  // eslint-disable-next-line no-control-regex -- the progress bar is made of terminal escape sequences
  for (const line of stdout) assert.doesNotMatch(line, /[\r\x1b]/);
});

test('the bar redraws at most once per interval unless forced', () => {
  const writes: string[] = [];
  const bar = new ProgressBar((t) => writes.push(t), 10, 100);
  bar.update(0, 0.1, 'a', '');
  bar.update(50, 0.2, 'a', '');
  bar.update(120, 0.3, 'a', '');
  bar.update(130, 1, 'a', '', true);
  assert.equal(writes.length, 3);
  assert.match(writes[2]!, /█{10} 100%/);
});

test('durations read as a person writes them', () => {
  assert.deepEqual([0.4, 12, 185, 3725, Number.NaN].map(formatDuration), ['0s', '12s', '3m 05s', '1h 02m', '?']);
});
