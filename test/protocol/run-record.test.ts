// RunRecord: the builder over real training events (any batching gives the same record), the
// guard over the committed fixture and over broken copies of it, and the small helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { checkDocument } from '../../core/analysis';
import { createRun, planTraining, type TrainEvent } from '../../core/train';
import { emptyRunRecord, lineColumnOf, lineStartsOf, RunRecordBuilder, type LatentData, type RunRecord } from '../../protocol/run-record';
import { isHostToWebviewMessage } from '../../protocol/validate-messages';
import { isRunRecord } from '../../protocol/validate-run-record';
import { fromRoot } from '../helpers/paths';

/** The events of a short real run: spirals with adam at lr 0.1, which reports DL603 and DL607. */
function realEvents(epochs = 12): TrainEvent[] {
  const text = readFileSync(fromRoot('examples/spirals.dlmodel'), 'utf8').replace(/optimizer:[^\n#]*/, 'optimizer: adam(lr: 0.1)');
  const planned = planTraining(checkDocument(text, {}), { epochs });
  assert.ok(planned.ok);
  const created = createRun(planned.plan);
  assert.ok(created.ok);
  return [...created.run.events()];
}

const events = realEvents();
const fixture = JSON.parse(readFileSync(fromRoot('test/fixtures/run-record.json'), 'utf8')) as RunRecord;

test('the builder keeps every step as columns, every epoch, and the end', () => {
  const builder = new RunRecordBuilder('r1', 'Spirals');
  builder.addAll(events);
  const record = builder.record();
  const steps = events.filter((e) => e.type === 'step');
  assert.equal(record.steps.step.length, steps.length);
  assert.deepEqual(record.steps.loss, steps.map((s) => s.loss));
  assert.deepEqual(record.steps.layers.map((l) => l.layer), ['hidden1', 'hidden2', 'dense_3']);
  assert.deepEqual(record.steps.layers[1]!.gradNorm, steps.map((s) => s.layers[1]!.gradNorm));
  assert.equal(record.epochs.length, 12);
  assert.equal(record.end?.type, 'done');
  assert.ok(isRunRecord(record));
  assert.ok(isRunRecord(JSON.parse(JSON.stringify(record))));
});

test('the builder: any batching of the events gives the same record', () => {
  const whole = new RunRecordBuilder('r', 'R');
  whole.addAll(events);
  const expected = whole.record();
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: events.length }), { maxLength: 12 }), (cuts) => {
      const bounds = [0, ...[...cuts].sort((a, b) => a - b), events.length];
      const builder = new RunRecordBuilder('r', 'R');
      for (let i = 0; i + 1 < bounds.length; i++) builder.addAll(events.slice(bounds[i], bounds[i + 1]));
      assert.deepEqual(builder.record(), expected);
    }),
    { numRuns: 40 },
  );
});

test('the builder: findings keep the epochs they were seen in, and whether they still hold', () => {
  const builder = new RunRecordBuilder('r', 'R');
  builder.addAll(events);
  const record = builder.record();
  const codes = new Set(record.findings.map((f) => f.finding.code));
  assert.ok(codes.has('DL603') || codes.has('DL607'), `expected DL603 or DL607 from adam at lr 0.1, got ${[...codes].join(', ')}`);
  for (const recorded of record.findings) {
    assert.ok(recorded.firstEpoch >= 1 && recorded.firstEpoch <= recorded.lastEpoch && recorded.lastEpoch <= 12);
    const last = events.filter((e) => e.type === 'health').at(-1)!;
    const stillReported = last.type === 'health' && last.findings.some((f) => f.code === recorded.finding.code && f.layer === recorded.finding.layer);
    assert.equal(recorded.active, stillReported);
  }
});

test('the builder continues a record: from(record) then more events equals all events at once', () => {
  const half = Math.floor(events.length / 2);
  const first = new RunRecordBuilder('r', 'R');
  first.addAll(events.slice(0, half));
  const resumed = RunRecordBuilder.from(JSON.parse(JSON.stringify(first.record())) as RunRecord);
  resumed.addAll(events.slice(half));
  const whole = new RunRecordBuilder('r', 'R');
  whole.addAll(events);
  assert.deepEqual(resumed.record(), whole.record());
});

test('the builder: a snapshot does not change with later events; a view does', () => {
  const builder = new RunRecordBuilder('r', 'R');
  builder.addAll(events.slice(0, 20));
  const snapshot = builder.record();
  const view = builder.view();
  builder.addAll(events.slice(20, 40));
  assert.equal(snapshot.steps.step.length, events.slice(0, 20).filter((e) => e.type === 'step').length);
  assert.equal(view.steps.step.length, builder.record().steps.step.length);
});

