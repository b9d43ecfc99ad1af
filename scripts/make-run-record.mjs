// Writes test/fixtures/run-record.json: a RunRecord made by really training examples/spirals.dlmodel
// through core/train (the events are exactly what the run yielded), with:
//   - latent: core/train's LatentRecorder, as `dlmodel train --report` and the panel record it
//     (every layer's probe activations projected per recorded epoch, epoch 0 included, and the model
//     over the input plane), fewer frames and a coarser grid to keep the fixture small;
//   - landscape, computed here from the same run's weights with plain numeric code until the
//     landscape code of core/train is committed: the training loss on the plane of the optimizer path's first two principal
//     components around the final weights (Li et al. 2018), the path and its off-plane distances,
//     the projected negative gradient (central differences on the grid: the plane's axes are
//     orthonormal), the straight-line interpolation from the initial to the final weights, and a
//     race of three more optimizers from the same initial weights projected onto the same plane.
// Needs the compiled tree: npx tsc -p tsconfig.json (or npm run build) first.
// Usage: node scripts/make-run-record.mjs [--epochs N] [--out FILE]
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = (path) => require(resolve(root, 'out', path));
const { checkDocument } = out('core/analysis/index.js');
const { createRun, planTraining, Evaluator, LatentRecorder } = out('core/train/index.js');
const { NodeFileAccess } = out('node/node-file-access.js');
const { RunRecordBuilder, lineStartsOf } = out('protocol/run-record.js');
const { isRunRecord } = out('protocol/validate-run-record.js');

const argument = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const modelPath = 'examples/spirals.dlmodel';
const epochs = Number(argument('--epochs', '200'));
const outFile = resolve(root, argument('--out', 'test/fixtures/run-record.json'));
const landscapeGrid = 31;
const raceOptimizers = [
  ['sgd(lr: 0.1)', 'sgd'],
  ['sgd(lr: 0.05, momentum: 0.9)', 'sgd + momentum'],
  ['rmsprop(lr: 0.005)', 'rmsprop'],
];

/** Rounds derived numbers to 4 significant digits, to keep the fixture small. */
const round = (v) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);
/** Every number of the events to 6 significant digits (float32 carries about 7): same data, half the bytes. */
const roundDeep = (value) => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(6));
  if (Array.isArray(value)) return value.map(roundDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v)]));
  return value;
};

function plan(text, optimizer) {
  const source = optimizer ? text.replace(/optimizer:[^\n#]*/, `optimizer: ${optimizer}`) : text;
  const fileAccess = new NodeFileAccess(root);
  const analysis = checkDocument(source, { fileAccess, documentFolder: 'examples' });
  const planned = planTraining(analysis, { fileAccess, documentFolder: 'examples', epochs });
  if (!planned.ok) throw new Error(planned.message);
  const created = createRun(planned.plan);
  if (!created.ok) throw new Error(created.message);
  return created.run;
}

const weightsOf = (run) => {
  const total = run.network.parameters.reduce((n, p) => n + p.tensor.data.length, 0);
  const flat = new Float64Array(total);
  let at = 0;
  for (const p of run.network.parameters) {
    flat.set(p.tensor.data, at);
    at += p.tensor.data.length;
  }
  return flat;
};
const setWeights = (run, flat) => {
  let at = 0;
  for (const p of run.network.parameters) {
    for (let i = 0; i < p.tensor.data.length; i++) p.tensor.data[i] = flat[at + i];
    at += p.tensor.data.length;
  }
};

// ── small linear algebra ───────────────────────────────────────────────────────────────────────

const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);

/** The top two eigenpairs of a symmetric matrix (array of rows), by power iteration with deflation. */
function topTwoEigen(matrix) {
  const n = matrix.length;
  const pairs = [];
  const work = matrix.map((row) => Float64Array.from(row));
  for (let k = 0; k < 2; k++) {
    let v = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13) / 13);
    let lambda = 0;
    for (let iteration = 0; iteration < 500; iteration++) {
      const next = work.map((row) => dot(row, v));
      const norm = Math.hypot(...next) || 1;
      const nextV = Float64Array.from(next, (x) => x / norm);
      const change = Math.hypot(...nextV.map((x, i) => x - v[i]));
      v = nextV;
      lambda = norm;
      if (change < 1e-12) break;
    }
    pairs.push({ value: lambda, vector: v });
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) work[i][j] -= lambda * v[i] * v[j];
  }
  return pairs;
}

// ── the run ────────────────────────────────────────────────────────────────────────────────────

const text = readFileSync(resolve(root, modelPath), 'utf8');
const run = plan(text);
const builder = new RunRecordBuilder('spirals-adam-42', `${run.plan.model.name} · adam · seed ${run.plan.seed}`, { path: modelPath, lineStarts: lineStartsOf(text) }, null);
const train = run.data.train;
const latent = new LatentRecorder(run, { maxFrames: 12, grid: 21, maxNeuronFrames: 4 });
const trajectory = [];

