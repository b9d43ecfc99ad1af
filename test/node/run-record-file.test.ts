// Open Run Record…: a record written by `dlmodel train --json` (the real CLI, as a child process)
// read back from a workspace folder into a panel run; corrupt, foreign and outside files refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunRecordFile } from '../../node/run-record-file';
import { sourceLineWidth } from '../../protocol/train-json-record';
import type { RecordedFinding } from '../../protocol/run-record';
import { isRunRecord } from '../../protocol/validate-run-record';
import { fromRoot } from '../helpers/paths';

function cliRecord(file: string, epochs: number): string {
  const result = spawnSync(process.execPath, [fromRoot('dist/cli.js'), 'train', file, '--json', '--epochs', String(epochs)], { cwd: fromRoot('.'), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function workspace(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(join(tmpdir(), 'dlmodel-records-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'runs'));
  return root;
}

test('a CLI record round-trips: every epoch line (less its clock), the start line, the findings and the done line', (t) => {
  const root = workspace(t);
  const text = cliRecord('test/fixtures/health/saturated-tanh.dlmodel', 3);
  writeFileSync(join(root, 'runs', 'saturated.jsonl'), text);
  const record = readRunRecordFile(join(root, 'runs', 'saturated.jsonl'), root);
  assert.ok(typeof record !== 'string', typeof record === 'string' ? record : '');
  assert.ok(isRunRecord(record));
  const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(record.runId, 'record:runs/saturated.jsonl');
  assert.match(record.label, /^Saturated · seed 0 · runs\/saturated\.jsonl$/);
  assert.deepEqual(record.start, lines[0]);
  const epochLines = lines.filter((l) => l['type'] === 'epoch').map(({ elapsedMs: _e, time: _t, ...rest }) => rest);
  assert.equal(epochLines.length, 3);
  assert.deepEqual(record.epochs, epochLines);
  const health = lines.filter((l) => l['type'] === 'health');
  assert.ok(health.length > 0, 'the fixture reports a finding');
  for (const line of health) {
    const found: RecordedFinding | undefined = record.findings.find((f) => f.finding.code === line['code'] && f.finding.layer === line['layer']);
    assert.ok(found, `finding ${String(line['code'])}`);
    // Offsets into the stand-in text turn back into the line's 1-based line and column.
    assert.equal(Math.floor(found.finding.range.start / sourceLineWidth) + 1, line['line']);
    assert.equal((found.finding.range.start % sourceLineWidth) + 1, line['column']);
    assert.equal(found.finding.message, line['message']);
  }
  const done = lines.at(-1)!;
  assert.equal(record.end?.type, 'done');
  assert.equal(record.end?.type === 'done' && record.end.loss, done['loss']);
  assert.equal(record.end?.type === 'done' && record.end.findings.length, (done['findings'] as unknown[]).length);
  assert.equal(record.source, null, 'the model file is not known');
});

test('a record of a run with a validation split keeps its accuracies; blank lines and CRLF are read', (t) => {
  const root = workspace(t);
  const text = cliRecord('examples/spirals.dlmodel', 2).replace(/\n/g, '\r\n\r\n');
  writeFileSync(join(root, 'spirals.jsonl'), text);
  const record = readRunRecordFile(join(root, 'spirals.jsonl'), root);
  assert.ok(typeof record !== 'string', typeof record === 'string' ? record : '');
  assert.equal(record.epochs.length, 2);
  assert.ok(record.epochs.every((e) => e.valAccuracy !== null));
});

test('corrupt, foreign and outside files are refused with a message that says what is wrong', (t) => {
  const root = workspace(t);
  const good = cliRecord('examples/xor.dlmodel', 2);
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['truncated.jsonl', good.slice(0, good.length - 40), /^truncated\.jsonl:\d+: not a JSON line — a run record is the output of dlmodel train --json$/],
    ['foreign.jsonl', '{"level":"info","msg":"hello"}\n', /^foreign\.jsonl:1: a run record starts with the start line of dlmodel train --json$/],
    ['bad-epoch.jsonl', good.replace(/"loss":[0-9.e-]+/, '"loss":"low"'), /^bad-epoch\.jsonl:2: an epoch line needs epoch, step, loss/],
    ['unknown.jsonl', `${good.split('\n')[0]}\n{"type":"banana"}\n`, /^unknown\.jsonl:2: unknown line type "banana"/],
    ['empty.jsonl', '\n\n', /^empty\.jsonl: empty — a run record is the output of dlmodel train --json$/],
    ['binary.jsonl', new Uint8Array([0xff, 0xfe, 0x00, 0x80]), /^binary\.jsonl is not a text file/],
    ['failed-start.jsonl', '{"type":"error","message":"DL511 Data path is not allowed"}\n', /^failed-start\.jsonl:1: the run did not start: DL511/],
    // The checks --replay relies on (cli/replay-record.ts reads records through this reader).
    ['pause-with-lr.jsonl', `${good.split('\n')[0]}\n{"type":"control","action":"pause","step":3,"epoch":1,"lr":0.1}\n`, /^pause-with-lr\.jsonl:2: a control line needs action, step, epoch \(and lr for set-lr, only there\)$/],
    ['unordered.jsonl', `${good.split('\n')[0]}\n\n{"type":"control","action":"pause","step":9,"epoch":1}\n{"type":"control","action":"resume","step":3,"epoch":1}\n`, /^unordered\.jsonl:4: control lines must be in step order$/],
    ['array.jsonl', '[1, 2]\n', /^array\.jsonl:1: not a JSON object — a run record is the output of dlmodel train --json$/],
  ];
  for (const [name, content, expected] of cases) {
    writeFileSync(join(root, name), content);
    const result = readRunRecordFile(join(root, name), root);
    assert.equal(typeof result, 'string', name);
    assert.match(result as string, expected);
  }
  const outside = mkdtempSync(join(tmpdir(), 'dlmodel-outside-'));
  t.after(() => rmSync(outside, { recursive: true, force: true }));
  writeFileSync(join(outside, 'run.jsonl'), good);
  assert.match(readRunRecordFile(join(root, '..', outside.split('/').at(-1)!, 'run.jsonl'), root) as string, /outside the workspace folder/);
  symlinkSync(join(outside, 'run.jsonl'), join(root, 'link.jsonl'));
  assert.match(readRunRecordFile(join(root, 'link.jsonl'), root) as string, /cannot read link\.jsonl: it leads outside the workspace folder through a link/);
  assert.match(readRunRecordFile(join(root, 'missing.jsonl'), root) as string, /cannot read missing\.jsonl: no such file/);
});
