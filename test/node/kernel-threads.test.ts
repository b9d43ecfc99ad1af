// Kernel threads (issue 17, "Both cores"): the same seed gives the same bits on 1 and 2 threads,
// because every output element of a split op is computed by one thread exactly as on one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as t from '../../core/tensor';
import type { TrainEvent } from '../../core/train';
import { roundSaving, splitRange } from '../../core/tensor/wasm/threads';
import { fastArena } from '../../core/tensor/kernels/backend';
import { wasmArena, wasmOwnArena } from '../../core/tensor/wasm/runtime';
import { useKernelThreads } from '../../node/kernel-threads';
import { enableRelaxedSimd } from '../../node/wasm-features';
import { allEvents, planFile, planText } from '../helpers/training';

enableRelaxedSimd();

/** The run's events as text, without the start event's thread count (the one field that may differ). */
function runText(events: readonly TrainEvent[]): string {
  return JSON.stringify(events.map((e) => (e.type === 'start' ? { ...e, threads: undefined } : e)));
}

/** The run on `threads` threads, with how many ops ran split; back to one thread afterwards. */
function runOn(threads: number, plan: () => readonly TrainEvent[]): { text: string; rounds: number; start: TrainEvent } {
  assert.equal(useKernelThreads(threads), threads, `${threads} kernel threads start here`);
  try {
    const events = plan();
    return { text: runText(events), rounds: t.kernelThreadRounds(), start: events[0]! };
  } finally {
    useKernelThreads(1);
  }
}

const convText = `model SmallCNN {
  input [1, 8, 8]
  conv2d(12, 3, padding: same, activation: relu)
  maxpool2d(2)
  conv2d(20, 3, padding: 1, activation: tanh)
  flatten()
  dense(24, activation: relu)
  dense(10)
}
train {
  data: digits()
  loss: cross_entropy
  optimizer: adam(lr: 0.003)
  batch: 27
  epochs: 1
  seed: 5
}
`;

test('a CNN and an MLP train to the same bits on 1 and 2 kernel threads (default split sizes)', () => {
  for (const path of ['examples/digits-cnn.dlmodel', 'examples/digits-mlp.dlmodel']) {
    const plan = (): TrainEvent[] => allEvents(planFile(path, { epochs: 1 }));
    const one = runOn(1, plan);
    const two = runOn(2, plan);
    assert.equal(one.rounds, 0);
    assert.ok(two.rounds > 0, `${path}: some ops ran split (${two.rounds} rounds)`);
    assert.equal(two.text, one.text, `${path}: identical events`);
    assert.equal((two.start as { threads?: number }).threads, 2, 'the start event reports the thread count');
    assert.equal((one.start as { threads?: number }).threads, 1);
  }
});

test('every fast op split (split size 0, odd batch, ragged tiles) still gives the one-thread bits', () => {
  t.setKernelBackend('fast', { matmul: 0, conv2d: 0, parallel: 0 });
  try {
    const plan = (): TrainEvent[] => allEvents(planText(convText));
    const one = runOn(1, plan);
    const two = runOn(2, plan);
    const three = runOn(3, plan);
    assert.ok(two.rounds > 100, `every gemm and convolution ran split (${two.rounds} rounds)`);
    assert.equal(two.text, one.text);
    assert.equal(three.text, one.text);
  } finally {
    t.setKernelBackend('fast');
  }
});

test('one thread is the one-thread arena again: no rounds, nothing split', () => {
  useKernelThreads(2);
  assert.equal(t.kernelThreadCount(), 2);
  useKernelThreads(1);
  assert.equal(t.kernelThreadCount(), 1);
  assert.equal(t.kernelThreadRounds(), 0);
  assert.throws(() => t.setKernelThreads(0), /whole number/);
});

test('while threads run, only an op they split uses the shared memory; every other op the one-thread arena', () => {
  assert.equal(useKernelThreads(2), 2);
  try {
    const shared = wasmArena()!;
    const own = wasmOwnArena()!;
    assert.notEqual(shared, own);
    assert.ok(shared.threads && !own.threads);
    const split = t.kernelThresholds().parallel;
    assert.equal(fastArena('matmul', split), shared);
    assert.equal(fastArena('conv2d', split), shared);
    // Copies into a SharedArrayBuffer are ~3× slower: an op that is not split must not pay them.
    assert.equal(fastArena('matmul', split - 1), own);
    assert.equal(fastArena('conv2d', split - 1), own);
    assert.equal(fastArena('elementwise', 4 * split), own);
    assert.equal(fastArena('maxPool', 4 * split), own);
  } finally {
    useKernelThreads(1);
  }
  assert.equal(fastArena('matmul', t.kernelThresholds().parallel), wasmOwnArena());
});

