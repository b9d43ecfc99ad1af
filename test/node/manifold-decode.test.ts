// The Latent manifold tab's interpolation decoded afresh: the run's worker (a real worker_threads
// Worker, dist/worker.js, driven by TrainingRunHandle as the extension host drives it) decodes
// points of a kept frame's plane under that frame's weights. Checked against the decoder itself:
// the trained weights loaded into a separate network, run from the code (forwardEvalFrom), and
// against the frames' own decoded grids at grid points (an earlier epoch's too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LatentData } from '../../core/train';
import { latentNode, prepareRun } from '../../core/train';
import { loadSafetensorsInto } from '../../core/export/weights';
import type { ManifoldFrame } from '../../core/train/panel-data-images';
import { TrainingRunHandle } from '../../node/training-client';
import { NodeFileAccess } from '../../node/node-file-access';
import { fromRoot, repoRoot } from '../helpers/paths';

const text = readFileSync(fromRoot('examples', 'digits-vae.dlmodel'), 'utf8');
const epochs = 3;

/** The grid point (i, j) of a frame's plane, as the recorder lays it out. */
function gridPoint(frame: ManifoldFrame, i: number, j: number): [number, number] {
  const { nx, ny, x, y } = frame.axes;
  return [x[0] + ((x[1] - x[0]) * i) / (nx - 1), y[0] + ((y[1] - y[0]) * j) / (ny - 1)];
}

/** Largest |a − b| over two equally long lists. */
function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let most = 0;
  for (let k = 0; k < a.length; k++) most = Math.max(most, Math.abs(a[k]! - b[k]!));
  return most;
}

test('the worker decodes interpolation points afresh: equal to the decoder run from the code, and to the grid at grid points', { timeout: 240_000 }, async () => {
  const latent: LatentData[] = [];
  const handle = new TrainingRunHandle(fromRoot('dist/worker.js'), { text, workspaceRoot: repoRoot, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs }, {
    onEvents: () => undefined,
    onLatent: (snapshot) => latent.push(snapshot),
    onEnded: () => undefined,
  });
  try {
    assert.equal(await handle.done, 'completed');
    const frames = latent.at(-1)!.manifold!.frames;
    const [first, last] = [frames[0]!, frames.at(-1)!];
    assert.ok(first.epoch < last.epoch, `frames at ${frames.map((f) => f.epoch).join(', ')}`);
    const size = 64;
    // Points off the grid: the segment between two grid points, as the panel asks.
    const [ax, ay] = gridPoint(last, 2, 3);
    const [bx, by] = gridPoint(last, 11, 9);
    const points = Array.from({ length: 10 }, (_, k) => [ax + ((bx - ax) * k) / 9, ay + ((by - ay) * k) / 9]).flat();
    const answer = await handle.decodeLatent(last.epoch, points);
    assert.ok(answer.decoded, answer.message);
    assert.equal(answer.decoded.length, 10 * size);

    // The decoder itself: the run's trained weights in a separate network, run from the code.
    const reference = prepareRun(text, { fileAccess: new NodeFileAccess(repoRoot), documentFolder: 'examples', memoryBudget: 2 ** 31, raiseBudget: '', epochs });
    assert.ok(reference.ok && reference.kind === 'supervised');
    assert.deepEqual(loadSafetensorsInto(reference.run.network, handle.weights!), { ok: true });
    const node = latentNode(reference.plan.model)!;
    const expected = reference.run.forwardEvalFrom(node, Float32Array.from(points), 10, (result) => result.output.data.slice(0, 10 * size));
    assert.deepEqual(Array.from(answer.decoded), Array.from(expected));
    // Fresh points are not the nearest grid images: the middle of the segment lies between grid points.
    const middle = answer.decoded.subarray(5 * size, 6 * size);
    const gridCells = Array.from({ length: last.axes.nx * last.axes.ny }, (_, c) => maxDifference(middle, last.decoded.slice(c * size, (c + 1) * size)));
    assert.ok(Math.min(...gridCells) > 1e-3, `the middle image equals a grid image (${Math.min(...gridCells)})`);

    // At grid points, the fresh decoding equals the frame's grid (stored to 3 significant digits of its scale),
    // for the last epoch and for the first, whose weights the worker kept.
    for (const frame of [first, last]) {
      const [u, v] = gridPoint(frame, 4, 7);
      const atGrid = await handle.decodeLatent(frame.epoch, [u, v]);
      assert.ok(atGrid.decoded, atGrid.message);
      const cell = 7 * frame.axes.nx + 4;
      const difference = maxDifference(atGrid.decoded, frame.decoded.slice(cell * size, (cell + 1) * size));
      assert.ok(difference <= 5e-4, `epoch ${frame.epoch}: fresh vs grid differ by ${difference}`);
    }
    // The first epoch's decoding is not the last's: the kept weights were used, and put back after.
    const [u, v] = gridPoint(first, 4, 7);
    const early = await handle.decodeLatent(first.epoch, [u, v]);
    const late = await handle.decodeLatent(last.epoch, [u, v]);
    assert.ok(maxDifference(early.decoded!, late.decoded!) > 1e-3);
    const again = await handle.decodeLatent(last.epoch, points);
    assert.deepEqual(Array.from(again.decoded!), Array.from(expected));

    // An epoch without a kept frame is refused with the reason.
    const missing = await handle.decodeLatent(last.epoch + 1, points);
    assert.equal(missing.decoded, null);
    assert.match(missing.message ?? '', /weights of epoch \d+ are not kept/);
  } finally {
    handle.dispose();
  }
  const gone = await handle.decodeLatent(1, [0, 0]);
  assert.equal(gone.decoded, null);
  assert.match(gone.message ?? '', /no longer kept/);
});