test('latent data merges by layer', () => {
  const builder = new RunRecordBuilder('r', 'R');
  const frame = { epoch: 1, points: [0, 0, 1, 1], explainedVariance: [0.6, 0.3] as const };
  const latent = (layers: string[]): LatentData => ({
    layers: ['a', 'b'],
    targets: { kind: 'classes', classes: 2, labels: [0, 1] },
    projections: layers.map((layer) => ({ layer, frames: [frame] })),
    inputPlane: null,
  });
  builder.mergeLatent(latent(['a']));
  builder.mergeLatent(latent(['b']));
  builder.mergeLatent(latent(['a']));
  assert.deepEqual(builder.record().latent?.projections.map((p) => p.layer), ['b', 'a']);
  assert.ok(isRunRecord(builder.record()));
});

test('the committed fixture is a valid record of a real spirals run', () => {
  assert.ok(isRunRecord(fixture));
  assert.equal(fixture.start?.model, 'Spirals');
  assert.equal(fixture.end?.type, 'done');
  assert.equal(fixture.steps.step.length, fixture.start.epochs * fixture.start.stepsPerEpoch);
  assert.ok(fixture.latent && fixture.latent.inputPlane && fixture.landscape);
  assert.ok(isHostToWebviewMessage({ type: 'state', runs: [fixture], selectedRunId: fixture.runId }));
});

test('the record guard refuses inconsistent sizes and wrong types', () => {
  const broken: [string, (r: Record<string, unknown>) => void][] = [
    ['a step column one short', (r) => ((r.steps as { loss: number[] }).loss = (r.steps as { loss: number[] }).loss.slice(1))],
    ['a landscape grid one short', (r) => ((r.landscape as { loss: number[] }).loss = (r.landscape as { loss: number[] }).loss.slice(1))],
    ['an odd point list', (r) => (r.latent as LatentData).projections[0]!.frames[0]!.points.length > 0 && ((r.latent as { projections: { frames: { points: number[] }[] }[] }).projections[0]!.frames[0]!.points.push(1))],
    ['a neuron grid of the wrong size', (r) => (r.latent as { inputPlane: { frames: { neurons: { values: number[] }[] }[] } }).inputPlane.frames.find((f) => f.neurons.length > 0)!.neurons[0]!.values.pop()],
    ['the previous version (1: start.parameters, epoch.steps)', (r) => (r.version = 1)],
    ['an extra key', (r) => (r.extra = 1)],
    ['a NaN loss', (r) => ((r.epochs as { loss: number }[])[0]!.loss = Number.NaN)],
    ['an unknown diagnostic code', (r) => ((r.findings as unknown[]) = [{ finding: { code: 'DL999', severity: 'warning', message: 'x', range: { start: 0, end: 1 } }, firstEpoch: 1, lastEpoch: 1, active: true }])],
    ['an inverted grid range', (r) => ((r.landscape as { axes: { x: number[] } }).axes.x = [1, -1])],
  ];
  for (const [what, breakIt] of broken) {
    const copy = JSON.parse(JSON.stringify(fixture)) as Record<string, unknown>;
    breakIt(copy);
    assert.equal(isRunRecord(copy), false, what);
  }
});

test('the record guard never throws on arbitrary JSON', () => {
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.jsonValue()), (value) => {
      assert.equal(typeof isRunRecord(value), 'boolean');
    }),
    { numRuns: 2000 },
  );
  assert.ok(isRunRecord(emptyRunRecord('x', 'X')));
});

test('line starts and line:column of an offset (LF, CRLF, CR)', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'é', '\n', '\r\n', '\r', '😀'), { maxLength: 40 }), fc.nat(), (pieces, pick) => {
      const text = pieces.join('');
      const source = { path: 'x.dlmodel', lineStarts: lineStartsOf(text) };
      const offset = text.length === 0 ? 0 : pick % (text.length + 1);
      const before = text.slice(0, offset);
      const lines = before.split(/\r\n|\r|\n/);
      // An offset between \r and \n belongs to the line the \r ends.
      if (before.endsWith('\r') && text[offset] === '\n') return;
      assert.deepEqual(lineColumnOf(source, offset), { line: lines.length, column: lines.at(-1)!.length + 1 });
    }),
  );
});