test('splitRange cuts [0, total) into shares on multiples of the unit, covering it once', () => {
  assert.deepEqual(splitRange(64, 2, 4), [[0, 32], [32, 64]]);
  assert.deepEqual(splitRange(10, 2, 4), [[0, 4], [4, 10]]);
  assert.deepEqual(splitRange(3, 2, 4), [[0, 0], [0, 3]]);
  assert.deepEqual(splitRange(27, 3, 1), [[0, 9], [9, 18], [18, 27]]);
  for (let total = 0; total < 40; total++) {
    for (const parts of [1, 2, 3, 5]) {
      const shares = splitRange(total, parts, 8);
      assert.equal(shares.length, parts);
      assert.equal(shares[0]![0], 0);
      assert.equal(shares.at(-1)![1], total);
      shares.forEach(([start, end], i) => {
        assert.ok(start <= end);
        if (i > 0) assert.equal(start, shares[i - 1]![1]);
        if (i < parts - 1) assert.equal(end % 8 === 0 || end === total, true);
      });
    }
  }
});

test('a large gemm runs as several tasks per thread, claimed by both threads, with the one-thread bits', () => {
  const [m, k, n] = [203, 301, 157];
  const a = t.tensor(Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.37)), [m, k]);
  const b = t.tensor(Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.11)), [k, n]);
  const one = t.matmul(a, b).data.slice();
  assert.equal(useKernelThreads(2), 2);
  t.setKernelBackend('fast', { parallel: 0 });
  try {
    const threads = wasmArena()!.threads!;
    // The other thread boots in the background: until it serves a round, this thread runs every task.
    // A condition, not a time: the cap only ends a hang, far beyond a boot on a busy machine.
    for (const started = Date.now(); threads.served === 0 && Date.now() - started < 120_000; ) assert.deepEqual(t.matmul(a, b).data, one);
    for (let i = 0; i < 20; i++) assert.deepEqual(t.matmul(a, b).data, one, 'the same bits whoever claims which task');
    assert.ok(threads.served > 0, 'the other thread ran tasks');
    assert.ok(threads.tasks >= 2 * threads.rounds * 2, `several tasks per thread and round (${threads.tasks} in ${threads.rounds} rounds)`);
  } finally {
    t.setKernelBackend('fast');
    useKernelThreads(1);
  }
});

test('a round too large for the shared task area runs on this thread, with the same bits', () => {
  // A batch of 4,000 samples of a small convolution: more calls than the task area holds.
  const x = t.tensor(Float32Array.from({ length: 4000 * 2 * 5 * 5 }, (_, i) => Math.sin(i * 0.013)), [4000, 2, 5, 5]);
  const w = t.tensor(Float32Array.from({ length: 3 * 2 * 3 * 3 }, (_, i) => Math.cos(i)), [3, 2, 3, 3]);
  const one = t.conv2d(x, w, undefined, {}).data.slice();
  assert.equal(useKernelThreads(2), 2);
  t.setKernelBackend('fast', { parallel: 0 });
  try {
    assert.deepEqual(t.conv2d(x, w, undefined, {}).data, one);
  } finally {
    t.setKernelBackend('fast');
    useKernelThreads(1);
  }
});

test('a round saves the tasks the other threads ran, less the hand-over and the wait', () => {
  // 8 tasks, 4 here in 1 ms: alone, 2 ms; the round took 1.1 ms.
  assert.ok(Math.abs(roundSaving(8, 4, 0.05, 1, 0.05) - 0.9) < 1e-9);
  // Every task here: the hand-over was lost.
  assert.ok(roundSaving(8, 8, 0.05, 2, 0) < 0);
  // The other thread was descheduled in the middle of its task: this one waited longer than it saved.
  assert.ok(roundSaving(8, 7, 0.01, 1.75, 0.5) < 0);
});
