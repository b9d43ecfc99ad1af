// The loss-landscape and latent-space computations of core/inspect, timed. The headline is a 51×51
// loss grid of a 2-16-16-3 MLP on 300 points (target < 150 ms), given also as a ratio to a naive
// JavaScript loop over the same grid measured in the same run (plain loops, Math.tanh, θ rebuilt
// per point), so that figures from a busy machine can still be compared. Each figure is the best of
// several runs of the process's CPU time (user + system): the work is single-threaded, so on an
// idle machine that is the wall time, and on a shared one the best run is the least disturbed.
// Standalone: node out/bench/landscape-bench.js
import { checkDocument } from '../core/analysis';
import { Random } from '../core/common/random';
import { createLandscapeEvaluator, gradientField, lossSurface, pca, randomPlane, symmetricAxis, type LossData, type Plane } from '../core/inspect';
import { defaultLoss } from '../core/nn/settings';
import { Network } from '../core/nn/network';

export interface LandscapeBenchRow {
  readonly name: string;
  readonly bestMs: number;
  /** NaN: no target. */
  readonly targetMs: number;
  /** The naive loop's best time over the same work, NaN when there is none. */
  readonly naiveMs: number;
}

function time(runs: number, work: () => void): number {
  work(); // warm-up: compile the code paths before measuring
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = process.cpuUsage();
    work();
    const used = process.cpuUsage(started);
    samples.push((used.user + used.system) / 1000);
  }
  return Math.min(...samples);
}

function mlp(first: string, second: string): Network {
  const text = `model M {\n  input [2]\n  dense(16, activation: ${first})\n  dense(16, activation: ${second})\n  dense(3)\n  softmax()\n}\n`;
  return new Network(checkDocument(text).models[0]!, new Random(1));
}

function spiralData(rows: number): LossData {
  const random = new Random(2);
  const inputs = new Float32Array(rows * 2);
  const targets = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const arm = r % 3;
    const radius = (r / rows) * 5;
    const angle = radius + (2 * Math.PI * arm) / 3;
    inputs[2 * r] = radius * Math.cos(angle) + 0.15 * random.normal();
    inputs[2 * r + 1] = radius * Math.sin(angle) + 0.15 * random.normal();
    targets[r] = arm;
  }
  return { inputs, targets, rows, loss: defaultLoss('cross_entropy') };
}

/**
 * The reference: a plain loop without the tricks (no allocation inside, but no blocking, Math.tanh,
 * every weight read from θ as written). For each grid point θ is rebuilt, then each row runs through
 * the three layers into a stable cross-entropy.
 */
function naiveGrid(plane: Plane, axis: Float64Array, data: LossData, activations: readonly [string, string]): Float64Array {
  const theta = new Float32Array(plane.origin.length);
  const out = new Float64Array(axis.length * axis.length);
  const h1 = new Float64Array(16);
  const h2 = new Float64Array(16);
  const z = new Float64Array(3);
  const [w1, b1, w2, b2, w3, b3] = [0, 32, 48, 304, 320, 368];
  const relu1 = activations[0] === 'relu';
  const relu2 = activations[1] === 'relu';
  for (let j = 0; j < axis.length; j++) {
    for (let i = 0; i < axis.length; i++) {
      for (let k = 0; k < theta.length; k++) theta[k] = plane.origin[k]! + axis[i]! * plane.x[k]! + axis[j]! * plane.y[k]!;
      let total = 0;
      for (let r = 0; r < data.rows; r++) {
        for (let u = 0; u < 16; u++) {
          const s = theta[b1 + u]! + data.inputs[2 * r]! * theta[w1 + u]! + data.inputs[2 * r + 1]! * theta[w1 + 16 + u]!;
          h1[u] = relu1 ? Math.max(s, 0) : Math.tanh(s);
        }
        for (let u = 0; u < 16; u++) {
          let s = theta[b2 + u]!;
          for (let p = 0; p < 16; p++) s += h1[p]! * theta[w2 + p * 16 + u]!;
          h2[u] = relu2 ? Math.max(s, 0) : Math.tanh(s);
        }
        let max = -Infinity;
        for (let u = 0; u < 3; u++) {
          let s = theta[b3 + u]!;
          for (let p = 0; p < 16; p++) s += h2[p]! * theta[w3 + p * 3 + u]!;
          z[u] = s;
          max = Math.max(max, s);
        }
        let sum = 0;
        for (let u = 0; u < 3; u++) sum += Math.exp(z[u]! - max);
        total += max + Math.log(sum) - z[data.targets[r]!]!;
      }
      out[j * axis.length + i] = total / data.rows;
    }
  }
  return out;
}

export function runLandscapeBench(): LandscapeBenchRow[] {
  const rows: LandscapeBenchRow[] = [];
  const data = spiralData(300);
  for (const activations of [
    ['relu', 'tanh'],
    ['tanh', 'tanh'],
  ] as const) {
    const network = mlp(activations[0], activations[1]);
    const plane = randomPlane(network, new Random(3));
    const axis = symmetricAxis(51);
    const evaluator = createLandscapeEvaluator(network, data);
    const naiveMs = time(3, () => naiveGrid(plane, axis, data, activations));
    const label = `${activations.join('/')} 2-16-16-3, 300 points`;
    rows.push({ name: `${label}, 51×51 grid`, bestMs: time(7, () => lossSurface(evaluator, plane, axis, axis)), targetMs: 150, naiveMs });
    const engine = createLandscapeEvaluator(network, data, { fast: false });
    rows.push({ name: `  the same through the network (engine)`, bestMs: time(3, () => lossSurface(engine, plane, axis, axis)), targetMs: NaN, naiveMs });
    rows.push({ name: `  gradient arrows, every 4th point (13×13)`, bestMs: time(3, () => gradientField(evaluator, plane, axis, axis, { stride: 4 })), targetMs: NaN, naiveMs: NaN });
  }
  const random = new Random(4);
  const activations = Float32Array.from({ length: 1000 * 256 }, () => random.normal());
  rows.push({ name: 'PCA of 1000×256 activations, 2 components', bestMs: time(5, () => pca(activations, 1000, 256, { components: 2 })), targetMs: NaN, naiveMs: NaN });
  return rows;
}

/** Prints the table; returns how many targets were missed. */
export function printLandscapeBench(rows: readonly LandscapeBenchRow[]): number {
  let missed = 0;
  console.log('\nloss landscape and latent space (core/inspect)          best CPU ms   target ms   naive loop ms   ×naive');
  for (const row of rows) {
    const hasTarget = Number.isFinite(row.targetMs);
    const ok = !hasTarget || row.bestMs < row.targetMs;
    if (!ok) missed++;
    const ratio = Number.isFinite(row.naiveMs) ? (row.bestMs / row.naiveMs).toFixed(3) : '—';
    const naive = Number.isFinite(row.naiveMs) ? row.naiveMs.toFixed(1) : '—';
    console.log(`${row.name.padEnd(56)} ${row.bestMs.toFixed(1).padStart(9)}   ${(hasTarget ? '< ' + row.targetMs : '—').padStart(9)}   ${naive.padStart(13)}   ${ratio.padStart(6)}  ${hasTarget ? (ok ? 'ok' : 'MISSED') : ''}`);
  }
  return missed;
}

if (require.main === module) process.exitCode = printLandscapeBench(runLandscapeBench()) > 0 ? 1 : 0;
