// Checking grows linearly with the text (issue 17): a 16× longer file must cost about 16× the
// CPU time of the short one, measured in the same process as a ratio (never against a clock
// constant). The bound is generous: a linear checker stays near 1.2–1.7 here (large documents keep
// more objects alive, so the collector copies more), while any step that is quadratic in the
// number of lines (a scan per statement, a re-sorted list per diagnostic) gives about 16 and more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDocument } from '../../../core/analysis';
import { parse } from '../../../core/syntax';
import { syntheticModel } from '../../../bench/check-bench';

const shortLines = 1_000;
const factor = 16;
const rounds = 3;
/** Linear code measures 1.2–1.7 here (load 13, 2 cores); a scan from the start of the file per statement gives far more. */
const allowedSlowdown = 5;

function cpuMilliseconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/** Median over interleaved rounds of cost(long) ÷ (factor × cost(short)), after a warm-up of both. */
function slowdownPerLine(run: (text: string) => unknown): number {
  const short = syntheticModel(shortLines);
  const long = syntheticModel(shortLines * factor);
  run(short);
  run(long);
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // The short text checked `factor` times: the same number of lines as the long one.
    const shortCost = cpuMilliseconds(() => {
      for (let copy = 0; copy < factor; copy++) run(short);
    });
    const longCost = cpuMilliseconds(() => run(long));
    ratios.push(longCost / Math.max(shortCost, 1e-3));
  }
  return median(ratios);
}

test('parsing a 16× longer file costs about 16× (no quadratic step)', () => {
  const slowdown = slowdownPerLine(parse);
  assert.ok(slowdown < allowedSlowdown, `per-line cost of the ${shortLines * factor}-line parse is ${slowdown.toFixed(1)}× the ${shortLines}-line one's`);
});

test('checking a 16× longer file costs about 16× (no quadratic step)', () => {
  const slowdown = slowdownPerLine(checkDocument);
  assert.ok(slowdown < allowedSlowdown, `per-line cost of the ${shortLines * factor}-line check is ${slowdown.toFixed(1)}× the ${shortLines}-line one's`);
});

test('the check of the benchmark file reports no problem and counts its layers as work', () => {
  // Guards the two ratios above against measuring an early exit: the long file is checked whole.
  const analysis = checkDocument(syntheticModel(shortLines * factor));
  // Its train block reads digits() (1×8×8) into a 3×64×64 input: DL504 is the only error, by design of the bench text.
  assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['DL504']);
  assert.ok(analysis.models[0]!.layers.length > shortLines * factor * 0.3, `${analysis.models[0]!.layers.length} layers`);
});
