// Writes test/fixtures/run-record.json: a RunRecord made by really training examples/spirals.dlmodel
// through core/train (the events are exactly what the run yielded), plus latent-space and
// loss-landscape data computed here from the same run's weights, with plain numeric code, until
// core/inspect provides them:
//   - latent: each layer's activations on the probe batch at chosen epochs, projected onto their
//     first two principal components (signs aligned from frame to frame), and the model over the
//     input plane (decision and every hidden unit) on a grid;
//   - landscape: the training loss on the plane of the optimizer path's first two principal
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
const { createRun, planTraining, Evaluator } = out('core/train/index.js');
const t = out('core/tensor/index.js');
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
/** Epochs with a latent projection, and (fewer, they are larger) with the input-plane grids. */
const latentEpochs = new Set([0, 1, 2, 3, 5, 8, 12, 20, 30, 45, 65, 90, 120, 160, 200].filter((e) => e <= epochs));
const planeEpochs = new Set([0, 10, 30, 100, 200].filter((e) => e <= epochs));
const planeGrid = 21;
const landscapeGrid = 31;
const raceOptimizers = [
  ['sgd(lr: 0.1)', 'sgd'],
  ['sgd(lr: 0.05, momentum: 0.9)', 'sgd + momentum'],
  ['rmsprop(lr: 0.005)', 'rmsprop'],
];

/** Rounds derived numbers to 4 significant digits, unit outputs to 3, to keep the fixture small. */
const round = (v) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : null);
const round3 = (v) => (Number.isFinite(v) ? Number(v.toPrecision(3)) : null);
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

/** Runs the network in eval mode on rows of 2-D inputs; `use` reads the result before buffers are recycled. */
function forward(run, inputs, rows, use) {
  const tape = new t.Tape();
  try {
    return tape.run(() => t.noGrad(() => use(run.network.forward(t.tensor(inputs, [rows, 2]), { training: false }))));
  } finally {
    tape.reset();
  }
}

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

/** PCA of rows × dims values: the 2-D projection, the components and their explained variance. */
function pca(data, rows, dims, previous) {
  const mean = new Float64Array(dims);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dims; d++) mean[d] += data[r * dims + d] / rows;
  const covariance = Array.from({ length: dims }, () => new Float64Array(dims));
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < dims; a++) {
      const da = data[r * dims + a] - mean[a];
      for (let b = 0; b < dims; b++) covariance[a][b] += (da * (data[r * dims + b] - mean[b])) / rows;
    }
  }
  const trace = covariance.reduce((s, row, i) => s + row[i], 0);
  const pairs = topTwoEigen(covariance);
  // Align signs with the previous frame, so the replay does not flip.
  if (previous) pairs.forEach((p, k) => dot(p.vector, previous[k]) < 0 && p.vector.forEach((x, i) => (p.vector[i] = -x)));
  const points = [];
  for (let r = 0; r < rows; r++) {
    for (const p of pairs) {
      let s = 0;
      for (let d = 0; d < dims; d++) s += (data[r * dims + d] - mean[d]) * p.vector[d];
      points.push(round(s));
    }
  }
  const share = (p) => (trace > 0 ? Math.min(1, Math.max(0, p.value / trace)) : 0);
  return { points, explainedVariance: [round(share(pairs[0])), round(share(pairs[1]))], components: pairs.map((p) => p.vector) };
}

// ── the run ────────────────────────────────────────────────────────────────────────────────────

const text = readFileSync(resolve(root, modelPath), 'utf8');
const run = plan(text);
const builder = new RunRecordBuilder('spirals-adam-42', `${run.plan.model.name} · adam · seed ${run.plan.seed}`, { path: modelPath, lineStarts: lineStartsOf(text) }, null);
const probeRows = run.probeCount;
const train = run.data.train;
const projectable = [];
const projections = new Map();
const previousComponents = new Map();
const trajectory = [];

/** Each layer's activations on the probe batch, projected. */
function recordLatent(epoch) {
  run.probe((result) => {
    for (const [layer, tensor] of result.activations) {
      const dims = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
      if (dims < 2 || tensor.shape.length !== 2) continue;
      if (!projections.has(layer)) {
        projections.set(layer, []);
        projectable.push(layer);
      }
      const projected = pca(tensor.data, result.rows, dims, previousComponents.get(layer));
      previousComponents.set(layer, projected.components);
      projections.get(layer).push({ epoch, points: projected.points, explainedVariance: projected.explainedVariance });
    }
  });
}

// The input plane: the probe's bounding box with a margin, as Playground draws it.
const probeInputs = Array.from(train.inputs.subarray(0, probeRows * 2), (v) => round(v));
const extent = Math.ceil(Math.max(...probeInputs.map(Math.abs)) * 1.1);
const planeAxes = { nx: planeGrid, ny: planeGrid, x: [-extent, extent], y: [-extent, extent] };
const gridInputs = new Float32Array(planeGrid * planeGrid * 2);
for (let j = 0; j < planeGrid; j++) {
  for (let i = 0; i < planeGrid; i++) {
    gridInputs[(j * planeGrid + i) * 2] = -extent + (2 * extent * i) / (planeGrid - 1);
    gridInputs[(j * planeGrid + i) * 2 + 1] = -extent + (2 * extent * j) / (planeGrid - 1);
  }
}
const planeFrames = [];

function recordPlane(epoch) {
  const cells = planeGrid * planeGrid;
  forward(run, gridInputs, cells, (result) => {
    const probabilities = result.output.data;
    const classes = result.output.shape[1];
    const predicted = [];
    const confidence = [];
    for (let c = 0; c < cells; c++) {
      let best = 0;
      for (let k = 1; k < classes; k++) if (probabilities[c * classes + k] > probabilities[c * classes + best]) best = k;
      predicted.push(best);
      confidence.push(round(probabilities[c * classes + best]));
    }
    // Every hidden unit: the layers with parameters but the last, whose units are the class scores the decision shows.
    const neurons = [];
    for (const layer of run.layers.slice(0, -1)) {
      const tensor = result.activations.get(layer.name);
      if (!tensor || tensor.shape.length !== 2) continue;
      const units = tensor.shape[1];
      for (let u = 0; u < units; u++) neurons.push({ layer: layer.name, unit: u, values: Array.from({ length: cells }, (_, c) => round3(tensor.data[c * units + u])) });
    }
    planeFrames.push({ epoch, decision: { kind: 'classes', predicted, confidence }, neurons });
  });
}

const started = performance.now();
for (const event of run.events()) {
  builder.add(event);
  if (event.type === 'start') {
    trajectory.push(weightsOf(run));
    recordLatent(0);
    recordPlane(0);
  } else if (event.type === 'epoch') {
    trajectory.push(weightsOf(run));
    if (latentEpochs.has(event.epoch)) recordLatent(event.epoch);
    if (planeEpochs.has(event.epoch)) recordPlane(event.epoch);
  }
}
console.log(`make-run-record: trained ${modelPath} for ${epochs} epochs in ${((performance.now() - started) / 1000).toFixed(1)} s`);

builder.mergeLatent({
  layers: projectable,
  targets: { kind: 'classes', classes: train.classCount, labels: Array.from(train.targets.subarray(0, probeRows)) },
  projections: projectable.map((layer) => ({ layer, frames: projections.get(layer) })),
  inputPlane: { axes: planeAxes, points: probeInputs, xLabel: 'x₁', yLabel: 'x₂', frames: planeFrames },
});

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
