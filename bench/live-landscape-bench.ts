// How much a loss landscape requested while a run trains slows the run (issue 14 §5: at most 20 %).
// The same spirals run is trained with and without a request (path plane 31 × 31 with the default
// optimizer race), alternately, in this process; the row is steps/s while the landscape was under
// way ÷ steps/s of the run without one. The worker gives the landscape at most `landscapeShare`
// of the training's time, so the ratio should stay near 1 / (1 + 0.1) ≈ 0.91.
// Standalone: node out/bench/live-landscape-bench.js (after npm run build: needs dist/worker.js).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TrainingRunHandle } from '../node/training-client';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'worker.js');
const epochs = 400;

/** Steps the host has seen and when it saw them. */
function train(): { handle: TrainingRunHandle; seen: { at: number; steps: number }[] } {
  const seen: { at: number; steps: number }[] = [];
  let steps = 0;
  const text = readFileSync(join(root, 'examples', 'spirals.dlmodel'), 'utf8');
  const handle = new TrainingRunHandle(workerPath, { text, workspaceRoot: root, documentFolder: 'examples', memoryBudget: 2 ** 31, epochs }, {
    onEvents: (events) => {
      steps += events.filter((e) => e.type === 'step').length;
      seen.push({ at: performance.now(), steps });
    },
    onEnded: () => undefined,
  });
  return { handle, seen };
}

/** Steps per second between two moments, from the host's record of steps seen. */
function rate(seen: readonly { at: number; steps: number }[], from: number, to: number): number {
  const inside = seen.filter((s) => s.at >= from && s.at <= to);
  if (inside.length < 2) return NaN;
  const first = inside[0]!;
  const last = inside[inside.length - 1]!;
  return ((last.steps - first.steps) * 1000) / (last.at - first.at);
}

async function without(): Promise<number> {
  const { handle, seen } = train();
  await handle.done;
  handle.dispose();
  return rate(seen, seen[0]!.at, Infinity);
}

async function withLandscape(): Promise<{ rate: number; landscapeMs: number }> {
  const { handle, seen } = train();
  while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  const asked = performance.now();
  const result = await handle.landscape('path', 31, true);
  const answered = performance.now();
  await handle.done;
  handle.dispose();
  if (!result.landscape) throw new Error(`no landscape: ${result.message}`);
  return { rate: rate(seen, asked, answered), landscapeMs: answered - asked };
}

export interface LiveLandscapeRow {
  readonly ratios: readonly number[];
  readonly landscapeMs: readonly number[];
}

export async function runLiveLandscapeBench(pairs = 5): Promise<LiveLandscapeRow> {
  const ratios: number[] = [];
  const landscapeMs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    const base = await without();
    const live = await withLandscape();
    ratios.push(live.rate / base);
    landscapeMs.push(live.landscapeMs);
  }
  return { ratios, landscapeMs };
}

/** Prints the row; returns 1 when the median ratio is under 0.8. */
export function printLiveLandscapeBench(row: LiveLandscapeRow): number {
  const sorted = [...row.ratios].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const ok = median >= 0.8;
  console.log('\nlandscape while training (spirals, path 31×31 + race)     median   target   pairs');
  console.log(`${'steps/s with a landscape request ÷ without'.padEnd(56)} ${median.toFixed(2).padStart(6)}   ≥ 0.80   ${row.ratios.map((r) => r.toFixed(2)).join(', ')} (landscape took ${row.landscapeMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s)  ${ok ? 'ok' : 'MISSED'}`);
  return ok ? 0 : 1;
}

if (require.main === module) void runLiveLandscapeBench().then((row) => (process.exitCode = printLiveLandscapeBench(row)));