const started = performance.now();
for (const event of run.events()) {
  builder.add(event);
  if (event.type === 'start') {
    trajectory.push(weightsOf(run));
    latent.capture(0);
  } else if (event.type === 'epoch') {
    trajectory.push(weightsOf(run));
    if (latent.records(event.epoch)) latent.capture(event.epoch);
  }
}
console.log(`make-run-record: trained ${modelPath} for ${epochs} epochs in ${((performance.now() - started) / 1000).toFixed(1)} s`);

builder.mergeLatent(latent.snapshot());

// ── the loss landscape on the path's plane ─────────────────────────────────────────────────────

const final = trajectory.at(-1);
const parameters = final.length;
const offsets = trajectory.map((w) => w.map((v, i) => v - final[i]));
const gram = offsets.map((a) => offsets.map((b) => dot(a, b)));
const gramTrace = gram.reduce((s, row, i) => s + row[i], 0);
const [first, second] = topTwoEigen(gram);
const direction = (pair) => {
  const d = new Float64Array(parameters);
  offsets.forEach((offset, e) => offset.forEach((v, i) => (d[i] += pair.vector[e] * v)));
  const norm = Math.hypot(...d);
  return d.map((v) => v / norm);
};
const d1 = direction(first);
let d2 = direction(second);
const overlap = dot(d1, d2);
d2 = d2.map((v, i) => v - overlap * d1[i]);
const d2Norm = Math.hypot(...d2);
d2 = d2.map((v) => v / d2Norm);

/** A weight vector's plane coordinates and distance from the plane (relative to the final weights). */
function project(weights) {
  const offset = weights.map((v, i) => v - final[i]);
  const a = dot(offset, d1);
  const b = dot(offset, d2);
  const residual = Math.hypot(...offset.map((v, i) => v - a * d1[i] - b * d2[i]));
  return { a, b, residual };
}

const evaluator = new Evaluator(run.network, train, run.plan.loss);
const lossAt = (weights) => {
  setWeights(run, weights);
  const value = evaluator.evaluate().loss;
  return Number.isFinite(value) ? value : null;
};

const path = trajectory.map(project);
const span = (values) => {
  const low = Math.min(...values, 0);
  const high = Math.max(...values, 0);
  const margin = Math.max((high - low) * 0.25, 1e-3);
  return [round(low - margin), round(high + margin)];
};
const landscapeAxes = { nx: landscapeGrid, ny: landscapeGrid, x: span(path.map((p) => p.a)), y: span(path.map((p) => p.b)) };
const coordinate = (range, i) => range[0] + ((range[1] - range[0]) * i) / (landscapeGrid - 1);
const grid = [];
for (let j = 0; j < landscapeGrid; j++) {
  for (let i = 0; i < landscapeGrid; i++) {
    const a = coordinate(landscapeAxes.x, i);
    const b = coordinate(landscapeAxes.y, j);
    grid.push(lossAt(final.map((v, k) => v + a * d1[k] + b * d2[k])));
  }
}

// The projected negative gradient by central differences, every third grid point.
const positions = [];
const vectors = [];
const dx = (landscapeAxes.x[1] - landscapeAxes.x[0]) / (landscapeGrid - 1);
const dy = (landscapeAxes.y[1] - landscapeAxes.y[0]) / (landscapeGrid - 1);
for (let j = 1; j < landscapeGrid - 1; j += 3) {
  for (let i = 1; i < landscapeGrid - 1; i += 3) {
    const at = (ii, jj) => grid[jj * landscapeGrid + ii];
    const values = [at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)];
    if (values.some((v) => v === null)) continue;
    positions.push(round(coordinate(landscapeAxes.x, i)), round(coordinate(landscapeAxes.y, j)));
    vectors.push(round(-(values[0] - values[1]) / (2 * dx)), round(-(values[2] - values[3]) / (2 * dy)));
  }
}

const alphas = Array.from({ length: 61 }, (_, i) => round(-0.25 + (1.5 * i) / 60));
const initial = trajectory[0];
const interpolation = { alphas, loss: alphas.map((alpha) => round(lossAt(initial.map((v, i) => v + alpha * (final[i] - v))) ?? Number.NaN)) };
setWeights(run, final);

const pathOf = (name, points) => ({
  name,
  points: points.flatMap((p) => [round(p.a), round(p.b)]),
  offPlane: points.map((p) => round(p.residual)),
  epochs: points.map((_, e) => e),
});
const paths = [pathOf('adam (this run)', path)];
for (const [optimizer, name] of raceOptimizers) {
  const racer = plan(text, optimizer);
  const weights = [weightsOf(racer)];
  for (const event of racer.events()) if (event.type === 'epoch') weights.push(weightsOf(racer));
  paths.push(pathOf(name, weights.map(project)));
}

builder.setLandscape({
  plane: 'path',
  explainedVariance: [round(first.value / gramTrace), round(second.value / gramTrace)],
  axes: landscapeAxes,
  loss: grid.map((v) => (v === null ? null : round(v))),
  arrows: { positions, vectors },
  paths,
  interpolation,
});

const record = roundDeep(builder.record());
if (!isRunRecord(record)) throw new Error('make-run-record: the record does not pass isRunRecord');
writeFileSync(outFile, JSON.stringify(record) + '\n');
console.log(`make-run-record: wrote ${relative(root, outFile)} (${(JSON.stringify(record).length / 1024).toFixed(0)} KiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
